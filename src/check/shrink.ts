/**
 * Shortening a violating run found by random simulation, before a person reads it, in two
 * passes:
 *
 * 1. Delta debugging (Zeller and Hildebrandt's ddmin) over the run's actions: a candidate is a
 *    subsequence of them, replayed from the run's initial state (an action not enabled where it
 *    comes is skipped) and kept if it breaks the same property. Action codes name the same
 *    message or node in every state of one build, so a subsequence means what it says.
 * 2. A bounded breadth-first search from the states of the shortened run, last to first: from
 *    state i of a run of length L, every path of fewer than L - i steps to a violation of the
 *    same property, within {@link SEARCH_STATES} states; a shorter one found replaces the tail.
 *
 * Every shortened run is a real run of the system that breaks the same property; it is the
 * shortest only within what the two passes tried.
 */
import type { TransitionSystem } from "../core/transition-system.ts";
import { Budget, Stopped } from "./budget.ts";
import { explore } from "./explorer.ts";
import type { TraceStep } from "./search.ts";

/** The most states one search of the second pass may store. */
export const SEARCH_STATES = 50_000;

/** A run shortened: the run and its length (in steps) after each pass. */
export interface Shrunk {
  readonly trace: readonly TraceStep[];
  /** Steps of the run as the walk took it. */
  readonly walked: number;
  /** Steps after delta debugging. */
  readonly debugged: number;
  /** Steps after the bounded search (the trace's). */
  readonly searched: number;
  /** True if a time limit or an interrupt cut the shortening short. */
  readonly cut: boolean;
}

/** Shortens `trace`, which breaks property `violated` in its last state or step. */
export function shrinkTrace(
  system: TransitionSystem,
  trace: readonly TraceStep[],
  violated: string,
  budget: Budget = Budget.unlimited(),
  searchStates = SEARCH_STATES,
): Shrunk {
  const walked = trace.length - 1;
  const only = focus(system, violated);
  let best = trace;
  let debugged = walked;
  try {
    best = deltaDebug(only, trace, budget);
    debugged = best.length - 1;
    best = searchShorter(only, best, budget, searchStates);
  } catch (error) {
    if (!(error instanceof Stopped)) throw error;
    return { trace: best, walked, debugged, searched: best.length - 1, cut: true };
  }
  return { trace: best, walked, debugged, searched: best.length - 1, cut: false };
}

/** The system with only property `id` to check (a shorter run must break the same one). */
function focus(system: TransitionSystem, id: string): TransitionSystem {
  return {
    ...system,
    invariants: system.invariants.filter((p) => p.id === id),
    stepInvariants: (system.stepInvariants ?? []).filter((p) => p.id === id),
  };
}

/**
 * Replays `actions` from `initial`, skipping those not enabled, until the property breaks: the
 * run to the violation, or null if it never breaks.
 */
function replayActions(
  system: TransitionSystem,
  initial: Int32Array,
  actions: readonly number[],
  budget: Budget,
): TraceStep[] | null {
  const run: TraceStep[] = [{ action: null, state: initial }];
  if (system.invariants.some((p) => !p.holds(initial))) return run;
  let state = initial;
  for (const action of actions) {
    budget.poll();
    let next: Int32Array | null = null;
    system.successors(state, (code, words, length) => {
      if (next === null && code === action) next = words.slice(0, length);
    });
    if (next === null) continue;
    const after: Int32Array = next;
    run.push({ action, state: after });
    const broken =
      system.invariants.some((p) => !p.holds(after)) ||
      (system.stepInvariants ?? []).some((p) => !p.holds(state, action, after, after.length));
    if (broken) return run;
    state = after;
  }
  return null;
}

/** ddmin over the run's actions; the shortest run it finds that breaks the property. */
function deltaDebug(
  system: TransitionSystem,
  trace: readonly TraceStep[],
  budget: Budget,
): readonly TraceStep[] {
  const initial = trace[0]!.state;
  let best = trace;
  let actions = trace.slice(1).map((step) => step.action!);
  const test = (candidate: readonly number[]): boolean => {
    const run = replayActions(system, initial, candidate, budget);
    if (run === null || run.length >= best.length) return false;
    best = run;
    actions = run.slice(1).map((step) => step.action!);
    return true;
  };
  let parts = 2;
  while (actions.length >= 2) {
    const size = Math.ceil(actions.length / parts);
    const chunks: number[][] = [];
    for (let i = 0; i < actions.length; i += size) chunks.push(actions.slice(i, i + size));
    let reduced = false;
    // A chunk alone, then everything but a chunk.
    for (const chunk of chunks) {
      if (test(chunk)) {
        parts = 2;
        reduced = true;
        break;
      }
    }
    if (!reduced) {
      for (let i = 0; i < chunks.length && !reduced; i++) {
        if (test(chunks.filter((_, j) => j !== i).flat())) {
          parts = Math.max(parts - 1, 2);
          reduced = true;
        }
      }
    }
    if (!reduced) {
      if (parts >= actions.length) break;
      parts = Math.min(parts * 2, actions.length);
    }
  }
  return best;
}

/** The second pass: a shorter tail from each state of the run, by bounded search. */
function searchShorter(
  system: TransitionSystem,
  trace: readonly TraceStep[],
  budget: Budget,
  searchStates: number,
): readonly TraceStep[] {
  let best = trace;
  for (let i = best.length - 2; i >= 0; i--) {
    const from = best[i]!.state;
    // A path from state i with fewer steps than the run's tail from it: at most L - i - 1 steps,
    // which is L - i states counting state i (the search's depth counts states).
    const found = explore(
      { ...system, initialStates: () => [from.slice()] },
      { maxDepth: best.length - 1 - i, maxStates: searchStates, budget },
    );
    if (found.limit === "time" || found.limit === "interrupt" || found.limit === "memory") {
      throw new Stopped(found.limit);
    }
    if (found.trace !== null && found.trace.length < best.length - i) {
      best = [...best.slice(0, i), ...found.trace.map((step, k) => (k === 0 ? best[i]! : step))];
    }
  }
  return best;
}
