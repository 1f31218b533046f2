/** `synod simulate FILE [options]`: seeded random walks, for models too big to check. */
import { withLosses } from "../app/reductions.ts";
import { livenessName } from "../core/protocol.ts";
import { randomInt } from "node:crypto";
import { availableParallelism } from "node:os";
import { MAX_WORKERS } from "../check/parallel-protocol.ts";
import { MAX_RUNS } from "../check/strategies/walk-workers.ts";
import { Budget } from "../check/budget.ts";
import type { WalkProgress } from "../check/strategies/random-walk.ts";
import { loadModel, typecheckModelFile } from "../app/load.ts";
import { simulateModel, type Shard } from "../app/simulate.ts";
import { checkNewFile, writeItf } from "../app/outputs.ts";
import { buildSystem, warnings } from "../run.ts";
import { parseCommand, UsageError, wholeNumber, type OptionSpec } from "./args.ts";
import { describeFailure, EXIT } from "./failure.ts";
import { renderJsonError } from "./json.ts";
import { catchInterrupts } from "./interrupt.ts";
import {
  DEFAULT_MAX_STEPS,
  renderSimulation,
  renderSimulationHeader,
  renderSimulationJson,
  renderMerged,
  simulationLimits,
} from "./simulate-report.ts";
import type { Output } from "./main.ts";
import { progressLines } from "./progress-lines.ts";
import { mergedJson, mergeShards } from "../app/merge-shards.ts";

export const SIMULATE_OPTIONS = {
  seed: { type: "string", value: "N" },
  runs: { type: "string", value: "N" },
  run: { type: "string", value: "K" },
  "max-steps": { type: "string", value: "N" },
  "max-seconds": { type: "string", value: "S" },
  "max-memory": { type: "string", value: "MB" },
  "no-swarm": { type: "boolean" },
  workers: { type: "string", value: "N" },
  shard: { type: "string", value: "I/N" },
  json: { type: "boolean" },
  "no-tui": { type: "boolean" },
  msc: { type: "boolean" },
  "out-itf": { type: "string", value: "FILE" },
  force: { type: "boolean" },
  merge: { type: "boolean" },
  "no-typecheck": { type: "boolean" },
} as const satisfies Record<string, OptionSpec>;

/** Walks taken unless `--runs` or `--max-seconds` says otherwise. */
export const DEFAULT_RUNS = 10_000;

/** Seeds are 32-bit: larger ones would name the same walks as smaller ones. */
const MAX_SEED = 2 ** 32 - 1;

const n = (x: number): string => x.toLocaleString("en-US");

/** `synod simulate --merge FILE…`: the shards' JSON results combined. */
function merge(
  files: readonly string[],
  values: { readonly [name: string]: unknown },
  print: (text: string) => void,
): number {
  const others = Object.keys(values).filter((name) => !["merge", "json", "debug"].includes(name));
  if (others.length > 0) {
    throw new UsageError(
      `--merge combines results and takes only --json, not --${others[0]}`,
      "e.g. `synod simulate --merge shard-*.json`.",
    );
  }
  if (files.length === 0) {
    throw new UsageError(
      "--merge needs the shards' result files",
      "e.g. `synod simulate --merge shard-1.json shard-2.json` (each written by `--shard I/N --json`).",
    );
  }
  const merged = mergeShards(files);
  print(values.json === true ? JSON.stringify(mergedJson(merged), null, 2) : renderMerged(merged));
  return merged.found === null ? EXIT.ok : EXIT.violation;
}

/** `--shard I/N`: the I-th of N slices, 1 ≤ I ≤ N. */
function parseShard(text: string | undefined): Shard | null {
  if (text === undefined) return null;
  const match = /^([0-9]+)\/([0-9]+)$/.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (match === null || count < 1 || index < 1 || index > count) {
    throw new UsageError(
      `--shard takes I/N with 1 ≤ I ≤ N, not ${JSON.stringify(text)}`,
      "e.g. `--shard 2/8` for the second of eight slices of the walks.",
    );
  }
  return { index, count };
}

export async function simulate(args: readonly string[], out: Output, err: Output): Promise<number> {
  const print = (text: string) => out.write(text + "\n");
  const complain = (text: string) => err.write(text + "\n");
  let debug = args.includes("--debug");
  const fail = (error: unknown): number => {
    const failure = describeFailure(error, debug);
    complain(failure.text);
    if (args.includes("--json")) print(renderJsonError(failure, "simulate"));
    return failure.exitCode;
  };
  let values;
  let file: string;
  let asked;
  try {
    let positionals: string[];
    ({ values, positionals } = parseCommand("simulate", args, SIMULATE_OPTIONS));
    debug = values.debug === true;
    if (values.merge === true) return merge(positionals, values, print);
    if (positionals.length !== 1) {
      throw new UsageError(
        positionals.length === 0
          ? "`simulate` needs a model file"
          : `\`simulate\` takes one model file, not ${positionals.length}`,
        "e.g. `synod simulate models/paxos.synod --seed 1`.",
      );
    }
    file = positionals[0]!;
    const maxSeconds = wholeNumber("max-seconds", values["max-seconds"]);
    const maxMemory = wholeNumber("max-memory", values["max-memory"]);
    const run = wholeNumber("run", values.run, 0);
    const shard = parseShard(values.shard);
    if (run !== null && shard !== null) {
      throw new UsageError(
        "--run takes one walk, and --shard a slice of them: give one or the other",
        "to replay a walk a shard found, `--seed N --run K` is enough.",
      );
    }
    const runs = wholeNumber("runs", values.runs, 1, MAX_RUNS);
    const workers = wholeNumber("workers", values.workers, 1, MAX_WORKERS);
    asked = {
      seed: wholeNumber("seed", values.seed, 0, MAX_SEED) ?? randomInt(MAX_SEED),
      // With a time limit and no count of walks, walk until the time is up.
      runs: runs ?? (maxSeconds !== null ? MAX_RUNS : DEFAULT_RUNS),
      maxSteps: wholeNumber("max-steps", values["max-steps"]) ?? DEFAULT_MAX_STEPS,
      swarm: values["no-swarm"] !== true,
      run,
      shard,
      // One walk is taken on this thread; else every core, as for check.
      workers: run !== null ? 1 : (workers ?? Math.min(MAX_WORKERS, availableParallelism())),
      workersAsked: workers,
      maxSeconds,
      maxMemory: maxMemory === null ? null : maxMemory * 2 ** 20,
    };
    if (values["out-itf"] !== undefined) {
      checkNewFile(values["out-itf"], "--out-itf", values.force === true);
    }
  } catch (error) {
    return fail(error);
  }
  const json = values.json === true;
  const { maxSeconds, maxMemory, workersAsked, ...options } = asked;
  const limits = simulationLimits(maxSeconds, maxMemory);
  // The type check of the user's code is synod's own work: done before the limits count.
  if (values["no-typecheck"] !== true) {
    try {
      await typecheckModelFile(file);
    } catch (error) {
      return fail(error);
    }
  }
  const budget = new Budget({ maxSeconds, maxMemory });
  // The live panel is for a person at a terminal; pipes, CI and --json get plain output.
  const live =
    !json && values["no-tui"] !== true && out === process.stdout && process.stdout.isTTY === true;
  // In the panel a note on stderr would tear its drawing; the panel's end says enough.
  const interrupts = catchInterrupts(budget, live ? () => {} : complain);
  try {
    // A walk may lose a message (app/reductions.ts).
    const loaded = withLosses(await loadModel(file, { typecheck: false }));
    if (loaded.invariants.length + loaded.steps.length === 0) {
      throw new UsageError(
        `\`simulate\` checks invariants and step properties, and model ${loaded.model.name} has none${loaded.liveness.length === 0 ? "" : ` (only ${loaded.liveness.map((p) => `\`${livenessName(p)}\``).join(", ")})`}`,
        "check liveness with `synod check FILE`, or name an invariant on the model's `check` line.",
      );
    }
    for (const warning of warnings(loaded)) complain(`synod: warning: ${warning}`);
    const system = buildSystem(loaded);
    const header = renderSimulationHeader({ loaded, options, system }, limits) + "\n";
    if (!json && !live) print(header);
    const note = progressLines<WalkProgress>(
      complain,
      (p) =>
        `${Math.round(p.seconds)} s: ${n(p.runs)} walks, ${n(p.steps)} steps, the longest ${n(p.deepest)}`,
    );
    const report = live
      ? await (
          await import("../ui/live-simulate.tsx")
        ).simulateWithProgress(loaded, { ...options, budget }, maxSeconds, system)
      : await simulateModel(loaded, { ...options, budget, onProgress: note }, system);
    // In a terminal, a violation opens the viewer; the plain report then gives the summary.
    const viewed = live && values.msc !== true && report.counterexample !== null;
    if (viewed) {
      const property = [...loaded.invariants, ...loaded.steps].find(
        (p) => p.id === report.walks.violated,
      )!;
      await (
        await import("../ui/live.tsx")
      ).viewSteps(
        property.id,
        property.statement,
        report.explanation ?? "",
        report.counterexample!,
      );
    }
    if (live) print(header);
    if (workersAsked !== null && report.workers < workersAsked && options.run === null) {
      complain(
        `synod: note: walking on one thread, not ${workersAsked}: protocol ${loaded.protocol.name} cannot be split among workers.`,
      );
    }
    print(
      json
        ? renderSimulationJson(report, limits)
        : renderSimulation(report, viewed ? "none" : values.msc === true ? "msc" : "steps"),
    );
    const itfFile = values["out-itf"];
    if (itfFile !== undefined && report.counterexample !== null) {
      const violated = report.walks.violated!;
      writeItf(itfFile, loaded, report.counterexample, violated, report.explanation);
      if (!json) print(`\ncounterexample written to ${itfFile} (ITF)`);
    }
    if (report.walks.limit === "interrupt" && interrupts.exitCode !== null) {
      return interrupts.exitCode;
    }
    return report.walks.violated === null ? EXIT.ok : EXIT.violation;
  } catch (error) {
    return fail(error);
  } finally {
    interrupts.dispose();
  }
}
