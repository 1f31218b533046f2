/**
 * `synod check` given several model files or a folder: a suite of models, each checked by a
 * synod of its own (a child process, so that one model's error, hang or memory stays its own),
 * as many at a time as there are cores, each search on one thread; then one table, or with
 * `--json` one array of the runs' own JSON objects. The exit code is the worst of the runs'; with
 * `--expect`, a run that is what its model's `expect` block says counts as a success, violation
 * or not.
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { projectPath } from "../runtime/compiled.ts";
import { UsageError } from "./args.ts";
import { EXIT } from "./failure.ts";
import type { Output } from "./main.ts";

/** Options of `check` that apply to one model only, with the reason for the hint. */
const SINGLE_MODEL_OPTIONS: Readonly<Record<string, string>> = {
  "out-itf": "it writes one model's counterexample",
  "out-svg": "it draws one model's counterexample",
  force: "it lets --out-itf replace a file",
  msc: "a batch prints a table, not counterexamples",
  checkpoint: "a checkpoint is one search's",
  "checkpoint-every": "a checkpoint is one search's",
  resume: "a checkpoint is one search's",
  "self-check": "it checks one protocol's declarations",
  witness: "it names one model's `reachable` property",
};

/** Options handed to each model's check as they were given. */
const PASSED_ON = ["max-states", "max-depth", "max-seconds", "max-memory"] as const;

/** The model files a batch checks: each file given, and the `.synod` files under each folder. */
export function batchFiles(paths: readonly string[]): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith(".synod")) files.push(path);
    }
  };
  for (const path of paths) {
    if (existsSync(path) && statSync(path).isDirectory()) {
      const before = files.length;
      walk(path);
      if (files.length === before) {
        throw new UsageError(
          `${path} holds no .synod file`,
          "give model files, or a folder of them.",
        );
      }
    } else {
      files.push(path);
    }
  }
  return [...new Set(files)];
}

/** One model's run: what its check printed with --json, and how it ended. */
interface Run {
  readonly file: string;
  readonly exitCode: number;
  /** Its JSON report (a check's, or an error's); null if it printed none (it was killed). */
  readonly report: Record<string, unknown> | null;
  readonly stderr: string;
  /** Ended by Ctrl-C before it could report (still starting). */
  readonly interrupted: boolean;
}

/** Checks one model in a synod of its own, on one thread, and collects its JSON report. */
function runOne(file: string, options: readonly string[]): Promise<Run> {
  return new Promise((done) => {
    const child = spawn(
      process.execPath,
      [projectPath("bin", "synod.js"), "check", file, "--json", "--workers", "1", ...options],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("close", (code, signal) => {
      let report: Record<string, unknown> | null = null;
      try {
        report = JSON.parse(stdout) as Record<string, unknown>;
      } catch {
        report = null;
      }
      const interrupted = report === null && signal === "SIGINT";
      const exitCode = code ?? (interrupted ? EXIT.incomplete : EXIT.internal);
      done({ file, exitCode, report, stderr, interrupted });
    });
  });
}

/** Runs `files`, `parallel` at a time, in order of the files; `onDone` hears each as it ends. */
async function runAll(
  files: readonly string[],
  options: readonly string[],
  parallel: number,
  stopped: () => boolean,
  onDone: (run: Run, finished: number) => void,
): Promise<Run[]> {
  const runs: (Run | undefined)[] = new Array(files.length);
  let next = 0;
  let finished = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length && !stopped()) {
      const index = next++;
      runs[index] = await runOne(files[index]!, options);
      onDone(runs[index]!, ++finished);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, files.length) }, worker));
  // Stopped by Ctrl-C: the models not started are left out.
  return runs.filter((run) => run !== undefined);
}

/** A run's JSON object: its own report, an error naming its model, or one made for it. */
function jsonOf(run: Run): Record<string, unknown> {
  if (run.report === null) {
    return {
      schemaVersion: 1,
      command: "check",
      model: run.file,
      verdict: "error",
      exitCode: EXIT.internal,
      error: {
        message: `its check printed no result: ${run.stderr.trim().split("\n")[0] || "it was killed"}`,
        hint: null,
        file: null,
        line: null,
        column: null,
      },
    };
  }
  if (run.report["verdict"] !== "error") return run.report;
  const { schemaVersion, command, ...rest } = run.report;
  return { schemaVersion, command, model: run.file, ...rest };
}

/** What a run's report says, as the table shows it. */
interface Row {
  readonly model: string;
  readonly verdict: string;
  readonly property: string;
  readonly states: string;
  readonly depth: string;
  readonly steps: string;
  readonly seconds: string;
  readonly expected: string;
}

const n = (x: unknown): string => (typeof x === "number" ? x.toLocaleString("en-US") : "-");

const VERDICTS: Readonly<Record<string, string>> = {
  ok: "holds",
  violation: "violated",
  incomplete: "incomplete",
  error: "error",
};

/**
 * Did the run meet its model's `expect` block: true, false, or null without one (or when the
 * check did not finish, and there is nothing to compare).
 */
function metExpectation(run: Run): boolean | null {
  const expected = run.report?.["expected"] as { met?: boolean | null } | null | undefined;
  return expected?.met ?? null;
}

function rowOf(run: Run): Row {
  const report = run.report ?? {};
  const trace = report["trace"] as unknown[] | null | undefined;
  const met = metExpectation(run);
  const seconds = report["seconds"];
  return {
    model: run.file,
    verdict:
      run.report !== null
        ? (VERDICTS[String(report["verdict"])] ?? "?")
        : run.interrupted
          ? "stopped"
          : "killed",
    property: typeof report["violated"] === "string" ? report["violated"] : "-",
    states: n(report["distinctStates"]),
    depth: n(report["depth"]),
    // The initial state is not a step.
    steps: trace === undefined || trace === null ? "-" : String(trace.length - 1),
    seconds: typeof seconds === "number" ? seconds.toFixed(2) : "-",
    expected: met === null ? "-" : met ? "yes" : "NO",
  };
}

const HEADINGS: Row = {
  model: "model",
  verdict: "verdict",
  property: "property",
  states: "states",
  depth: "depth",
  steps: "steps",
  seconds: "seconds",
  expected: "as expected",
};

/** Columns of numbers are aligned right. */
const RIGHT = new Set<keyof Row>(["states", "depth", "steps", "seconds"]);

/** The table, its columns as wide as their widest cell. */
function table(rows: readonly Row[]): string {
  const keys = Object.keys(HEADINGS) as (keyof Row)[];
  const all = [HEADINGS, ...rows];
  const widths = keys.map((key) => Math.max(...all.map((row) => row[key].length)));
  const line = (row: Row) =>
    keys
      .map((key, i) =>
        RIGHT.has(key) ? row[key].padStart(widths[i]!) : row[key].padEnd(widths[i]!),
      )
      .join("  ")
      .trimEnd();
  return all.map(line).join("\n");
}

/** The summary line under the table. */
function summary(runs: readonly Run[], rows: readonly Row[], seconds: number): string {
  const count = (verdict: string) => rows.filter((row) => row.verdict === verdict).length;
  const parts = [
    `${count("holds")} hold`,
    `${count("violated")} violated`,
    count("incomplete") > 0 ? `${count("incomplete")} incomplete` : null,
    count("stopped") > 0 ? `${count("stopped")} stopped` : null,
    count("error") + count("killed") > 0 ? `${count("error") + count("killed")} failed` : null,
  ].filter((part) => part !== null);
  const expecting = runs.filter((run) => metExpectation(run) !== null);
  const unmet = expecting.filter((run) => metExpectation(run) === false).length;
  const expectation =
    expecting.length === 0
      ? ""
      : `; ${expecting.length - unmet} of ${expecting.length} with an \`expect\` block as expected`;
  return `${runs.length} models in ${seconds.toFixed(1)} s: ${parts.join(", ")}${expectation}`;
}

/** What went wrong in the runs that failed, one line each, with the model's file. */
function failures(runs: readonly Run[]): string[] {
  return runs.flatMap((run) => {
    if (run.interrupted || (run.report !== null && run.report["verdict"] !== "error")) return [];
    const error = run.report?.["error"] as { message?: string } | undefined;
    const reason = error?.message ?? (run.stderr.trim().split("\n")[0] || "no report");
    return [`  ${run.file}: ${reason}`];
  });
}

/** `synod check FILE FILE…` or `synod check DIR`: see the module comment. */
export async function checkBatch(
  paths: readonly string[],
  values: Readonly<Record<string, unknown>>,
  out: Output,
  err: Output,
): Promise<number> {
  for (const [option, why] of Object.entries(SINGLE_MODEL_OPTIONS)) {
    if (values[option] !== undefined) {
      throw new UsageError(
        `--${option} applies to one model, not to a batch`,
        `${why}: check that model alone, \`synod check FILE --${option}\`.`,
      );
    }
  }
  const files = batchFiles(paths);
  const options = PASSED_ON.flatMap((name) =>
    typeof values[name] === "string" ? [`--${name}`, values[name] as string] : [],
  );
  // Each check decides its own exit code, --expect included.
  for (const flag of ["no-typecheck", "exact", "expect"]) {
    if (values[flag] === true) options.push(`--${flag}`);
  }
  const parallel =
    typeof values["workers"] === "number" ? values["workers"] : availableParallelism();
  const json = values["json"] === true;
  const started = performance.now();
  // Ctrl-C reaches the running checks too: each stops and reports what it saw, and no other
  // starts; the table then shows those that ran.
  let interrupted = false;
  const onInterrupt = (): void => {
    interrupted = true;
  };
  process.on("SIGINT", onInterrupt);
  if (!json) err.write(`synod: checking ${files.length} models, ${parallel} at a time\n`);
  let runs: Run[];
  try {
    // At a terminal, each model's line as it ends (in the order they end); the table follows.
    const progress = !json && err === process.stderr && process.stderr.isTTY === true;
    runs = await runAll(
      files,
      options,
      parallel,
      () => interrupted,
      (run, finished) => {
        if (!progress) return;
        const row = rowOf(run);
        const what = row.property === "-" ? row.verdict : `${row.verdict} ${row.property}`;
        err.write(`synod: ${finished}/${files.length} ${run.file}: ${what}\n`);
      },
    );
  } finally {
    process.off("SIGINT", onInterrupt);
  }
  const seconds = (performance.now() - started) / 1000;
  if (json) {
    // A check stopped before it could begin has nothing to say.
    const reported = runs.filter((run) => !run.interrupted);
    out.write(JSON.stringify(reported.map(jsonOf), null, 2) + "\n");
  } else {
    const rows = runs.map(rowOf);
    const failed = failures(runs);
    out.write(
      [
        table(rows),
        "",
        summary(runs, rows, seconds),
        ...(failed.length > 0 ? ["failed:", ...failed] : []),
      ].join("\n") + "\n",
    );
  }
  if (interrupted) {
    err.write(`synod: interrupted: ${runs.length} of ${files.length} models checked\n`);
    return 130;
  }
  return Math.max(...runs.map((run) => run.exitCode));
}
