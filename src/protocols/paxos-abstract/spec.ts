/**
 * Lamport's message-set Paxos (the Paxos module of the TLA+ examples, which refines Voting, which
 * refines Consensus), as a direct action system. Each function below is one TLA+ action; names,
 * guards and effects follow the specification line by line.
 *
 * State (an Int32Array, see {@link Layout}): for each acceptor a, maxBal[a], maxVBal[a] and
 * maxVal[a] (-1 for none), then `msgs`, the set of every message sent, as a bitset over the
 * {@link MessageCatalog}. Nothing is ever removed from msgs: loss, duplication and reordering are
 * all implicit.
 */
import type { MessageCatalog } from "./catalog.ts";
import type { AbstractRules } from "./rules.ts";

/** Offsets into the state vector. */
export class Layout {
  readonly maxBal = 0;
  readonly maxVBal: number;
  readonly maxVal: number;
  readonly msgs: number;
  readonly length: number;

  constructor(acceptors: number, messages: number) {
    this.maxVBal = acceptors;
    this.maxVal = 2 * acceptors;
    this.msgs = 3 * acceptors;
    this.length = this.msgs + Math.ceil(messages / 32);
  }
}

export interface Spec {
  readonly acceptors: number;
  readonly maxBallot: number;
  readonly values: number;
  readonly catalog: MessageCatalog;
  readonly layout: Layout;
  /** Every majority of the acceptors, each as a bitmask of acceptor indices. */
  readonly quorums: readonly number[];
  /** The rules a variant may replace. */
  readonly rules: AbstractRules;
}

/** Action codes: the low 2 bits name the action, the rest its parameters (8 bits each). */
export const Action = { Phase1a: 0, Phase1b: 1, Phase2a: 2, Phase2b: 3 } as const;
export const actionCode = (kind: number, x = 0, y = 0, z = 0): number =>
  kind | (x << 2) | (y << 10) | (z << 18);
export const actionKind = (code: number): number => code & 3;
export const actionArgs = (code: number): [number, number, number] => [
  (code >>> 2) & 255,
  (code >>> 10) & 255,
  (code >>> 18) & 255,
];

/**
 * Receives a successor: the action's code and the state (`length` words of `next`). The same
 * shape as the explorer's callback, so that it is passed straight through (a closure between the
 * two, made per state, cost a call per successor where the compiler did not inline it).
 */
export type Emit = (action: number, next: Int32Array, length: number) => void;

// ---- reading and writing a state ----

export const has = (spec: Spec, s: Int32Array, m: number): boolean =>
  (s[spec.layout.msgs + (m >>> 5)]! & (1 << (m & 31))) !== 0;

/** Send(m): msgs' = msgs ∪ {m}. */
const send = (spec: Spec, next: Int32Array, m: number): void => {
  next[spec.layout.msgs + (m >>> 5)]! |= 1 << (m & 31);
};

// ---- the four actions ----

/** Phase1a(b): send a 1a message for ballot b. */
export function phase1a(spec: Spec, s: Int32Array, next: Int32Array, emit: Emit): void {
  for (let b = 0; b <= spec.maxBallot; b++) {
    next.set(s);
    send(spec, next, spec.catalog.oneA(b));
    emit(actionCode(Action.Phase1a, b), next, next.length);
  }
}

/**
 * Phase1b(a): for some 1a message with a ballot above maxBal[a], acceptor a promises it and
 * reports its latest vote in a 1b message.
 */
export function phase1b(spec: Spec, s: Int32Array, next: Int32Array, emit: Emit): void {
  const { layout, catalog } = spec;
  for (let a = 0; a < spec.acceptors; a++) {
    for (let b = 0; b <= spec.maxBallot; b++) {
      if (!has(spec, s, catalog.oneA(b)) || !(b > s[layout.maxBal + a]!)) continue;
      next.set(s);
      next[layout.maxBal + a] = b;
      send(spec, next, catalog.oneB(a, b, s[layout.maxVBal + a]!, s[layout.maxVal + a]!));
      emit(actionCode(Action.Phase1b, a, b), next, next.length);
    }
  }
}

/**
 * Phase2a(b, v): if no 2a message for ballot b was sent, and some quorum Q has all sent 1b
 * messages for b, and v is the value of the highest-ballot vote they report (any v if none
 * reports a vote), send 2a(b, v).
 */
export function phase2a(spec: Spec, s: Int32Array, next: Int32Array, emit: Emit): void {
  const { catalog } = spec;
  for (let b = 0; b <= spec.maxBallot; b++) {
    if (sentTwoA(spec, s, b) || !majorityPromised(spec, s, b)) continue;
    let allowed = 0; // bitmask of values v for which some quorum allows Phase2a(b, v)
    for (const quorum of spec.quorums) {
      allowed |= spec.rules.valuesAllowedBy(spec, s, b, quorum);
    }
    for (let v = 0; v < spec.values; v++) {
      if ((allowed & (1 << v)) === 0) continue;
      next.set(s);
      send(spec, next, catalog.twoA(b, v));
      emit(actionCode(Action.Phase2a, b, v), next, next.length);
    }
  }
}

/** True if a majority of the acceptors sent a 1b for ballot b (else no quorum can allow 2a). */
function majorityPromised(spec: Spec, s: Int32Array, b: number): boolean {
  let count = 0;
  for (let a = 0; a < spec.acceptors; a++) {
    if (quorumPromised(spec, s, b, 1 << a)) count++;
  }
  return count * 2 > spec.acceptors;
}

const sentTwoA = (spec: Spec, s: Int32Array, b: number): boolean => {
  for (let v = 0; v < spec.values; v++) if (has(spec, s, spec.catalog.twoA(b, v))) return true;
  return false;
};

/**
 * The values Phase2a(b, ·) may propose on the strength of quorum Q's 1b messages for b: none if
 * some member sent no 1b for b; every value if none of their 1b messages reports a vote;
 * otherwise the value(s) of the 1b messages with the highest mbal.
 */
export function valuesAllowedBy(spec: Spec, s: Int32Array, b: number, quorum: number): number {
  const { catalog } = spec;
  let highest = -1;
  let values = 0;
  for (let a = 0; a < spec.acceptors; a++) {
    if ((quorum & (1 << a)) === 0) continue;
    let sent = false;
    for (let mbal = -1; mbal <= spec.maxBallot; mbal++) {
      for (let mval = -1; mval < spec.values; mval++) {
        if (!has(spec, s, catalog.oneB(a, b, mbal, mval))) continue;
        sent = true;
        if (mbal < 0) continue; // a 1b without a vote
        if (mbal > highest) {
          highest = mbal;
          values = 0;
        }
        if (mbal === highest) values |= 1 << mval;
      }
    }
    if (!sent) return 0;
  }
  return highest < 0 ? (1 << spec.values) - 1 : values;
}

/** True if every member of `quorum` sent a 1b message for ballot b. */
export function quorumPromised(spec: Spec, s: Int32Array, b: number, quorum: number): boolean {
  for (let a = 0; a < spec.acceptors; a++) {
    if ((quorum & (1 << a)) === 0) continue;
    let sent = false;
    for (let mbal = -1; mbal <= spec.maxBallot && !sent; mbal++) {
      for (let mval = -1; mval < spec.values && !sent; mval++) {
        sent = has(spec, s, spec.catalog.oneB(a, b, mbal, mval));
      }
    }
    if (!sent) return false;
  }
  return true;
}

/**
 * Phase2b(a): for some 2a message with a ballot at least maxBal[a], acceptor a votes for its
 * value: maxBal, maxVBal and maxVal take the ballot and value, and it sends a 2b message.
 */
export function phase2b(spec: Spec, s: Int32Array, next: Int32Array, emit: Emit): void {
  const { layout, catalog } = spec;
  for (let a = 0; a < spec.acceptors; a++) {
    for (let b = 0; b <= spec.maxBallot; b++) {
      if (!(b >= s[layout.maxBal + a]!)) continue;
      for (let v = 0; v < spec.values; v++) {
        if (!has(spec, s, catalog.twoA(b, v))) continue;
        next.set(s);
        next[layout.maxBal + a] = b;
        next[layout.maxVBal + a] = b;
        next[layout.maxVal + a] = v;
        send(spec, next, catalog.twoB(a, b, v));
        emit(actionCode(Action.Phase2b, a, b, v), next, next.length);
      }
    }
  }
}

/** Init: every acceptor at -1 / none, and no message sent. */
export function initial(spec: Spec): Int32Array {
  const s = new Int32Array(spec.layout.length);
  for (let a = 0; a < spec.acceptors; a++) {
    s[spec.layout.maxBal + a] = -1;
    s[spec.layout.maxVBal + a] = -1;
    s[spec.layout.maxVal + a] = -1;
  }
  return s;
}

/** Next: the disjunction of the four actions. */
export function next(spec: Spec, s: Int32Array, buffer: Int32Array, emit: Emit): void {
  phase1a(spec, s, buffer, emit);
  phase1b(spec, s, buffer, emit);
  phase2a(spec, s, buffer, emit);
  phase2b(spec, s, buffer, emit);
}

/** Every subset of the acceptors with more than half of them, as bitmasks. */
export function majorities(acceptors: number): number[] {
  const quorums: number[] = [];
  for (let mask = 1; mask < 1 << acceptors; mask++) {
    let size = 0;
    for (let a = 0; a < acceptors; a++) if (mask & (1 << a)) size++;
    if (size * 2 > acceptors) quorums.push(mask);
  }
  return quorums;
}
