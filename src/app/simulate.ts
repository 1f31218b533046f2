/**
 * One simulation, end to end: a loaded model → its system → seeded random walks (on this thread
 * or on workers) → a violating walk shortened → a report with the run decoded for people. The
 * CLI and the tests go through here.
 */
import type { LoadedModel } from "./load.ts";
import { buildSystem } from "./build.ts";
import { withLosses } from "./reductions.ts";
import type { WorkerRecipe } from "../check/parallel-protocol.ts";
import type { CheckableSystem } from "../core/checkable.ts";
import { Budget } from "../check/budget.ts";
import {
  randomWalks,
  Walker,
  type WalkProgress,
  type WalkResult,
} from "../check/strategies/random-walk.ts";
import { walkOnWorkers } from "../check/strategies/walk-workers.ts";
import type { TraceStep } from "../check/search.ts";
import { workerRecipe } from "./build.ts";
import { describeBias } from "../check/strategies/swarm.ts";
import { shrinkTrace, type Shrunk } from "../check/shrink.ts";
import { explainSafety } from "./explain.ts";
import { workerEntry } from "../runtime/workers.ts";
import { buildCounterexample, type CounterexampleStep } from "../trace/counterexample.ts";

/** A slice of a swarm's runs: the `index`-th (from 1) of `count`, by run index. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** What a simulation is asked to do. */
export interface SimulateOptions {
  readonly seed: number;
  /** The walks are run indices 0 to `runs` - 1 (or the shard's of them). */
  readonly runs: number;
  readonly maxSteps: number;
  readonly swarm: boolean;
  /** Take only this walk (to replay one a simulation reported), or null. */
  readonly run: number | null;
  readonly shard: Shard | null;
  /** Threads to walk on (1: this one, unless `offThread`). */
  readonly workers: number;
  /** Walk on worker threads even if only one: this thread stays free (for a live panel). */
  readonly offThread?: boolean;
  /** Deadline, memory and stop request. */
  readonly budget: Budget;
  /** Called about every 200 ms, and once at the end. */
  readonly onProgress?: (progress: WalkProgress) => void;
  /** Called when the walks are done and the violating one is being shortened. */
  readonly onShortening?: (run: number) => void;
}

/** A simulation's outcome, decoded for people. */
export interface SimulationReport {
  readonly loaded: LoadedModel;
  readonly system: CheckableSystem;
  readonly options: Omit<SimulateOptions, "budget" | "onProgress">;
  readonly walks: WalkResult;
  /** Threads that took walks. */
  readonly workers: number;
  /** Each thread's walks, steps, longest walk and seconds. */
  readonly perWorker: readonly WalkProgress[];
  /** The violating walk's bias in words (null: no violation, or uniform walks). */
  readonly bias: string | null;
  /** The violating walk shortened (null: no violation). */
  readonly shrunk: Shrunk | null;
  /** Why the shortened run's last state or step breaks the property, in words. */
  readonly explanation: string | null;
  /** The shortened run, decoded; null if no walk broke a property. */
  readonly counterexample: CounterexampleStep[] | null;
}

/** The kinds of action a model can take: its faults only when its budget has them. */
export function kindsInModel(loaded: LoadedModel, system: CheckableSystem): Set<string> {
  const { faults } = loaded.model;
  const absent = new Set<string>();
  if (faults.drop === 0) absent.add("drop");
  if (faults.duplicate === 0) absent.add("duplicate");
  if (faults.crash === 0) absent.add("crash").add("recover");
  if (faults.restart === 0) absent.add("restart");
  // `local` gathers the steps of no declared kind: a protocol that declares kinds has none.
  if ((loaded.protocol.localActions?.length ?? 0) > 0) absent.add("local");
  return new Set((system.actions?.kinds ?? []).filter((kind) => !absent.has(kind)));
}

/** Simulates a loaded model (on `system`, if its system is built already). */
export async function simulateModel(
  given: LoadedModel,
  options: SimulateOptions,
  system: CheckableSystem = buildSystem(withLosses(given)),
): Promise<SimulationReport> {
  // A walk may lose a message (app/reductions.ts).
  const loaded = withLosses(given);
  const { budget, onProgress, onShortening, offThread: _, ...asked } = options;
  const slice =
    options.run !== null
      ? { first: options.run, stride: 1, runs: options.run + 1 }
      : options.shard !== null
        ? { first: options.shard.index - 1, stride: options.shard.count, runs: options.runs }
        : { first: 0, stride: 1, runs: options.runs };
  const walkOptions = {
    seed: options.seed,
    maxSteps: options.maxSteps,
    swarm: options.swarm,
    ...slice,
  };
  const workers = system.portable === true ? options.workers : 1;
  let walks: WalkResult;
  let perWorker: readonly WalkProgress[];
  if (workers > 1 || (options.offThread === true && system.portable === true)) {
    // The search's recipe, with the walk worker's entry instead of the search worker's.
    const recipe: WorkerRecipe = {
      ...workerRecipe(loaded, system),
      entry: workerEntry("walk-worker"),
    };
    const end = await walkOnWorkers(recipe, workers, walkOptions, budget, onProgress);
    perWorker = end.perWorker;
    walks = { ...end, seed: options.seed, trace: null, bias: null };
  } else {
    walks = randomWalks(system, {
      ...walkOptions,
      budget,
      ...(onProgress === undefined ? {} : { onProgress }),
    });
    perWorker = [walks];
  }
  const none = { bias: null, shrunk: null, explanation: null, counterexample: null };
  const report = { loaded, system, options: asked, walks, workers, perWorker };
  if (walks.run === null) return { ...report, ...none };
  const violated = walks.violated!;
  onShortening?.(walks.run);
  // The walk again, on a system of its own: it is determined by the seed and its index, and
  // on a new system the values it meets are numbered in its order alone, so that the search
  // that shortens it (whose ties follow the numbering) ends the same way whichever thread
  // found it, after whichever walks.
  const own = buildSystem(loaded);
  const walker = new Walker(own, options.maxSteps, options.swarm, Budget.unlimited());
  const trace: TraceStep[] = [];
  walker.walk(options.seed, walks.run, trace);
  const bias = walker.bias(options.seed, walks.run);
  // Shortening is not cut by the time limit (a violation found just before it would be shown
  // whole), only by an interrupt: it shares the budget's stop request.
  const stopOnly = new Budget({ stop: budget.stopWord.buffer as SharedArrayBuffer });
  const shrunk = shrinkTrace(own, trace, violated, stopOnly);
  const actions = own.actions;
  return {
    ...report,
    system: own,
    walks: { ...walks, trace, bias },
    bias:
      bias === null || actions === undefined
        ? null
        : describeBias(bias, actions, kindsInModel(loaded, own)),
    shrunk,
    explanation: explainSafety(loaded, own, shrunk.trace, violated),
    counterexample: buildCounterexample(own, shrunk.trace),
  };
}
