/**
 * One check, end to end: a loaded model → its actor system → an exhaustive search → a report
 * with the counterexample decoded for people. The CLI, the tests and the API all go through here.
 */
import { livenessName } from "./core/protocol.ts";
import { explore } from "./check/explorer.ts";
import {
  budgetOf,
  type ExploreOptions,
  type ExploreResult,
  type LivenessOptions,
  type Progress,
} from "./check/search.ts";

import type { Budget } from "./check/budget.ts";
import type { Checkpointer, SearchSnapshot } from "./check/snapshot.ts";
import type { CheckpointIdentity } from "./check/checkpoint.ts";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { projectPath, sourcesHash } from "./runtime/compiled.ts";
import { breadthFirst } from "./check/strategies/breadth-first.ts";
import { loadModel, type LoadedModel } from "./app/load.ts";
import { SYSTEM_KINDS } from "./core/actions.ts";
import { buildSystem, workerRecipe } from "./app/build.ts";
import { explainSafety, pictureOf } from "./app/explain.ts";
import { findWitnesses, type WitnessReport } from "./app/witnesses.ts";
import { countCoverage, coverageProblem, type CoverageReport } from "./app/coverage.ts";
import { Registry } from "./system/intern.ts";
import type { CheckableSystem } from "./core/checkable.ts";
import type { StatePredicate } from "./core/protocol.ts";
import type { TraceStep } from "./check/search.ts";
import { buildCounterexample, type CounterexampleStep } from "./trace/counterexample.ts";

export { buildSystem } from "./app/build.ts";

/** Options of a check; each overrides the model's own setting. */
export interface CheckOptions {
  /**
   * `--explore-drops`, for a search that loads the model itself (the live panel's thread): lose
   * messages in the search even where they need not be (app/reductions.ts).
   */
  readonly exploreDrops?: boolean;
  /** Overrides the model's `limits { states N }`. */
  readonly maxStates?: number | null;
  /** Overrides the model's `limits { depth N }`. */
  readonly maxDepth?: number | null;
  /** Called now and then during the search, and once at the end. */
  readonly onProgress?: (progress: Progress) => void;
  /** Stop when resident memory passes this many bytes. */
  readonly maxMemory?: number | null;
  /** Stop after this many seconds of search. */
  readonly maxSeconds?: number | null;
  /**
   * The check's budget: its deadline, memory limit and stop request (Ctrl-C), shared by every
   * phase and thread. Given, it replaces `maxSeconds` and `maxMemory`, which otherwise count
   * from the start of the search.
   */
  readonly budget?: Budget;
  /** Where to write checkpoints (see check/checkpoint.ts). */
  readonly checkpoint?: Checkpointer;
  /** A checkpoint of this model to go on from. */
  readonly resume?: SearchSnapshot;
  /** Store full state encodings rather than fingerprints. */
  readonly exact?: boolean;
  /**
   * Worker threads for the search (default 1). Used by {@link checkModelAsync} when the model
   * checks no liveness property and its system can be split (see `parallelism` in run.ts);
   * otherwise the search runs on one thread.
   */
  readonly workers?: number;
  /** Count the transitions the search explores by class (`check --coverage`), on one thread. */
  readonly coverage?: boolean;
}

/** The limits a check ran under: the command line's, or else the model's. */
export interface EffectiveLimits {
  readonly maxStates: number | null;
  readonly maxDepth: number | null;
  /** Seconds, or null. */
  readonly maxSeconds: number | null;
  /** Bytes of resident memory, or null. */
  readonly maxMemory: number | null;
}

/** The outcome of a check, decoded for people. */
export interface CheckReport {
  readonly loaded: LoadedModel;
  readonly system: CheckableSystem;
  readonly result: ExploreResult;
  readonly limits: EffectiveLimits;
  /** Why the last state of the trace violates the invariant, in words; null if none is. */
  readonly explanation: string | null;
  /** The same drawn, where the invariant draws it (Invariant.picture); absent or null if not. */
  readonly picture?: readonly string[] | null;
  /** The shortest counterexample, decoded; null if every invariant holds. */
  readonly counterexample: CounterexampleStep[] | null;
  /**
   * What the searches for the model's `reachable` witnesses found; empty when it states none,
   * or when the check did not hold (a counterexample, or a limit).
   */
  readonly witnesses: readonly WitnessReport[];
  /** Set by `check --witness NAME`: the report is that witness's search, its trace the witness. */
  readonly witness?: string;
  /** With `--continue`: the properties left out of this search, each violated in an earlier one. */
  readonly without?: readonly string[];
  /** With `--coverage`: what the search explored, by class of transition. */
  readonly coverage?: CoverageReport;
}

/** What a user should know before reading a check's result. */
export function warnings(loaded: LoadedModel): string[] {
  const { symmetry } = loaded.model;
  if (!symmetry.acceptors && !symmetry.values) return [];
  if (loaded.liveness.length > 0) {
    return [
      "symmetry reduction is off for this run: liveness is checked on the full state graph, because a cycle among symmetric representatives need not be a cycle of the system (as TLC warns). The counts are those of the model without `symmetry`.",
    ];
  }
  return [];
}

/** The liveness options of a search: each property's predicate, and the model's fairness. */
export function livenessOptions(
  loaded: LoadedModel,
  system: CheckableSystem,
): LivenessOptions | undefined {
  if (loaded.liveness.length === 0) return undefined;
  const classes = system.actions;
  if (classes === undefined) {
    throw new Error(`protocol ${loaded.protocol.name} cannot check liveness`);
  }
  const strength = new Uint8Array(classes.kinds.length);
  for (const { strength: s, action } of loaded.model.fairness) {
    strength[classes.kinds.indexOf(action.name)] = s === "weak" ? 1 : 2;
  }
  const faultKinds = new Set(classes.faultKinds.map((k) => classes.kinds.indexOf(k)));
  const localKinds = new Set(
    classes.kinds.map((_, i) => i).filter((i) => i >= SYSTEM_KINDS.length),
  );
  let faultsStop = false;
  let leader = -1;
  for (const assumption of loaded.model.assume) {
    if (assumption.kind === "faults-stop") faultsStop = true;
    else leader = classes.nodeIndex(assumption.node.name);
  }
  return {
    properties: loaded.liveness.map((predicate) => {
      const onStates = (holds: (view: unknown) => boolean) =>
        system.statePredicate?.(holds, predicate.readsMessages === true) ??
        ((state: Int32Array) => holds(system.view(state)));
      const trigger = predicate.trigger;
      return {
        id: livenessName(predicate),
        holds: onStates((view) => predicate.holds(view)),
        ...(trigger === undefined ? {} : { trigger: onStates((view) => trigger(view)) }),
      };
    }),
    fairness: {
      strength,
      kindOf: classes.kindOf,
      forbidden: (instance) => {
        const kind = classes.kindOf(instance);
        if (faultsStop && faultKinds.has(kind)) return true;
        return leader >= 0 && localKinds.has(kind) && classes.nodeOf(instance) !== leader;
      },
    },
  };
}

/**
 * The system of a loaded model; to resume a checkpoint, one that numbers values as the system
 * that wrote it did (its registry, restored: system/intern.ts).
 */
export function systemFor(loaded: LoadedModel, resume?: SearchSnapshot): CheckableSystem {
  if (resume?.shared == null) return buildSystem(loaded);
  return buildSystem(loaded, Registry.restore(resume.shared).buffers);
}

/** Checks a loaded model to the end. */
export function checkModel(loaded: LoadedModel, options: CheckOptions = {}): CheckReport {
  const system = systemFor(loaded, options.resume);
  const counting = coverageCounting(loaded, system, options);
  const given = { ...exploreOptions(loaded, system, options), ...counting?.options };
  return withCoverage(report(loaded, system, explore(system, given), given), counting);
}

/** With `coverage`: the counter a search is given, and the report it makes. */
function coverageCounting(loaded: LoadedModel, system: CheckableSystem, options: CheckOptions) {
  if (options.coverage !== true) return null;
  const problem = coverageProblem(loaded, system);
  if (problem !== null) throw new Error(`coverage: ${problem}`);
  const counting = countCoverage(loaded, system);
  return { options: { coverage: counting.coverage }, report: counting.report };
}

function withCoverage(
  report: CheckReport,
  counting: ReturnType<typeof coverageCounting>,
): CheckReport {
  return counting === null ? report : { ...report, coverage: counting.report() };
}

/** The witnesses of a check that held (none for one that did not, nor for a witness search). */
function witnessesOf(
  loaded: LoadedModel,
  result: ExploreResult,
  options: ExploreOptions,
): WitnessReport[] {
  if (result.verdict !== "ok" || loaded.reachables.length === 0) return [];
  return findWitnesses(loaded, options, (model) => buildSystem(model));
}

/**
 * As {@link checkModel}, pausing now and then so that a UI can redraw, or on worker threads
 * (`options.workers`) when the model allows it.
 */
export async function checkModelAsync(
  loaded: LoadedModel,
  options: CheckOptions = {},
): Promise<CheckReport> {
  const system = systemFor(loaded, options.resume);
  const counting = coverageCounting(loaded, system, options);
  const explore = { ...exploreOptions(loaded, system, options), ...counting?.options };
  const { workers } = parallelism(
    loaded,
    system,
    options.workers ?? 1,
    explore.exact,
    counting !== null,
    explore.maxMemory ?? null,
  );
  const result = await breadthFirst.search(system, {
    ...explore,
    workers,
    recipe: () => workerRecipe(loaded, system),
  });
  return withCoverage(report(loaded, system, result, explore), counting);
}

export { WORKERS_AFTER_MS } from "./check/strategies/breadth-first.ts";

/**
 * How many worker threads a search of this model can use, of the `wanted`, and if fewer, why.
 * A search is split only when the system encodes states the same way in every thread, no
 * liveness property is checked (it needs the whole state graph in one place), states are stored
 * by fingerprint (not `exact`), coverage is not counted, and no memory limit is set (under one,
 * the one-thread search goes on on disk; the workers' shared table cannot).
 */
export function parallelism(
  loaded: LoadedModel,
  system: CheckableSystem,
  wanted: number,
  exact = false,
  coverage = false,
  maxMemory: number | null = null,
): { readonly workers: number; readonly why: string | null } {
  if (wanted <= 1) return { workers: 1, why: null };
  if (maxMemory !== null) {
    return {
      workers: 1,
      why: "under --max-memory the search runs on one thread, which can go on on disk",
    };
  }
  if (exact) return { workers: 1, why: "exact mode keeps every state whole, in one thread" };
  if (coverage) return { workers: 1, why: "coverage is counted in one thread" };
  if (loaded.liveness.length > 0) {
    return { workers: 1, why: "liveness is checked on the whole state graph, in one thread" };
  }
  if (system.portable !== true) {
    return { workers: 1, why: `protocol ${loaded.protocol.name} cannot be split among workers` };
  }
  return { workers: wanted, why: null };
}

export function exploreOptions(
  loaded: LoadedModel,
  system: CheckableSystem,
  options: CheckOptions,
): ExploreOptions {
  const liveness = livenessOptions(loaded, system);
  return {
    ...(liveness === undefined ? {} : { liveness }),
    maxStates: options.maxStates ?? loaded.model.limits.maxStates,
    maxDepth: options.maxDepth ?? loaded.model.limits.maxDepth,
    onProgress: options.onProgress,
    exact: options.exact ?? false,
    maxMemory: options.maxMemory ?? null,
    maxSeconds: options.maxSeconds ?? null,
    ...(options.checkpoint === undefined ? {} : { checkpoint: options.checkpoint }),
    ...(options.resume === undefined ? {} : { resume: options.resume }),
    // Made here if not given, so that the one-thread search and the workers share one deadline.
    budget: budgetOf(options),
  };
}

/** Decodes a search's result for people: the explanation and the counterexample. */
function report(
  loaded: LoadedModel,
  system: CheckableSystem,
  result: ExploreResult,
  options: ExploreOptions,
): CheckReport {
  const limits: EffectiveLimits = {
    maxStates: options.maxStates ?? null,
    maxDepth: options.maxDepth ?? null,
    maxSeconds: options.maxSeconds ?? null,
    maxMemory: options.maxMemory ?? null,
  };
  if (result.trace === null) {
    const witnesses = witnessesOf(loaded, result, options);
    // A witness no reachable state satisfies makes the check fail: what held may hold only
    // because nothing happens.
    const never = witnesses.find((w) => w.found === false);
    if (never !== undefined) {
      const failed = {
        ...result,
        verdict: "violation" as const,
        violated: `reachable ${never.id}`,
      };
      const explanation = `No reachable state satisfies \`${never.formula}\` (${never.distinctStates.toLocaleString("en-US")} states searched): the properties that hold may hold only because this never happens.`;
      return {
        loaded,
        system,
        result: failed,
        limits,
        explanation,
        counterexample: null,
        witnesses,
      };
    }
    return { loaded, system, result, limits, explanation: null, counterexample: null, witnesses };
  }
  const explanation =
    explainSafety(loaded, system, result.trace, result.violated!) ??
    explainLasso(loaded, system, result);
  return {
    loaded,
    system,
    result,
    limits,
    explanation,
    picture: pictureOf(loaded, system, result.trace, result.violated!),
    counterexample: buildCounterexample(system, result.trace),
    witnesses: [],
  };
}

/** Why a lasso violates `eventually P`: where it loops or stutters, and what stays undone. */
function explainLasso(loaded: LoadedModel, system: CheckableSystem, result: ExploreResult): string {
  const predicate = loaded.liveness.find((p) => livenessName(p) === result.violated)!;
  const trace = result.trace!;
  const never = predicate.statement.replace(/\.$/, "");
  const claim =
    predicate.stated === undefined
      ? `On this run it is never the case that ${never[0]!.toLowerCase()}${never.slice(1)}`
      : statedClaim(predicate, trace, system);
  const last = trace.length - 1;
  if (result.stutters) {
    const enabled: string[] = [];
    system.successors(trace[last]!.state, (action) => {
      enabled.push(system.describeAction(trace[last]!.state, action));
    });
    const where = last === 0 ? "in its initial state" : `after step ${last}`;
    const why =
      enabled.length === 0
        ? "no action is enabled there"
        : `no action under a fairness assumption is enabled there; only ${enabled.length === 1 ? "this one is, and it is" : "these are, and they are"} not assumed fair: ${enabled.slice(0, 3).join("; ")}${enabled.length > 3 ? `; and ${enabled.length - 3} more` : ""}`;
    return `${claim}: ${where} it stays in the same state forever, which is a fair run because ${why}.`;
  }
  const loop = result.loop!;
  const back = loop === 0 ? "the initial state" : `the state after step ${loop}`;
  const steps =
    last === loop + 1
      ? `step ${last} leads back to ${back} and repeats`
      : `steps ${loop + 1} to ${last} lead back to ${back} and repeat`;
  return `${claim}: ${steps} forever, and every action under a fairness assumption that stays enabled on this cycle is taken on it.`;
}

/**
 * What a lasso shows of a liveness property the model states: where the run stops meeting it
 * (for `P ~> Q`, the last state of the prefix where P holds and Q never holds after).
 */
function statedClaim(
  predicate: StatePredicate<unknown>,
  trace: readonly TraceStep[],
  system: CheckableSystem,
): string {
  const goal = predicate
    .formula!.replace(/^(always )?eventually /, "")
    .split(" ~> ")
    .pop()!;
  if (predicate.trigger === undefined) return `On this run \`${goal}\` never holds`;
  let from = trace.length - 1;
  while (from > 0 && !predicate.holds(system.view(trace[from - 1]!.state))) from--;
  while (from < trace.length - 1 && !predicate.trigger(system.view(trace[from]!.state))) from++;
  const where = from === 0 ? "in the initial state" : `after step ${from}`;
  return predicate.formula!.startsWith("always eventually ")
    ? `On this run \`${goal}\` never holds again ${where}`
    : `On this run \`${predicate.formula!.split(" ~> ")[0]}\` holds ${where}, and \`${goal}\` never holds after`;
}

/** Loads and checks a model file. */
export async function checkFile(file: string, options: CheckOptions = {}): Promise<CheckReport> {
  return checkModel(await loadModel(file), options);
}

/**
 * What a checkpoint of this check must match to be resumed: the model's text, the code it names,
 * and the options that change what a state is; and this synod (its version and sources).
 */
export function checkpointIdentity(loaded: LoadedModel, exact: boolean): CheckpointIdentity {
  const model = createHash("sha256");
  model.update(loaded.model.source);
  for (const ref of [loaded.model.protocol, loaded.model.variant]) {
    if (ref?.isFile !== true) continue;
    model.update("\0");
    model.update(readFileSync(resolve(dirname(loaded.model.file), ref.name)));
  }
  model.update(exact ? "\0exact" : "\0fingerprints");
  const pkg = JSON.parse(readFileSync(projectPath("package.json"), "utf8")) as { version: string };
  return {
    model: model.digest("hex"),
    synod: `${pkg.version}+${sourcesHash().slice(0, 12)}`,
  };
}
