/**
 * The liveness check that follows a complete search: on the whole state graph, each `eventually`
 * property in turn, until one has a fair run on which it never holds; that run, replayed as a
 * lasso, is the counterexample.
 */
import type { Budget } from "./budget.ts";
import { findFairCounterexample } from "./liveness.ts";
import type { StateGraph } from "./state-graph.ts";
import { replayLasso } from "./replay.ts";
import type { LivenessOptions, TraceStep } from "./search.ts";
import type { StateStore } from "./state-store.ts";
import type { TransitionSystem } from "../core/transition-system.ts";

/** A fair run on which a property never holds, replayed. */
export interface LivenessViolation {
  /** The property's id. */
  readonly id: string;
  readonly trace: TraceStep[];
  /** The index in `trace` of the state the run returns to forever. */
  readonly loop: number;
  /** True if the run ends stuttering in its last state. */
  readonly stutters: boolean;
}

/**
 * The first property (in the given order) with a fair counterexample, or null if all hold.
 * `satisfied[k]` holds property k's value in each stored state; the budget is polled throughout
 * (it throws to stop).
 */
export function firstLivenessViolation(
  system: TransitionSystem,
  store: StateStore,
  graph: StateGraph,
  satisfied: readonly Uint8Array[],
  liveness: LivenessOptions,
  initialCount: number,
  budget: Budget,
): LivenessViolation | null {
  graph.close(store.size);
  for (const [k, property] of liveness.properties.entries()) {
    const found = findFairCounterexample(
      graph,
      initialCount,
      satisfied[k]!,
      liveness.fairness,
      () => budget.poll(),
      property.trigger !== undefined,
    );
    if (found === null) continue;
    return {
      id: property.id,
      trace: replayLasso(system, store, found.states, found.instances),
      loop: found.loop,
      stutters: found.stutters,
    };
  }
  return null;
}
