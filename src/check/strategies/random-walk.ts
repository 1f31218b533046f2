/**
 * Seeded random walks over a transition system: the core of random simulation, for models too
 * large to search exhaustively. Each walk starts in an initial state and takes a successor drawn
 * uniformly at random at each step, checking every state invariant in each state it reaches and
 * every step property on each step it takes, until a violation, a state with no successor, or
 * the step bound.
 *
 * The walks of a seed are the same on every freshly built system of the same model. They are not
 * yet independent of one another: an actor system numbers values as it first meets them, and the
 * order of a state's successors follows that numbering, so walk k replayed alone on a fresh
 * system may differ from walk k taken after walks 0..k-1. Walks see real states, never symmetry
 * representatives. A walk that finds nothing proves nothing; liveness is not checked.
 */
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import { uniformInt } from "pure-rand/distribution/uniformInt";
import type { RandomGenerator } from "pure-rand/types/RandomGenerator";
import type { TransitionSystem } from "../../core/transition-system.ts";
import { Budget, Stopped } from "../budget.ts";
import type { Limit, TraceStep } from "../search.ts";
import { SuccessorBatch } from "../successor-batch.ts";

/** What a simulation is given. */
export interface WalkOptions {
  /** The seed every walk is drawn from (an integer). */
  readonly seed: number;
  /** How many walks to take (run indices 0, 1, …), unless one finds a violation first. */
  readonly runs: number;
  /** The most steps a walk takes. */
  readonly maxSteps: number;
  /** Deadline, memory and requested stop, polled at every step. */
  readonly budget?: Budget;
}

/** What a simulation found. */
export interface WalkResult {
  readonly seed: number;
  /** Walks taken (the last may have been cut short by a stop). */
  readonly runs: number;
  /** Steps taken over all walks. */
  readonly steps: number;
  /** The violated property's id, or null. */
  readonly violated: string | null;
  /** The run index of the walk that found it, or null. */
  readonly run: number | null;
  /** That walk, from its initial state to the violation, or null. */
  readonly trace: readonly TraceStep[] | null;
  /** What stopped the simulation before its runs were done (time, interrupt, memory), or null. */
  readonly limit: Limit | null;
  readonly seconds: number;
}

/** The generator of walk `run` of `seed`: a mix of the two, so that neighbouring runs differ. */
export function walkGenerator(seed: number, run: number): RandomGenerator {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(run + 1, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return xoroshiro128plus(h ^ (h >>> 16));
}

/** Takes the walks, in run order, until one breaks a property or a stop. */
export function randomWalks(system: TransitionSystem, options: WalkOptions): WalkResult {
  const started = performance.now();
  const budget = options.budget ?? Budget.unlimited();
  const batch = new SuccessorBatch();
  const gather = (action: number, words: Int32Array, length: number): void =>
    batch.add(action, 0, 0, words, length);
  let steps = 0;
  let runs = 0;
  const result = (
    found: { run: number; violated: string; trace: TraceStep[] } | null,
    limit: Limit | null,
  ): WalkResult => ({
    seed: options.seed,
    runs,
    steps,
    violated: found?.violated ?? null,
    run: found?.run ?? null,
    trace: found?.trace ?? null,
    limit,
    seconds: (performance.now() - started) / 1000,
  });
  try {
    for (let run = 0; run < options.runs; run++) {
      runs++;
      const random = walkGenerator(options.seed, run);
      const initial = system.initialStates();
      if (initial.length === 0) return result(null, null);
      let state = initial[uniformInt(random, 0, initial.length - 1)]!.slice();
      const trace: TraceStep[] = [{ action: null, state }];
      let violated = brokenInvariant(system, state);
      for (let step = 0; violated === null && step < options.maxSteps; step++) {
        budget.poll();
        batch.clear();
        system.successors(state, gather);
        if (batch.size === 0) break;
        const k = uniformInt(random, 0, batch.size - 1);
        const action = batch.actions[k]!;
        const next = batch.state(k).slice();
        steps++;
        trace.push({ action, state: next });
        violated = brokenInvariant(system, next);
        if (violated === null) {
          for (const property of system.stepInvariants ?? []) {
            if (!property.holds(state, action, next, next.length)) {
              violated = property.id;
              break;
            }
          }
        }
        state = next;
      }
      if (violated !== null) return result({ run, violated, trace }, null);
    }
  } catch (error) {
    if (error instanceof Stopped) return result(null, error.reason);
    throw error;
  }
  return result(null, null);
}

/** The first state invariant `state` breaks, or null. */
function brokenInvariant(system: TransitionSystem, state: Int32Array): string | null {
  for (const invariant of system.invariants) if (!invariant.holds(state)) return invariant.id;
  return null;
}
