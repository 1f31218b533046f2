/**
 * The benchmark: checks every model of a folder, each in its own process (so that peak memory is
 * the model's own), and reports per model the distinct states, states generated, depth, seconds,
 * distinct states per second, peak resident memory and bytes per distinct state. It searches
 * every loss (`--explore-drops`): its figures measure the engine on the same states whatever the
 * reductions (app/reductions.ts). Where a model's check would search no loss, it is checked that
 * way too, for the table of what the reduction saves.
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { projectPath } from "../runtime/compiled.ts";

export interface BenchRow {
  readonly model: string;
  /** Threads that searched (1, or the workers of a parallel search). */
  readonly workers: number;
  readonly verdict: string;
  readonly distinctStates: number;
  readonly generatedStates: number;
  readonly depth: number;
  readonly seconds: number;
  readonly statesPerSecond: number;
  readonly peakResidentBytes: number;
  readonly bytesPerState: number;
}

const launcher = projectPath("bin", "synod.js");

/** A model's check with and without the loss reduction, both on one thread. */
export interface ReductionRow {
  readonly model: string;
  /** Every loss searched (`--explore-drops`). */
  readonly without: BenchRow;
  /** As `synod check` searches it: losses as messages never delivered. */
  readonly with: BenchRow;
}

/** `synod check FILE --json ARGS` in a child process, its exit code checked and its JSON read. */
function checkJson(file: string, args: readonly string[], okCodes: readonly number[]): unknown {
  const run = spawnSync(process.execPath, [launcher, "check", file, "--json", ...args], {
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
  if (!okCodes.includes(run.status ?? -1)) {
    throw new Error(`synod check ${file} exited with ${run.status}: ${run.stderr.trim()}`);
  }
  return JSON.parse(run.stdout);
}

/**
 * Whether `synod check FILE` searches lost messages as messages never delivered: read from the
 * settings of a check stopped at its first state (exit code 3, incomplete).
 */
export function lossesAsUndelivered(file: string): boolean {
  const report = checkJson(file, ["--max-states", "1"], [0, 1, 3]) as {
    settings: { lossesAsUndelivered: boolean };
  };
  return report.settings.lossesAsUndelivered;
}

/**
 * Checks one model in a child process and reads its JSON report; every loss is searched unless
 * `searchLosses` is false.
 */
export function benchModel(
  file: string,
  extraArgs: readonly string[] = [],
  searchLosses = true,
): BenchRow {
  const args = searchLosses ? ["--explore-drops", ...extraArgs] : extraArgs;
  const report = checkJson(file, args, [0, 1]) as Omit<BenchRow, "model" | "bytesPerState">;
  return {
    model: file,
    workers: report.workers,
    verdict: report.verdict,
    distinctStates: report.distinctStates,
    generatedStates: report.generatedStates,
    depth: report.depth,
    seconds: report.seconds,
    statesPerSecond: report.statesPerSecond,
    peakResidentBytes: report.peakResidentBytes,
    bytesPerState: Math.round(report.peakResidentBytes / Math.max(1, report.distinctStates)),
  };
}

/** The models of a folder, in name order. */
export function benchModels(folder: string): string[] {
  return readdirSync(folder)
    .filter((f) => f.endsWith(".synod"))
    .sort()
    .map((f) => join(folder, f));
}

const n = (x: number) => x.toLocaleString("en-US");
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

/**
 * What a process costs before it stores any state (Node, tsx, synod's modules): the smallest peak
 * RSS of a one-thread row.
 */
export function baselineBytes(rows: readonly BenchRow[]): number {
  const oneThread = rows.filter((r) => r.workers === 1).map((r) => r.peakResidentBytes);
  return oneThread.length === 0 ? 0 : Math.min(...oneThread);
}

/** The results as a Markdown table. */
export function benchTable(rows: readonly BenchRow[]): string {
  const baseline = baselineBytes(rows);
  const lines = [
    "| model | workers | verdict | distinct states | generated | depth | seconds | distinct states/s | peak RSS | bytes/state | above baseline |",
    "| ----- | ------: | ------- | --------------: | --------: | ----: | ------: | ----------------: | -------: | ----------: | -------------: |",
  ];
  for (const r of rows) {
    const above = Math.round((r.peakResidentBytes - baseline) / Math.max(1, r.distinctStates));
    lines.push(
      `| \`${r.model}\` | ${r.workers} | ${r.verdict} | ${n(r.distinctStates)} | ${n(r.generatedStates)} | ${r.depth} | ${r.seconds.toFixed(2)} | ${n(r.statesPerSecond)} | ${mb(r.peakResidentBytes)} | ${n(r.bytesPerState)} | ${n(Math.max(0, above))} |`,
    );
  }
  return lines.join("\n");
}

/** What the loss reduction saves, as a Markdown table. */
export function reductionTable(rows: readonly ReductionRow[]): string {
  const lines = [
    "| model | distinct states, every loss searched | distinct states, as `synod check` searches | times fewer | seconds, every loss searched | seconds, as `synod check` searches |",
    "| ----- | --------------: | --------------: | ----: | ------: | ------: |",
  ];
  for (const { model, without, with: reduced } of rows) {
    const factor = without.distinctStates / Math.max(1, reduced.distinctStates);
    lines.push(
      `| \`${model}\` | ${n(without.distinctStates)} | ${n(reduced.distinctStates)} | ${factor.toFixed(2)} | ${without.seconds.toFixed(2)} | ${reduced.seconds.toFixed(2)} |`,
    );
  }
  return lines.join("\n");
}

/** The machine, as docs/benchmarks.md states it. */
export function machine(): string {
  return `${cpus().length} cores (${cpus()[0]?.model.trim() ?? "unknown CPU"}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB memory, Node ${process.version}`;
}
