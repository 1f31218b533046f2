/**
 * One check, end to end: a loaded model → its actor system → an exhaustive search → a report
 * with the counterexample decoded for people. The CLI, the tests and the API all go through here.
 */
import { explore, exploreAsync, type ExploreResult, type Progress } from "./check/explorer.ts";
import { loadModel, type LoadedModel } from "./lang/load.ts";
import { buildActorSystem } from "./system/actor-system.ts";
import type { CheckableSystem } from "./system/checkable.ts";
import { buildCounterexample, type CounterexampleStep } from "./trace/counterexample.ts";

/** Options of a check; each overrides the model's own setting. */
export interface CheckOptions {
  /** Overrides the model's `limits { states N }`. */
  readonly maxStates?: number | null;
  /** Overrides the model's `limits { depth N }`. */
  readonly maxDepth?: number | null;
  /** Called now and then during the search, and once at the end. */
  readonly onProgress?: (progress: Progress) => void;
  /** Stop when resident memory passes this many bytes. */
  readonly maxMemory?: number | null;
  /** Store full state encodings rather than fingerprints. */
  readonly exact?: boolean;
}

/** The outcome of a check, decoded for people. */
export interface CheckReport {
  readonly loaded: LoadedModel;
  readonly system: CheckableSystem;
  readonly result: ExploreResult;
  /** Why the last state of the trace violates the invariant, in words; null if none is. */
  readonly explanation: string | null;
  /** The shortest counterexample, decoded; null if every invariant holds. */
  readonly counterexample: CounterexampleStep[] | null;
}

export function buildSystem(loaded: LoadedModel): CheckableSystem {
  const { protocol, model, variant, invariants, steps } = loaded;
  if (protocol.system !== undefined) return protocol.system(model, variant, invariants, steps);
  return buildActorSystem(model, protocol.build!(model, variant), invariants, steps);
}

/** Checks a loaded model to the end. */
export function checkModel(loaded: LoadedModel, options: CheckOptions = {}): CheckReport {
  const system = buildSystem(loaded);
  return report(loaded, system, explore(system, exploreOptions(loaded, options)));
}

/** As {@link checkModel}, pausing now and then so that a UI can redraw. */
export async function checkModelAsync(
  loaded: LoadedModel,
  options: CheckOptions = {},
): Promise<CheckReport> {
  const system = buildSystem(loaded);
  return report(loaded, system, await exploreAsync(system, exploreOptions(loaded, options)));
}

function exploreOptions(loaded: LoadedModel, options: CheckOptions) {
  return {
    maxStates: options.maxStates ?? loaded.model.limits.maxStates,
    maxDepth: options.maxDepth ?? loaded.model.limits.maxDepth,
    onProgress: options.onProgress,
    exact: options.exact ?? false,
    maxMemory: options.maxMemory ?? null,
  };
}

/** Decodes a search's result for people: the explanation and the counterexample. */
function report(loaded: LoadedModel, system: CheckableSystem, result: ExploreResult): CheckReport {
  if (result.trace === null)
    return { loaded, system, result, explanation: null, counterexample: null };
  const trace = result.trace;
  const last = trace[trace.length - 1]!;
  const invariant = loaded.invariants.find((i) => i.id === result.violated);
  const explanation =
    invariant !== undefined
      ? invariant.explain(system.view(last.state))
      : loaded.steps
          .find((p) => p.id === result.violated)!
          .explain(
            system.view(trace[trace.length - 2]!.state),
            last.action!,
            system.view(last.state),
          );
  return {
    loaded,
    system,
    result,
    explanation,
    counterexample: buildCounterexample(system, result.trace),
  };
}

/** Loads and checks a model file. */
export async function checkFile(file: string, options: CheckOptions = {}): Promise<CheckReport> {
  return checkModel(await loadModel(file), options);
}
