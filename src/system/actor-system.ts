/**
 * The system layer: a protocol's nodes, the model's network and its fault budget, as one
 * {@link TransitionSystem}.
 *
 * A global state is an integer vector (see {@link Layout}): each node's interned local state and
 * crashed flag, the remaining fault budget, the history facts recorded so far (a sorted set of
 * ids), and the messages in flight (a sorted multiset of ids on an `unordered` network, a sorted
 * set on a `set` network).
 *
 * Handlers are pure, so the result of delivering message m to a node in local state s depends on
 * (node, s, m) alone: it is computed once, interned, and remembered. Generating a successor is
 * then integer work on a reused buffer; protocol code runs once per new (state, message) pair,
 * not once per successor.
 */
import type { ClusterView, Cluster, Envelope, NodeBehaviour } from "../core/protocol.ts";
import type { Model } from "../core/model.ts";
import type {
  ActionClasses,
  EmitSuccessor,
  StateInvariant,
  StepInvariant,
} from "../core/transition-system.ts";
import type { CheckableSystem, InFlight, Snapshot, StepEvent } from "../core/checkable.ts";
import { toData, type Data } from "../core/data.ts";
import {
  ActionKind,
  actionKind,
  actionTarget,
  localAction,
  localNode,
  localOrdinal,
  messageAction,
  nodeAction,
} from "./actions.ts";
import { Interner, Registry, type RegistryBuffers } from "./intern.ts";
import { IntKeys, rememberedById } from "./remember.ts";
import { factorial, lexLess, nthOrdering } from "../core/permutations.ts";
import { pollActive } from "../check/budget.ts";
import type { Invariant, StepProperty } from "../core/protocol.ts";

/** Offsets into a state vector. */
export interface Layout {
  /** Node i's slot is `nodes + i`: (local state id << 1) | crashed. */
  readonly nodes: 0;
  /** Remaining budget: drop, duplicate, crash, restart, in that order. */
  readonly budget: number;
  /** How many history facts follow. */
  readonly factCount: number;
  /** First history fact id; the messages follow the facts. */
  readonly facts: number;
}

const DROP = 0;
const DUPLICATE = 1;
const CRASH = 2;
const RESTART = 3;

/** What one node step does, with everything interned. */
interface Outcome {
  readonly state: number;
  /** Ids of the messages sent, sorted. */
  readonly send: Int32Array;
  /** Ids of the history facts added, sorted, without repeats. */
  readonly facts: Int32Array;
}

interface LocalOutcome extends Outcome {
  readonly label: string;
  /** Index of its kind in the system's {@link ActionClasses.kinds}. */
  readonly kind: number;
  /** A timeout: enabled only when no message is in flight. */
  readonly timeout: boolean;
}

import { SYSTEM_KINDS } from "../core/actions.ts";

/** Bits of an action instance that hold its kind. */
const KIND_BITS = 6;

export interface ActorSystem extends CheckableSystem<ClusterView> {
  readonly cluster: Cluster;
  readonly layout: Layout;
  /** A message id's value in words: `p1 → a2: Prepare(b=1.p1)`. */
  describeMessage(id: number): string;
}

const EMPTY = new Int32Array(0);

/** How an interned value was made (see intern.ts): what {@link Interner.id} records. */
const Made = {
  /** A node's initial state: a = node. */
  initial: 1,
  /** From `receive`: a = node, b = its state, c = the message, d = which message sent or fact. */
  received: 2,
  /** From a local action: a = node, b = its state, c = the action, d = as for `received`. */
  local: 3,
  /** After a crash: a = node, b = its state. */
  crash: 4,
  /** After a restart: a = node, b = its state. */
  restart: 5,
  /** Renamed by symmetry: a = the renaming's index, b = the value renamed. */
  renamed: 6,
} as const;

/** A renaming of nodes and values, as a cluster's `permute` takes it. */
type Renaming = Parameters<NonNullable<Cluster["permute"]>>[1];

/**
 * Builds the transition system of a protocol's nodes under a model's network and faults.
 * `localKinds` names the kinds of the nodes' own steps (the protocol's `localActions`).
 */
export function buildActorSystem(
  model: Model,
  cluster: Cluster,
  invariants: readonly Invariant[],
  steps: readonly StepProperty[] = [],
  localKinds: readonly string[] = [],
  shared: RegistryBuffers | null = null,
): ActorSystem {
  const kinds: readonly string[] = [...SYSTEM_KINDS, ...localKinds, "local"];
  const nodes: readonly NodeBehaviour<unknown, Envelope>[] = cluster.nodes;
  const nodeCount = nodes.length;
  const nodeIndex = new Map(nodes.map((node, i) => [node.id, i]));
  const setNetwork = model.network === "set";
  const layout: Layout = {
    nodes: 0,
    budget: nodeCount,
    factCount: nodeCount + 4,
    facts: nodeCount + 5,
  };
  const header = layout.facts;

  // Ids shared with the other threads of a parallel search (see intern.ts): each value is
  // numbered with how it was made, so that a thread meeting an id it has not seen can make the
  // value again by calling the same pure handler.
  const registry = shared === null ? Registry.create(3) : Registry.attach(shared);
  /** A node's handler results, made again (not interned): for values another thread numbered. */
  const rawStep = (how: number, node: number, stateId: number, c: number) => {
    const state = localStates.value(stateId);
    return how === Made.received
      ? nodes[node]!.receive(state, messages.value(c))
      : (nodes[node]!.local?.(state) ?? [])[c]!.step;
  };
  /** The symmetry group's renaming of an index (set once symmetry reduction is built). */
  let renamingAt: (index: number) => Renaming = () => {
    throw new Error("no symmetry");
  };
  const localStates: Interner<unknown> = new Interner(registry, 0, (how, a, b, c) => {
    switch (how) {
      case Made.initial:
        return nodes[a]!.initial;
      case Made.crash:
        return nodes[a]!.crash!(localStates.value(b));
      case Made.restart:
        return nodes[a]!.restart!(localStates.value(b));
      case Made.renamed:
        return cluster.permute!(localStates.value(b), renamingAt(a));
      default:
        return rawStep(how, a, b, c).state;
    }
  });
  const messages: Interner<Envelope> = new Interner(registry, 1, (how, a, b, c, d) =>
    how === Made.renamed
      ? (cluster.permute!(messages.value(b), renamingAt(a)) as Envelope)
      : rawStep(how, a, b, c).send[d]!,
  );
  const facts: Interner<unknown> = new Interner(registry, 2, (how, a, b, c, d) => {
    if (how === Made.renamed) return cluster.permute!(facts.value(b), renamingAt(a));
    const before = localStates.value(b);
    return cluster.observe!(nodes[a]!.id, before, rawStep(how, a, b, c).state)[d];
  });
  /** Destination node of each message id this thread knows. */
  const destination: number[] = [];
  /** The destination of a message, learnt the first time this thread meets its id. */
  const destinationOf = (id: number): number => {
    const message = messages.value(id);
    const to = nodeIndex.get(message.to);
    if (to === undefined) {
      throw new Error(`a message is addressed to ${message.to}, which is not a node of the model`);
    }
    destination[id] = to;
    return to;
  };

  // Per node, per local state id: the outcome of each message (by id), and of local actions.
  const received: Map<number, Outcome>[][] = nodes.map(() => []);
  const locals: (LocalOutcome[] | undefined)[][] = nodes.map(() => []);
  const afterCrash: (number | undefined)[][] = nodes.map(() => []);
  // Per node, per local state id: which messages it ignores forever (see NodeBehaviour).
  const ignored: Map<number, boolean>[][] = nodes.map(() => []);
  const collects = nodes.some((node) => node.ignoresForever !== undefined);
  const afterRestart: (number | undefined)[][] = nodes.map(() => []);

  const internMessage = (
    message: Envelope,
    how: number,
    a: number,
    b: number,
    c: number,
    d: number,
  ): number => {
    const id = messages.id(message, how, a, b, c, d);
    if (destination[id] === undefined) destinationOf(id);
    return id;
  };

  const sortedIds = (ids: number[]): Int32Array => Int32Array.from(ids).sort();
  // On a set network a message sent twice is still one message.
  const sentIds = (ids: number[]): Int32Array => sortedIds(setNetwork ? [...new Set(ids)] : ids);

  /**
   * Interns a handler's result; facts come from comparing the node's state before and after.
   * The step is `how` (received or local) of node `node` in state `stateId`, for message or
   * local action `c`.
   */
  const intern = (
    node: number,
    before: unknown,
    step: { state: unknown; send: readonly Envelope[] },
    how: number,
    stateId: number,
    c: number,
  ): Outcome => {
    const added = cluster.observe?.(nodes[node]!.id, before, step.state) ?? [];
    return {
      state: localStates.id(step.state, how, node, stateId, c),
      send:
        step.send.length === 0
          ? EMPTY
          : sentIds(step.send.map((m, d) => internMessage(m, how, node, stateId, c, d))),
      facts:
        added.length === 0
          ? EMPTY
          : sortedIds([...new Set(added.map((f, d) => facts.id(f, how, node, stateId, c, d)))]),
    };
  };

  const receive = (node: number, stateId: number, messageId: number): Outcome => {
    let byMessage = received[node]![stateId];
    if (byMessage === undefined) received[node]![stateId] = byMessage = new Map();
    let outcome = byMessage.get(messageId);
    if (outcome === undefined) {
      const state = localStates.value(stateId);
      outcome = intern(
        node,
        state,
        nodes[node]!.receive(state, messages.value(messageId)),
        Made.received,
        stateId,
        messageId,
      );
      byMessage.set(messageId, outcome);
    }
    return outcome;
  };

  const localSteps = (node: number, stateId: number): LocalOutcome[] => {
    let outcomes = locals[node]![stateId];
    if (outcomes === undefined) {
      const state = localStates.value(stateId);
      outcomes = (nodes[node]!.local?.(state) ?? []).map((action, k) => {
        const kind = kinds.indexOf(action.kind ?? "local");
        if (kind < SYSTEM_KINDS.length) {
          throw new Error(
            `${nodes[node]!.id} takes a step of kind \`${action.kind}\`, which the protocol does not declare in its localActions`,
          );
        }
        return {
          label: action.label,
          kind,
          timeout: action.timeout === true,
          ...intern(node, state, action.step, Made.local, stateId, k),
        };
      });
      locals[node]![stateId] = outcomes;
    }
    return outcomes;
  };

  const crashTo = (node: number, stateId: number): number => {
    let id = afterCrash[node]![stateId];
    if (id === undefined) {
      id = localStates.id(
        nodes[node]!.crash!(localStates.value(stateId)),
        Made.crash,
        node,
        stateId,
      );
      afterCrash[node]![stateId] = id;
    }
    return id;
  };

  const restartTo = (node: number, stateId: number): number => {
    let id = afterRestart[node]![stateId];
    if (id === undefined) {
      id = localStates.id(
        nodes[node]!.restart!(localStates.value(stateId)),
        Made.restart,
        node,
        stateId,
      );
      afterRestart[node]![stateId] = id;
    }
    return id;
  };

  /** True if node `node` in local state `stateId` will never act on message `messageId`. */
  const ignoresForever = (node: number, stateId: number, messageId: number): boolean => {
    const behaviour = nodes[node]!;
    if (behaviour.ignoresForever === undefined) return false;
    let byMessage = ignored[node]![stateId];
    if (byMessage === undefined) ignored[node]![stateId] = byMessage = new Map();
    let answer = byMessage.get(messageId);
    if (answer === undefined) {
      answer = behaviour.ignoresForever(localStates.value(stateId), messages.value(messageId));
      byMessage.set(messageId, answer);
    }
    return answer;
  };

  /** Removes from `out[from..length)` the messages their destination ignores forever. */
  const collect = (out: Int32Array, from: number, length: number): number => {
    let o = from;
    for (let i = from; i < length; i++) {
      const message = out[i]!;
      const to = destination[message] ?? destinationOf(message);
      if (!ignoresForever(to, out[to]! >> 1, message)) out[o++] = message;
    }
    return o;
  };

  // ---- successor generation, on a reused buffer ----

  let buffer = new Int32Array(256);
  const single = new Int32Array(1);
  const reserve = (length: number): Int32Array => {
    if (buffer.length < length) buffer = new Int32Array(length * 2);
    return buffer;
  };

  /**
   * Writes into the buffer the state `state` with node `node` set to `slot`, one copy of
   * message `consume` removed (-1: none), messages `send` added, facts `added` added, and
   * budget entry `spend` decreased by one (-1: none). Returns the new length.
   */
  const write = (
    state: Int32Array,
    node: number,
    slot: number,
    consume: number,
    send: Int32Array,
    added: Int32Array,
    spend: number,
  ): number => {
    const out = reserve(state.length + send.length + added.length);
    // Copied by a loop: a subarray would be an object made per successor.
    for (let i = 0; i < header; i++) out[i] = state[i]!;
    if (node >= 0) out[node] = slot;
    // A negative budget is unlimited (`drop unlimited`): it is never spent.
    if (spend >= 0 && out[layout.budget + spend]! > 0) out[layout.budget + spend]--;
    // Facts: a sorted union.
    const factCount = state[layout.factCount]!;
    const factEnd = header + factCount;
    let o = header;
    {
      let i = header;
      let j = 0;
      while (i < factEnd || j < added.length) {
        const a = i < factEnd ? state[i]! : Infinity;
        const b = j < added.length ? added[j]! : Infinity;
        if (a < b) out[o++] = state[i++]!;
        else if (b < a) out[o++] = added[j++]!;
        else {
          out[o++] = a;
          i++;
          j++;
        }
      }
    }
    out[layout.factCount] = o - header;
    // Messages: remove one copy of `consume`, merge in `send` (a set union on a set network).
    let i = factEnd;
    let j = 0;
    let consumed = consume < 0;
    while (i < state.length || j < send.length) {
      const a = i < state.length ? state[i]! : Infinity;
      if (!consumed && a === consume) {
        consumed = true;
        i++;
        continue;
      }
      const b = j < send.length ? send[j]! : Infinity;
      if (a <= b) {
        out[o++] = state[i++]!;
        if (setNetwork && a === b) j++;
      } else {
        out[o++] = b;
        j++;
      }
    }
    return collects ? collect(out, header + out[layout.factCount]!, o) : o;
  };

  const successors = (state: Int32Array, emit: EmitSuccessor): void => {
    const messageStart = header + state[layout.factCount]!;
    const drops = state[layout.budget + DROP]!;
    const duplicates = state[layout.budget + DUPLICATE]!;
    // Each distinct message in flight: deliver it, lose it, or copy it.
    for (let i = messageStart; i < state.length; i++) {
      const message = state[i]!;
      if (i > messageStart && state[i - 1] === message) continue;
      const to = destination[message] ?? destinationOf(message);
      const slot = state[to]!;
      if ((slot & 1) === 0) {
        const outcome = receive(to, slot >> 1, message);
        const length = write(
          state,
          to,
          outcome.state << 1,
          setNetwork ? -1 : message,
          outcome.send,
          outcome.facts,
          -1,
        );
        emit(messageAction(ActionKind.Deliver, message), buffer, length);
      }
      if (drops !== 0) {
        const length = write(state, -1, 0, message, EMPTY, EMPTY, DROP);
        emit(messageAction(ActionKind.Drop, message), buffer, length);
      }
      if (duplicates > 0) {
        single[0] = message;
        const length = write(state, -1, 0, -1, single, EMPTY, DUPLICATE);
        emit(messageAction(ActionKind.Duplicate, message), buffer, length);
      }
    }
    // Each node: its own steps, or a crash, recovery or restart.
    const crashes = state[layout.budget + CRASH]!;
    const restarts = state[layout.budget + RESTART]!;
    const quiet = messageStart === state.length;
    for (let node = 0; node < nodeCount; node++) {
      const slot = state[node]!;
      const stateId = slot >> 1;
      if ((slot & 1) === 1) {
        const length = write(state, node, slot & ~1, -1, EMPTY, EMPTY, -1);
        emit(nodeAction(ActionKind.Recover, node), buffer, length);
        continue;
      }
      const steps = localSteps(node, stateId);
      for (let k = 0; k < steps.length; k++) {
        const step = steps[k]!;
        if (step.timeout && !quiet) continue;
        const length = write(state, node, step.state << 1, -1, step.send, step.facts, -1);
        emit(localAction(node, k), buffer, length);
      }
      const behaviour = nodes[node]!;
      if (crashes > 0 && behaviour.crash !== undefined) {
        const length = write(
          state,
          node,
          (crashTo(node, stateId) << 1) | 1,
          -1,
          EMPTY,
          EMPTY,
          CRASH,
        );
        emit(nodeAction(ActionKind.Crash, node), buffer, length);
      }
      if (restarts > 0 && behaviour.restart !== undefined) {
        const length = write(state, node, restartTo(node, stateId) << 1, -1, EMPTY, EMPTY, RESTART);
        emit(nodeAction(ActionKind.Restart, node), buffer, length);
      }
    }
  };

  const initialStates = (): Int32Array[] => {
    const state = new Int32Array(header);
    nodes.forEach((node, i) => (state[i] = localStates.id(node.initial, Made.initial, i) << 1));
    state[layout.budget + DROP] = model.faults.drop === Infinity ? -1 : model.faults.drop;
    state[layout.budget + DUPLICATE] = model.faults.duplicate;
    state[layout.budget + CRASH] = model.faults.crash;
    state[layout.budget + RESTART] = model.faults.restart;
    state[layout.factCount] = 0;
    return [state];
  };

  // ---- decoding ----

  const messageIds = (state: Int32Array): Int32Array =>
    state.subarray(header + state[layout.factCount]!);
  const factIds = (state: Int32Array): Int32Array =>
    state.subarray(header, header + state[layout.factCount]!);

  const view = (state: Int32Array): ClusterView => {
    // Most properties never look at the network: decode it only if one does.
    let inFlight: Envelope[] | null = null;
    const ids = messageIds(state).slice();
    return {
      model,
      nodes: nodes.map((node, i) => ({
        id: node.id,
        role: node.role,
        state: localStates.value(state[i]! >> 1),
        crashed: (state[i]! & 1) === 1,
      })),
      get messages() {
        return (inFlight ??= Array.from(ids, (id) => messages.value(id)));
      },
      facts: Array.from(factIds(state), (id) => facts.value(id)),
    };
  };

  const describeMessage = (id: number): string => {
    const message = messages.value(id);
    return `${message.from} → ${message.to}: ${cluster.describeMessage(message)}`;
  };

  const snapshot = (state: Int32Array): Snapshot => ({
    nodes: nodes.map((node, i) => ({
      id: node.id,
      role: node.role,
      crashed: (state[i]! & 1) === 1,
      fields: node.show(localStates.value(state[i]! >> 1)),
      data: toData(localStates.value(state[i]! >> 1)),
    })),
    messages: Array.from(messageIds(state), inFlight),
    budget: {
      drop: state[layout.budget + DROP]!,
      duplicate: state[layout.budget + DUPLICATE]!,
      crash: state[layout.budget + CRASH]!,
      restart: state[layout.budget + RESTART]!,
    },
    history: Array.from(factIds(state), (id) =>
      cluster.describeFact ? cluster.describeFact(facts.value(id)) : String(facts.value(id)),
    ),
    facts: Array.from(factIds(state), (id) => toData(facts.value(id))),
  });

  const describeAction = (before: Int32Array, action: number): string => {
    const target = actionTarget(action);
    switch (actionKind(action)) {
      case ActionKind.Deliver: {
        const message = messages.value(target);
        return `${message.to} receives ${cluster.describeMessage(message)} from ${message.from}`;
      }
      case ActionKind.Drop:
        return `the network loses ${describeMessage(target)}`;
      case ActionKind.Duplicate:
        return `the network duplicates ${describeMessage(target)}`;
      case ActionKind.Crash:
        return `${nodes[target]!.id} crashes`;
      case ActionKind.Recover:
        return `${nodes[target]!.id} recovers from its stable storage`;
      case ActionKind.Restart:
        return `${nodes[target]!.id} restarts and loses its volatile state`;
      case ActionKind.Local: {
        const node = localNode(action);
        return localSteps(node, before[node]! >> 1)[localOrdinal(action)]!.label;
      }
    }
    return `unknown action ${action}`;
  };

  const inFlight = (id: number): InFlight => {
    const message = messages.value(id);
    // The message's own fields, without its sender and receiver (the envelope's).
    const { from: _from, to: _to, ...body } = toData(message) as { [field: string]: Data };
    return {
      from: message.from,
      to: message.to,
      message: cluster.describeMessage(message),
      data: body,
    };
  };
  const actionEvent = (_before: Int32Array, action: number): StepEvent => {
    const target = actionTarget(action);
    switch (actionKind(action)) {
      case ActionKind.Deliver:
        return { kind: "deliver", node: messages.value(target).to, message: inFlight(target) };
      case ActionKind.Drop:
        return { kind: "drop", node: messages.value(target).to, message: inFlight(target) };
      case ActionKind.Duplicate:
        return { kind: "duplicate", node: messages.value(target).to, message: inFlight(target) };
      case ActionKind.Crash:
        return { kind: "crash", node: nodes[target]!.id };
      case ActionKind.Recover:
        return { kind: "recover", node: nodes[target]!.id };
      case ActionKind.Restart:
        return { kind: "restart", node: nodes[target]!.id };
      default:
        return { kind: "local", node: nodes[localNode(action)]!.id };
    }
  };

  // Invariants read a decoded view; decode once per state, however many invariants there are.
  let viewedState: Int32Array | null = null;
  let viewed: ClusterView | null = null;
  const viewOf = (state: Int32Array): ClusterView => {
    if (state !== viewedState) {
      viewedState = state;
      viewed = view(state);
    }
    return viewed!;
  };
  // A property that ignores the network has the same value for every state with the same nodes
  // and history; one that reads only some roles, for every state with the same nodes of those
  // roles. Remember it by that key (the nodes' slots, then the history facts), numbered once per
  // state for each set of roles.
  let scratch = new Int32Array(64);
  const roleKeys = new Map<string, (state: Int32Array) => number>();
  const keyByRoles = (roles: readonly string[]): ((state: Int32Array) => number) => {
    const name = [...roles].sort().join(",");
    let idOf = roleKeys.get(name);
    if (idOf === undefined) {
      const positions = nodes.flatMap((node, i) => (roles.includes(node.role) ? [i] : []));
      const keys = new IntKeys();
      let keyed: Int32Array | null = null;
      let id = 0;
      idOf = (state) => {
        if (state !== keyed) {
          keyed = state;
          const facts = state[layout.factCount]!;
          const length = positions.length + facts;
          if (length > scratch.length) scratch = new Int32Array(2 * length);
          const width = positions.length;
          for (let k = 0; k < width; k++) scratch[k] = state[positions[k]!]!;
          // A loop, not `set` of a subarray: no view made per state.
          for (let f = 0; f < facts; f++) scratch[width + f] = state[header + f]!;
          id = keys.id(scratch, length);
        }
        return id;
      };
      roleKeys.set(name, idOf);
    }
    return idOf;
  };
  const nodesAndHistory = keyByRoles([...new Set(nodes.map((node) => node.role))]);
  const stateInvariants: StateInvariant[] = invariants.map((invariant) => ({
    id: invariant.id,
    holds:
      invariant.readsMessages === true
        ? (state: Int32Array) => invariant.holds(viewOf(state))
        : rememberedById(
            invariant.readsRoles === undefined ? nodesAndHistory : keyByRoles(invariant.readsRoles),
            (state: Int32Array) => invariant.holds(viewOf(state)),
          ),
  }));

  /** True if two states hold the same history facts. */
  const sameHistory = (a: Int32Array, b: Int32Array): boolean => {
    const n = a[layout.factCount]!;
    if (b[layout.factCount] !== n) return false;
    for (let i = header; i < header + n; i++) if (a[i] !== b[i]) return false;
    return true;
  };
  const stepInvariants: StepInvariant[] = steps.map((property) => {
    if (property.readsOnlyHistory !== true) {
      return {
        id: property.id,
        holds: (before, action, after, length) =>
          property.holds(view(before), action, view(after.subarray(0, length))),
      };
    }
    // Its value depends only on the two histories: remember it by them (the first one's length,
    // then both). The history lies before the messages, so it can be read off the scratch buffer
    // directly.
    const histories = new IntKeys();
    const byHistories = rememberedById(
      (before: Int32Array, _action: number, after: Int32Array, _length: number) => {
        const n = before[layout.factCount]!;
        const m = after[layout.factCount]!;
        if (1 + n + m > scratch.length) scratch = new Int32Array(2 * (1 + n + m));
        scratch[0] = n;
        scratch.set(before.subarray(header, header + n), 1);
        scratch.set(after.subarray(header, header + m), 1 + n);
        return histories.id(scratch, 1 + n + m);
      },
      (before: Int32Array, action: number, after: Int32Array, length: number) =>
        property.holds(view(before), action, view(after.subarray(0, length))),
    );
    return {
      id: property.id,
      holds: (before, action, after, length) =>
        sameHistory(before, after) || byHistories(before, action, after, length),
    };
  });

  const actionClasses: ActionClasses = {
    kinds,
    faultKinds: ["drop", "duplicate", "crash", "restart"],
    instance: (state, action) => {
      const kind = actionKind(action);
      if (kind !== ActionKind.Local) return kind | (actionTarget(action) << KIND_BITS);
      const node = localNode(action);
      const step = localSteps(node, state[node]! >> 1)[localOrdinal(action)]!;
      return step.kind | (node << KIND_BITS);
    },
    kindOf: (instance) => instance & ((1 << KIND_BITS) - 1),
    nodeOf: (instance) => {
      const kind = instance & ((1 << KIND_BITS) - 1);
      const target = instance >>> KIND_BITS;
      if (kind <= ActionKind.Duplicate) return destination[target] ?? destinationOf(target);
      return target;
    },
    nodeIndex: (name) => nodeIndex.get(name) ?? -1,
  };

  const symmetry = symmetryReduction(model, cluster, {
    localStates,
    messages,
    internMessage,
    facts,
    layout,
  });
  if (symmetry !== undefined) renamingAt = symmetry.renamingAt;
  const canonicalize = symmetry?.canonicalize;

  return {
    model,
    cluster,
    layout,
    initialStates,
    successors,
    invariants: stateInvariants,
    stepInvariants,
    actions: actionClasses,
    // A predicate that ignores the network is remembered by the nodes and history, as invariants.
    statePredicate: (holds, readsMessages) =>
      readsMessages
        ? (state: Int32Array) => holds(viewOf(state))
        : rememberedById(nodesAndHistory, (state: Int32Array) => holds(viewOf(state))),
    ...(canonicalize === undefined ? {} : { canonicalize }),
    // Interned ids come from the shared registry, so a copy given it encodes states alike.
    portable: true,
    threadShared: registry.buffers,
    saveShared: () => registry.save(),
    view,
    snapshot,
    describeAction,
    actionEvent,
    describeMessage,
  };
}

interface Tables {
  readonly localStates: Interner<unknown>;
  readonly messages: Interner<Envelope>;
  /** Interns a message (made as {@link Interner.id} says) and records its destination. */
  readonly internMessage: (
    message: Envelope,
    how: number,
    a: number,
    b: number,
    c: number,
    d: number,
  ) => number;
  readonly facts: Interner<unknown>;
  readonly layout: Layout;
}

/**
 * Symmetry reduction over interchangeable acceptors (and values, when every proposer may propose
 * any value): rewrites a state to the smallest vector among its images under every renaming in
 * the group, so one state per orbit is stored. Renamed local states, messages and facts are
 * interned like any other, and each id's image under each renaming is computed once.
 *
 * A group larger than {@link CACHED_GROUP} is not listed: its renamings are made one at a time
 * from their index (each state then takes long, and the search's budget is polled between them).
 */
function symmetryReduction(
  model: Model,
  cluster: Cluster,
  tables: Tables,
):
  | {
      readonly canonicalize: (state: Int32Array, length: number) => void;
      /** The group's renaming by the index a renamed value's id records. */
      readonly renamingAt: (index: number) => Renaming;
    }
  | undefined {
  if (!model.symmetry.acceptors && !model.symmetry.values) return undefined;
  const permute = cluster.permute;
  if (permute === undefined) {
    throw new Error("this protocol cannot rename its nodes (its cluster has no `permute`)");
  }
  const { localStates, messages, internMessage, facts, layout } = tables;
  const nodes = cluster.nodes;
  const role = cluster.symmetricRole ?? "acceptor";
  const acceptorPositions = nodes.flatMap((n, i) => (n.role === role ? [i] : []));
  const accCount = model.symmetry.acceptors ? acceptorPositions.length : 0;
  const valCount = model.symmetry.values ? model.values.length : 0;
  const valOrderings = factorial(valCount);
  const size = factorial(accCount) * valOrderings;

  /** Element `index` of the group: acceptor ordering index ÷ v!, value ordering index mod v!. */
  const element = (index: number) => {
    const acc = nthOrdering(accCount, Math.floor(index / valOrderings));
    const val = nthOrdering(valCount, index % valOrderings);
    // Node i moves to position `position[i]`; acceptor k's id becomes acceptor acc[k]'s.
    const position = Int32Array.from(nodes, (_, i) => i);
    const rename = new Map<string, string>();
    acc.forEach((to, k) => {
      const from = acceptorPositions[k]!;
      position[from] = acceptorPositions[to]!;
      rename.set(nodes[from]!.id, nodes[acceptorPositions[to]!]!.id);
    });
    const valueRename = new Map(val.map((to, i) => [model.values[i]!, model.values[to]!]));
    return {
      index,
      position,
      renaming: {
        node: (id: string) => rename.get(id) ?? id,
        value: (v: string) => valueRename.get(v) ?? v,
      } satisfies Renaming,
      local: [] as number[],
      message: [] as number[],
      fact: [] as number[],
    };
  };
  type Element = ReturnType<typeof element>;
  const cached = size <= CACHED_GROUP;
  const group: Element[] = cached ? Array.from({ length: size }, (_, i) => element(i)) : [];

  const image = (
    cache: number[],
    id: number,
    from: Interner<unknown>,
    intern: (value: never, g: number, id: number) => number,
    g: Element,
  ): number => {
    let mapped = cache[id];
    if (mapped === undefined) {
      mapped = intern(permute(from.value(id), g.renaming) as never, g.index, id);
      cache[id] = mapped;
    }
    return mapped;
  };
  const internLocal = (v: unknown, g: number, id: number) => localStates.id(v, Made.renamed, g, id);
  const internFact = (v: unknown, g: number, id: number) => facts.id(v, Made.renamed, g, id);
  const internRenamedMessage = (v: Envelope, g: number, id: number) =>
    internMessage(v, Made.renamed, g, id, 0, 0);

  let candidate = new Int32Array(64);
  let best = new Int32Array(64);
  const header = layout.facts;

  const canonicalize = (state: Int32Array, length: number): void => {
    if (candidate.length < length) {
      candidate = new Int32Array(length * 2);
      best = new Int32Array(length * 2);
    }
    for (let i = 0; i < length; i++) best[i] = state[i]!;
    const factEnd = header + state[layout.factCount]!;
    let changed = false;
    for (let index = 0; index < size; index++) {
      let g: Element;
      if (cached) g = group[index]!;
      else {
        // Each renaming made anew: the search's budget decides how long this may go on.
        pollActive();
        g = element(index);
      }
      for (let i = 0; i < nodes.length; i++) {
        const slot = state[i]!;
        const id = image(g.local, slot >> 1, localStates, internLocal, g);
        candidate[g.position[i]!] = (id << 1) | (slot & 1);
      }
      // The node slots come first: an image whose slots already compare above the best one
      // cannot be smaller, so skip renaming its history and messages.
      if (lexLess(best, candidate, nodes.length)) continue;
      for (let i = nodes.length; i < header; i++) candidate[i] = state[i]!;
      for (let i = header; i < factEnd; i++) {
        candidate[i] = image(g.fact, state[i]!, facts, internFact, g);
      }
      candidate.subarray(header, factEnd).sort();
      for (let i = factEnd; i < length; i++) {
        candidate[i] = image(
          g.message,
          state[i]!,
          messages as Interner<unknown>,
          internRenamedMessage,
          g,
        );
      }
      candidate.subarray(factEnd, length).sort();
      if (lexLess(candidate, best, length)) {
        best.set(candidate.subarray(0, length));
        changed = true;
      }
    }
    if (changed) state.set(best.subarray(0, length));
  };
  return {
    canonicalize,
    renamingAt: (index) => (cached ? group[index]! : element(index)).renaming,
  };
}

/** Groups up to this size (8!) are listed once, with each renaming's images remembered. */
const CACHED_GROUP = 40_320;
