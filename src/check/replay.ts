/**
 * Counterexamples rebuilt from what the search stored: a state's recorded path (the initial
 * state's fingerprint and, for each step, its position among the successors), replayed into
 * concrete states; a violating step found again; a lasso's chain of states replayed for the
 * liveness check. With symmetry the stored states are representatives, and the replay keeps one
 * consistent run of the system.
 */
import { fingerprint, fingerprintOut } from "./fingerprint.ts";
import type { StateStore } from "./state-store.ts";
import type { TransitionSystem } from "../core/transition-system.ts";
import type { TraceStep } from "./search.ts";
import { UserCodeError } from "../core/contracts.ts";

/**
 * How to reach a stored state again: the initial state it starts from (by the fingerprint of its
 * representative) and, for each step, the position of the next state among the successors of the
 * stored representative of the state before it, in the order the system emits them.
 */
export interface RecordedPath {
  readonly root: readonly [number, number];
  readonly steps: readonly number[];
}

/** The recorded path to stored state `index`, from the parents and steps the store keeps. */
export function pathTo(store: StateStore, index: number): RecordedPath {
  const steps: number[] = [];
  let at = index;
  for (let parent = store.parent(at); parent >= 0; at = parent, parent = store.parent(at)) {
    steps.push(store.step(at));
  }
  return { root: store.rootFingerprint(at), steps: steps.reverse() };
}

/** The path to a violation: to the violating state, or to the state a violating step left. */
export function counterexample(
  system: TransitionSystem,
  path: RecordedPath,
  violation: {
    invariant: string;
    step: { action: number; after: Int32Array } | null;
  },
): TraceStep[] {
  const steps = replay(system, path);
  if (violation.step === null) return steps;
  const before = steps[steps.length - 1]!.state;
  const property = system.stepInvariants!.find((p) => p.id === violation.invariant)!;
  // Without symmetry the replayed state is the stored one and the recorded action applies as is.
  // With symmetry it may be another member of the stored state's class: take a step from it
  // that breaks the property and leads to the same class as the recorded one.
  const target = violation.step.after.slice();
  system.canonicalize?.(target, target.length);
  let last: TraceStep | null = null;
  system.successors(before, (action, words, length) => {
    if (last !== null) return;
    const after = words.slice(0, length);
    if (system.canonicalize === undefined && action !== violation.step!.action) return;
    if (property.holds(before, action, after, after.length)) return;
    if (sameWords(representative(system, after, length), target)) {
      last = { action, state: after };
    }
  });
  if (last === null) throw new Error("replay: the violating step could not be found again");
  steps.push(last);
  return steps;
}

/** A copy of `words[0..length)`, canonicalized if the system has symmetry. */
function representative(system: TransitionSystem, words: Int32Array, length: number): Int32Array {
  const copy = words.slice(0, length);
  system.canonicalize?.(copy, length);
  return copy;
}

function sameWords(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Successor number `step` of `state` (in the order the system emits them), or null. */
function successorAt(
  system: TransitionSystem,
  state: Int32Array,
  step: number,
): { action: number; state: Int32Array } | null {
  let found: { action: number; state: Int32Array } | null = null;
  let k = 0;
  system.successors(state, (action, words, length) => {
    if (k++ === step) found = { action, state: words.slice(0, length) };
  });
  return found;
}

/** The initial state whose representative has the fingerprint `root`. */
function initialState(system: TransitionSystem, root: readonly [number, number]): Int32Array {
  const first = system.initialStates().find((s) => {
    fingerprint(representative(system, s, s.length), s.length);
    return fingerprintOut[0] === root[0] && fingerprintOut[1] === root[1];
  });
  if (first === undefined) throw new Error("replay: no initial state has the stored fingerprint");
  return first;
}

/**
 * Rebuilds a recorded path. Each step was recorded in the stored representative of the state
 * before it, so it is taken there and its successor's representative is the state to reach;
 * without symmetry that is the step itself. With symmetry, the state being replayed may be
 * another member of the stored state's class, where the matching step is another one: take its
 * first step to the same class, so that the trace is one consistent run.
 */
function replay(system: TransitionSystem, path: RecordedPath): TraceStep[] {
  let current = initialState(system, path.root);
  const steps: TraceStep[] = [{ action: null, state: current }];
  for (const recorded of path.steps) {
    // Code that is not trusted to treat renamed nodes alike is checked on every state of a trace.
    system.checkRenaming?.(current, true);
    const target = successorAt(system, representative(system, current, current.length), recorded);
    if (target === null) throw new Error(`replay: there is no successor number ${recorded}`);
    let next: Int32Array | null = null;
    let action = target.action;
    if (system.canonicalize === undefined) {
      next = target.state;
    } else {
      const wanted = representative(system, target.state, target.state.length);
      system.successors(current, (a, words, length) => {
        if (next === null && sameWords(representative(system, words, length), wanted)) {
          next = words.slice(0, length);
          action = a;
        }
      });
      if (next === null) {
        if (system.checkRenaming !== undefined) {
          throw new UserCodeError(
            `symmetry: the code does not treat renamed nodes alike: no step of state ${steps.length - 1} of the trace leads where the search went from a renaming of it`,
            "a rule, handler or invariant depends on which node (or value) it is; make it treat them all alike, or remove `symmetry` from the model",
          );
        }
        throw new Error(`replay: no step leads to the class of step ${recorded}`);
      }
    }
    steps.push({ action, state: next });
    current = next;
  }
  system.checkRenaming?.(current, true);
  return steps;
}

/**
 * Rebuilds a path through stored states `chain` (from an initial state) of an indexed store,
 * where `instances[i]` is the instance (see ActionClasses) of the step from `chain[i]` to
 * `chain[i + 1]`: it picks the step among those that lead to the same state.
 */
export function replayLasso(
  system: TransitionSystem,
  store: StateStore,
  chain: readonly number[],
  instances: readonly number[],
): TraceStep[] {
  // With symmetry, the stored states are representatives: compare the successor's representative,
  // but keep the successor itself, so that the trace is one consistent run.
  const matches = (index: number, words: Int32Array, length: number): boolean => {
    const image = representative(system, words, length);
    fingerprint(image, length);
    return store.same(index, fingerprintOut[0]!, fingerprintOut[1]!, image, length);
  };

  const first = system.initialStates().find((s) => matches(chain[0]!, s, s.length));
  if (first === undefined) throw new Error("replay: no initial state has the stored fingerprint");
  const steps: TraceStep[] = [{ action: null, state: first }];
  let current = first;
  for (const [i, index] of chain.slice(1).entries()) {
    let next: Int32Array | null = null;
    let action = -1;
    system.successors(current, (a, words, length) => {
      if (
        next === null &&
        system.actions!.instance(current, a) === instances[i] &&
        matches(index, words, length)
      ) {
        next = words.slice(0, length);
        action = a;
      }
    });
    if (next === null) throw new Error(`replay: no step leads to state ${index}`);
    steps.push({ action, state: next });
    current = next;
  }
  return steps;
}
