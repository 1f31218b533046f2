/**
 * The benchmark: checks every model of a folder, each in its own process (so that peak memory is
 * the model's own), and reports per model the distinct states, states generated, depth, seconds,
 * distinct states per second, peak resident memory and bytes per distinct state. It searches
 * every loss (`--explore-drops`): its figures measure the engine on the same states whatever the
 * reductions (app/reductions.ts).
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

/** Checks one model in a child process and reads its JSON report. */
export function benchModel(file: string, extraArgs: readonly string[] = []): BenchRow {
  const args = [launcher, "check", file, "--json", "--explore-drops", ...extraArgs];
  const run = spawnSync(process.execPath, args, {
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
  if (run.status !== 0 && run.status !== 1) {
    throw new Error(`synod check ${file} exited with ${run.status}: ${run.stderr.trim()}`);
  }
  const report = JSON.parse(run.stdout) as Omit<BenchRow, "model" | "bytesPerState">;
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

/** The machine, as docs/benchmarks.md states it. */
export function machine(): string {
  return `${cpus().length} cores (${cpus()[0]?.model.trim() ?? "unknown CPU"}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB memory, Node ${process.version}`;
}
