/**
 * `synod simulate --merge`: the JSON results of the shards of one simulation (`--shard I/N`,
 * run on as many machines) combined into one: every shard's counts, and the violation of the
 * lowest walk index any shard found. The results are read strictly: each must be valid against
 * spec/simulate-result.schema.json, and all must be shards of the same simulation.
 */
import { readFileSync } from "node:fs";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import { projectPath } from "../runtime/compiled.ts";
import { OutputError } from "./outputs.ts";

/** The fields of a simulation's JSON result that merging reads. */
export interface ShardResult {
  readonly file: string;
  readonly model: string;
  readonly name: string;
  readonly simulation: {
    readonly seed: number;
    readonly runs: number | null;
    readonly maxSteps: number;
    readonly swarm: boolean;
    readonly run: number | null;
    readonly shard: { readonly index: number; readonly count: number } | null;
  };
  readonly verdict: "violation" | "none-found";
  readonly violated: string | null;
  readonly explanation: string | null;
  readonly foundBy: {
    readonly run: number;
    readonly bias: string | null;
    readonly steps: number;
    readonly walkedSteps: number;
    readonly replay: string;
  } | null;
  readonly stoppedBy: string | null;
  readonly witnesses: readonly Witness[];
  readonly runs: number;
  readonly steps: number;
  readonly deepest: number;
  readonly seconds: number;
  readonly stepsPerSecond: number;
  readonly workers: number;
  /** The whole object, as the shard printed it. */
  readonly json: Record<string, unknown>;
}

/** A `reachable` witness in a result: the first walk that met it, or nulls. */
interface Witness {
  readonly name: string;
  readonly formula: string;
  readonly run: number | null;
  readonly step: number | null;
}

/** The shards' witnesses: for each, the lowest walk of any shard that met it. */
function mergedWitnesses(shards: readonly ShardResult[]): Witness[] {
  return shards[0]!.witnesses.map((first) => {
    const met = shards
      .map((s) => s.witnesses.find((w) => w.name === first.name))
      .filter((w): w is Witness => w !== undefined && w.run !== null)
      .sort((a, b) => a.run! - b.run! || a.step! - b.step!)[0];
    return { ...first, run: met?.run ?? null, step: met?.step ?? null };
  });
}

/** The shards combined. */
export interface MergedShards {
  /** The shards, by index. */
  readonly shards: readonly ShardResult[];
  /** How many shards the simulation was split into, and the indices of those not given. */
  readonly count: number;
  readonly missing: readonly number[];
  /** The shard whose violation has the lowest walk index, or null. */
  readonly found: ShardResult | null;
  readonly runs: number;
  readonly steps: number;
  readonly deepest: number;
}

/** The schema's validator, compiled when first needed. */
let validator: ValidateFunction | null = null;

/** What is wrong with `value` as a simulation's result, or null if nothing is. */
function validate(value: unknown): string | null {
  if (validator === null) {
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    const read = (name: string) => JSON.parse(readFileSync(projectPath("spec", name), "utf8"));
    ajv.addSchema(read("check-result.schema.json"));
    validator = ajv.compile(read("simulate-result.schema.json"));
  }
  if (validator(value)) return null;
  return (validator.errors ?? [])
    .slice(0, 3)
    .map((e) => `${e.instancePath === "" ? "the object" : e.instancePath} ${e.message ?? ""}`)
    .join("; ");
}

/** Reads one shard's result file. */
function readShard(file: string): ShardResult {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new OutputError(
      `--merge ${file}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : `not JSON: ${(error as Error).message}`}`,
      "give the files `synod simulate … --shard I/N --json` printed.",
    );
  }
  const problem = validate(json);
  if (problem !== null) {
    throw new OutputError(
      `--merge ${file}: not a result of \`synod simulate --json\`: ${problem}`,
      "give the files `synod simulate … --shard I/N --json` printed (an error object cannot be merged).",
    );
  }
  const result = json as Omit<ShardResult, "file" | "json">;
  if (result.simulation.shard === null) {
    throw new OutputError(
      `--merge ${file}: this simulation was not a shard (it ran without --shard I/N)`,
      "merge the results of `--shard 1/N` to `--shard N/N` of one simulation.",
    );
  }
  return { ...result, file, json: json as Record<string, unknown> };
}

/** Reads and combines the shards' result files. */
export function mergeShards(files: readonly string[]): MergedShards {
  const shards = files
    .map(readShard)
    .sort((a, b) => a.simulation.shard!.index - b.simulation.shard!.index);
  const first = shards[0]!;
  const same = (s: ShardResult): string =>
    JSON.stringify([
      s.model,
      s.simulation.seed,
      s.simulation.runs,
      s.simulation.maxSteps,
      s.simulation.swarm,
      s.simulation.shard!.count,
    ]);
  for (const shard of shards) {
    if (same(shard) !== same(first)) {
      throw new OutputError(
        `--merge: ${shard.file} and ${first.file} are not shards of one simulation (model, seed, --runs, --max-steps, swarm and N of --shard I/N must all agree)`,
        "merge only the results of one command run with --shard 1/N to N/N.",
      );
    }
  }
  const count = first.simulation.shard!.count;
  const seen = new Map<number, string>();
  for (const shard of shards) {
    const index = shard.simulation.shard!.index;
    const other = seen.get(index);
    if (other !== undefined) {
      throw new OutputError(
        `--merge: ${other} and ${shard.file} are both shard ${index}/${count}`,
        "give each shard's result once.",
      );
    }
    seen.set(index, shard.file);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !seen.has(i));
  const found =
    shards.filter((s) => s.foundBy !== null).sort((a, b) => a.foundBy!.run - b.foundBy!.run)[0] ??
    null;
  return {
    shards,
    count,
    missing,
    found,
    runs: shards.reduce((sum, s) => sum + s.runs, 0),
    steps: shards.reduce((sum, s) => sum + s.steps, 0),
    deepest: Math.max(...shards.map((s) => s.deepest)),
  };
}

/**
 * The shards combined as one `synod simulate --json` result: the counts summed, the violation
 * of the lowest walk (with its trace, as its shard printed it), and `merge` saying which shards
 * were combined.
 */
export function mergedJson(merged: MergedShards): Record<string, unknown> {
  const base = (merged.found ?? merged.shards[0]!).json;
  return {
    ...base,
    simulation: { ...(base["simulation"] as object), shard: null },
    runs: merged.runs,
    steps: merged.steps,
    deepest: merged.deepest,
    // The shards ran side by side: the simulation took as long as the slowest.
    seconds: Math.max(...merged.shards.map((s) => s.seconds)),
    stepsPerSecond: merged.shards.reduce((sum, s) => sum + s.stepsPerSecond, 0),
    workers: merged.shards.reduce((sum, s) => sum + s.workers, 0),
    perWorker: merged.shards.flatMap((s) => s.json["perWorker"] as unknown[]),
    stoppedBy:
      merged.found === null ? (merged.shards.find((s) => s.stoppedBy)?.stoppedBy ?? null) : null,
    witnesses: mergedWitnesses(merged.shards),
    merge: {
      count: merged.count,
      missing: merged.missing,
      shards: merged.shards.map((s) => ({
        index: s.simulation.shard!.index,
        file: s.file,
        runs: s.runs,
        steps: s.steps,
        violated: s.violated,
        run: s.foundBy?.run ?? null,
      })),
    },
  };
}
