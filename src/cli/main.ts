/** The `synod` command line. */
import { parseArgs } from "node:util";
import { readFileSync } from "node:fs";
import { formatModelError, ModelError } from "../lang/errors.ts";
import { buildSystem, checkModelAsync, parallelism, warnings } from "../run.ts";
import { MAX_WORKERS } from "../check/parallel-protocol.ts";
import { availableParallelism } from "node:os";
import type { Progress } from "../check/explorer.ts";
import { loadModel } from "../lang/load.ts";
import { renderHeader, renderJson, renderText } from "./report.ts";
import { catchInterrupts } from "./interrupt.ts";
import { Budget } from "../check/budget.ts";
import { writeFileSync } from "node:fs";
import { dirname, relative, resolve, sep } from "node:path";
import { fromItf, toItf, TraceFileError } from "../trace/itf.ts";
import { renderMsc } from "../trace/msc.ts";
import { renderSteps } from "../trace/text.ts";
import {
  baselineBytes,
  benchModel,
  benchModels,
  benchTable,
  machine,
  type BenchRow,
} from "../bench/bench.ts";
import { projectPath, RUNNING_COMPILED } from "../compiled.ts";
import { checkNewFile, checkRegeneratedFile, OutputError } from "./outputs.ts";

/** An output mistake as the CLI prints it. */
function formatOutputError(error: OutputError): string {
  return `synod: ${error.message}\n  hint: ${error.hint}`;
}

export const EXIT = { ok: 0, violation: 1, usage: 2, incomplete: 3, internal: 4 } as const;

const USAGE = `synod: a model checker for Paxos

Usage:
  synod check FILE [options]   check every reachable state of the model in FILE
  synod explore FILE [--trace T.itf.json]
                               step through the model by hand in the terminal, or along a trace
  synod trace FILE [--msc]     show a saved ITF trace (written by check --out-itf): in the
                               viewer in a terminal, as text otherwise
  synod docs MODELS... --out DIR
                               check the models and write the invariant reference to DIR (a
                               new or empty folder, or one synod wrote before)
  synod bench [FOLDER]         check every model in FOLDER (default models/bench), one process
                               each, and print a table of counts, speed and memory
  synod --help                 show this help
  synod --version              show the version, and whether the compiled copy runs

Options for check:
  --json              print the result as one JSON object
  --no-tui            plain text even in a terminal (no live progress panel)
  --max-states N      stop after N distinct states (overrides the model's limits)
  --max-depth N       explore no deeper than N states (overrides the model's limits)
  --max-memory MB     stop when the process uses more than MB megabytes of memory
  --max-seconds S     stop after S seconds (how far does it get in a minute?); both limits
                      count from the start of the check and hold in every phase
  --msc               print the counterexample as a message sequence chart
  --out-itf FILE      also write the counterexample to FILE in the ITF trace format (a new
                      file: an existing one only with --force, a .synod file never)
  --force             let --out-itf replace an existing file
  --exact             store whole states, not 64-bit fingerprints (more memory; no collisions)
  --workers N         search on N threads (default: the number of cores; a model with a
                      liveness property, or done within about a second, is searched on one)

Options for bench:
  --out FILE          also write the table, with the date, machine and command, to FILE
                      (a new file or one bench wrote; another only with --force)

Exit codes:
  0  every invariant holds in every reachable state
  1  an invariant is violated (the shortest counterexample is printed)
  2  a mistake in the model file or on the command line
  3  a limit (states, depth, memory or time) stopped the search before it saw every state
  4  an internal error in synod
  130, 143  Ctrl-C (SIGINT) or SIGTERM stopped the check (what it saw is printed)

Examples:
  synod check models/paxos.synod
  synod check models/variants/no-adopt.synod --json`;

/** Where the CLI writes: process.stdout and process.stderr, or a test's buffers. */
export interface Output {
  write(text: string): unknown;
}

/** Runs the CLI with the given arguments; returns the exit code. */
export async function main(
  argv: readonly string[],
  out: Output = process.stdout,
  err: Output = process.stderr,
): Promise<number> {
  const print = (text: string) => out.write(text + "\n");
  const complain = (text: string) => err.write(text + "\n");
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        help: { type: "boolean", short: "h" },
        version: { type: "boolean" },
        json: { type: "boolean" },
        "max-states": { type: "string" },
        "max-depth": { type: "string" },
        "no-tui": { type: "boolean" },
        out: { type: "string" },
        exact: { type: "boolean" },
        "max-memory": { type: "string" },
        "max-seconds": { type: "string" },
        workers: { type: "string" },
        msc: { type: "boolean" },
        "out-itf": { type: "string" },
        trace: { type: "string" },
        force: { type: "boolean" },
      },
    });
  } catch (error) {
    complain(`synod: ${(error as Error).message}\nRun \`synod --help\` for the options.`);
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  if (values.version) {
    const pkg = JSON.parse(readFileSync(projectPath("package.json"), "utf8"));
    // Which copy runs (bin/synod.js): the compiled one while it matches the sources.
    print(`synod ${pkg.version} (${RUNNING_COMPILED ? "compiled copy" : "TypeScript sources"})`);
    return EXIT.ok;
  }
  if (values.help || positionals.length === 0) {
    (values.help ? print : complain)(USAGE);
    return values.help ? EXIT.ok : EXIT.usage;
  }
  const [command, ...rest] = positionals;
  if (command === "bench") {
    return bench(rest, values.out, values.force === true, argv, print, complain);
  }
  if (command === "trace") {
    const live =
      values["no-tui"] !== true && out === process.stdout && process.stdout.isTTY === true;
    return trace(rest, values.msc === true, live, print, complain);
  }
  if (command === "explore") return explore(rest, values.trace, out, complain);
  if (command === "docs") {
    if (rest.length === 0 || values.out === undefined) {
      complain(
        "synod: `docs` takes model files and `--out DIR`, e.g. `synod docs models/*.synod --out docs/invariants`.",
      );
      return EXIT.usage;
    }
    try {
      const { generateInvariantDocs } = await import("../docs/invariants.ts");
      const written = await generateInvariantDocs(rest, values.out);
      print(`wrote ${written.length} pages to ${values.out}`);
      return EXIT.ok;
    } catch (error) {
      if (error instanceof ModelError) {
        complain(formatModelError(error));
        return EXIT.usage;
      }
      if (error instanceof OutputError) {
        complain(formatOutputError(error));
        return EXIT.usage;
      }
      throw error;
    }
  }
  if (command !== "check") {
    complain(`synod: unknown command \`${command}\`. Run \`synod --help\` for the commands.`);
    return EXIT.usage;
  }
  if (rest.length !== 1) {
    complain(`synod: \`check\` takes one model file, e.g. \`synod check models/paxos.synod\`.`);
    return EXIT.usage;
  }
  const limit = (
    name: "max-states" | "max-depth" | "max-memory" | "max-seconds" | "workers",
  ): number | null | undefined => {
    const text = values[name];
    if (text === undefined) return null;
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1) {
      complain(`synod: --${name} takes a whole number of at least 1, not \`${text}\`.`);
      return undefined;
    }
    return n;
  };
  const maxStates = limit("max-states");
  const maxDepth = limit("max-depth");
  const maxMemoryMB = limit("max-memory");
  const maxSeconds = limit("max-seconds");
  const workers = limit("workers");
  if (workers !== null && workers !== undefined && workers > MAX_WORKERS) {
    complain(`synod: --workers takes at most ${MAX_WORKERS}, not \`${workers}\`.`);
    return EXIT.usage;
  }
  if (
    workers === undefined ||
    maxStates === undefined ||
    maxDepth === undefined ||
    maxMemoryMB === undefined ||
    maxSeconds === undefined
  ) {
    return EXIT.usage;
  }

  const itfFile = values["out-itf"];
  try {
    if (itfFile !== undefined) checkNewFile(itfFile, "--out-itf", values.force === true);
  } catch (error) {
    complain(formatOutputError(error as OutputError));
    return EXIT.usage;
  }

  // The live panel is for a person at a terminal; pipes, CI and --json get plain output.
  const live =
    values.json !== true &&
    values["no-tui"] !== true &&
    out === process.stdout &&
    process.stdout.isTTY === true;
  // The limits count from here: reading the model and building its system are within them.
  const maxMemory = maxMemoryMB === null ? null : maxMemoryMB * 2 ** 20;
  const budget = new Budget({ maxSeconds, maxMemory });
  // In the panel a note on stderr would tear its drawing; the panel's end says enough.
  const interrupts = catchInterrupts(budget, live ? () => {} : complain);
  try {
    const options = {
      maxStates,
      maxDepth,
      maxMemory,
      maxSeconds,
      budget,
      exact: values.exact === true,
      workers: workers ?? Math.min(MAX_WORKERS, availableParallelism()),
    };
    const loaded = await loadModel(rest[0]!);
    for (const warning of warnings(loaded)) complain(`synod: warning: ${warning}`);
    // Asked for by name, workers that cannot be used deserve a word; the default does not.
    const split = parallelism(loaded, buildSystem(loaded), options.workers, options.exact);
    if (workers !== null && split.why !== null) {
      complain(`synod: note: searching on one thread, not ${workers}: ${split.why}.`);
    }
    // Without the panel, the header comes first: what is being checked, while it is.
    if (!live && values.json !== true) print(renderHeader(loaded) + "\n");
    // Without the panel, a long search says where it is on stderr now and then, as TLC does.
    let lastNote = performance.now();
    const note = (progress: Progress): void => {
      const now = performance.now();
      if (now - lastNote < PROGRESS_EVERY_MS) return;
      lastNote = now;
      const n = (x: number) => x.toLocaleString("en-US");
      complain(
        `synod: progress after ${Math.round(progress.seconds)} s: ${n(progress.distinctStates)} distinct states, ${n(progress.generatedStates)} generated, depth ${progress.depth}, ${n(progress.queued)} queued, ${Math.round(progress.memoryBytes / 2 ** 20)} MB`,
      );
    };
    const report = live
      ? await (await import("../ui/live.tsx")).checkWithProgress(loaded, options)
      : await checkModelAsync(loaded, { ...options, onProgress: note });
    // In a terminal, a violation opens the viewer; the plain report then gives the summary.
    const view = live && values.msc !== true && report.counterexample !== null;
    if (view) await (await import("../ui/live.tsx")).viewCounterexample(report);
    print(
      values.json
        ? renderJson(report)
        : renderText(report, view ? "none" : values.msc ? "msc" : "steps", live),
    );
    if (itfFile !== undefined && report.counterexample !== null) {
      const itf = toItf(
        report.counterexample,
        report.loaded.model.file,
        report.result.violated,
        report.explanation ?? "",
        [...report.loaded.invariants, ...report.loaded.steps, ...report.loaded.liveness].find(
          (p) => p.id === report.result.violated || `eventually ${p.id}` === report.result.violated,
        )?.statement,
        report.result.loop === null
          ? null
          : { loop: report.result.loop, stutters: report.result.stutters },
      );
      writeFileSync(itfFile, JSON.stringify(itf, null, 2) + "\n");
      if (!values.json) print(`\ncounterexample written to ${itfFile} (ITF)`);
    }
    if (report.result.limit === "interrupt" && interrupts.exitCode !== null) {
      return interrupts.exitCode;
    }
    return report.result.verdict === "ok"
      ? EXIT.ok
      : report.result.verdict === "violation"
        ? EXIT.violation
        : EXIT.incomplete;
  } catch (error) {
    if (error instanceof ModelError) {
      complain(formatModelError(error));
      return EXIT.usage;
    }
    const inUserCode = userCodeFrame(error, rest[0]!);
    if (inUserCode !== null) {
      complain(
        `${inUserCode}: error: the model's TypeScript code threw: ${(error as Error).message}\n  hint: fix the protocol or variant file; synod runs its handlers on every state it explores.`,
      );
      return EXIT.usage;
    }
    complain(`synod: internal error: ${(error as Error).stack ?? String(error)}`);
    return EXIT.internal;
  } finally {
    interrupts.dispose();
  }
}

/** How often a search without the live panel reports its progress on stderr. */
const PROGRESS_EVERY_MS = 30_000;

const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MB`;
/** How a benchmark file synod wrote begins: `bench --out` replaces only such a file. */
const BENCH_SIGNATURE = "# Benchmarks\n\nGenerated by ";
const HAND_WRITTEN = "<!-- Written by hand: kept when the table above is regenerated. -->";

/** `synod bench [FOLDER] [--out FILE]`. */
function bench(
  folders: readonly string[],
  out: string | undefined,
  force: boolean,
  argv: readonly string[],
  print: (text: string) => void,
  complain: (text: string) => void,
): number {
  if (folders.length > 1) {
    complain("synod: `bench` takes one folder of models, e.g. `synod bench models/bench`.");
    return EXIT.usage;
  }
  const folder = folders[0] ?? "models/bench";
  let files: string[];
  try {
    files = benchModels(folder);
  } catch {
    complain(`synod: cannot read the folder \`${folder}\`.`);
    return EXIT.usage;
  }
  if (files.length === 0) {
    complain(`synod: \`${folder}\` holds no .synod model.`);
    return EXIT.usage;
  }
  if (out !== undefined) {
    try {
      checkRegeneratedFile(out, "--out", BENCH_SIGNATURE, force);
    } catch (error) {
      complain(formatOutputError(error as OutputError));
      return EXIT.usage;
    }
  }
  const rows: BenchRow[] = [];
  const cores = Math.min(MAX_WORKERS, availableParallelism());
  const say = (row: BenchRow) =>
    print(
      `${row.model}: ${row.distinctStates.toLocaleString("en-US")} distinct states in ${row.seconds.toFixed(2)} s on ${row.workers} thread${row.workers === 1 ? "" : "s"}`,
    );
  for (const file of files) {
    const row = benchModel(file, ["--workers", "1"]);
    rows.push(row);
    say(row);
    // Again on every core, for a model the search splits (small ones stay on one thread).
    if (cores > 1) {
      const split = benchModel(file, ["--workers", String(cores)]);
      if (split.workers > 1) {
        rows.push(split);
        say(split);
      }
    }
  }
  const table = benchTable(rows);
  print("");
  print(table);
  if (out !== undefined) {
    const command = ["synod", ...argv].join(" ");
    const date = new Date().toISOString().slice(0, 10);
    // Notes written by hand below the marker survive a regeneration.
    let notes = "";
    try {
      const previous = readFileSync(out, "utf8");
      const at = previous.indexOf(HAND_WRITTEN);
      if (at >= 0) notes = "\n" + previous.slice(at);
    } catch {
      // No previous file: nothing to keep.
    }
    writeFileSync(
      out,
      `${BENCH_SIGNATURE}\`${command}\` (\`npm run bench\`) on ${date}, on ${machine()}.\nEach model is checked in a process of its own, on one thread (\`--workers 1\`), and again on\nevery core if its search can be split and the workers took it over (\`synod check\` starts them\nbefore it loads its own modules; the search starts on one thread and hands over before its\nfirst level that one thread would take 150 ms on). Seconds are the search's, not the process's\n(which also loads Node and synod's compiled copy: about a quarter of a second).\nPeak RSS is that process's peak resident memory (worker threads included); bytes/state\nis peak RSS divided by distinct states, so it includes what a process costs before it stores a\nstate (Node and synod's modules: ${mb(baselineBytes(rows))} here, the smallest one-thread peak); above\nbaseline is peak RSS less that, divided by distinct states (for a row with workers, each worker\nalso loads the modules). Times vary from run to run; the counts do not.\n\n${table}\n\nNotes on what mattered for speed are in [performance.md](performance.md).\n${notes}`,
    );
    print(`\nwritten to ${out}`);
  }
  return EXIT.ok;
}

/** `synod trace FILE [--msc]`: a saved counterexample, as numbered steps or a chart. */
async function trace(
  files: readonly string[],
  msc: boolean,
  live: boolean,
  print: (text: string) => void,
  complain: (text: string) => void,
): Promise<number> {
  if (files.length !== 1) {
    complain("synod: `trace` takes one ITF file, e.g. `synod trace counterexample.itf.json`.");
    return EXIT.usage;
  }
  const file = files[0]!;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === "ENOENT"
        ? "no such file"
        : (error as Error).message;
    complain(`${file}: error: cannot read the trace: ${reason}`);
    return EXIT.usage;
  }
  try {
    const { trace, steps, lasso } = fromItf(json);
    const meta = trace["#meta"];
    if (live && !msc) {
      // In a terminal, the saved trace opens in the counterexample viewer.
      await (
        await import("../ui/live.tsx")
      ).viewSteps(
        meta.violated ?? "the trace",
        meta.statement ?? "",
        meta.description,
        steps,
        lasso,
      );
      return EXIT.ok;
    }
    print(
      `trace ${file}: from ${meta.source}${meta.violated === null ? "" : `, violates ${meta.violated}`}`,
    );
    if (meta.description !== "") print(`  ${meta.description}`);
    print("");
    print(msc ? renderMsc(steps) : renderSteps(steps, lasso));
    return EXIT.ok;
  } catch (error) {
    if (error instanceof TraceFileError) {
      complain(`${file}: error: ${error.message}`);
      return EXIT.usage;
    }
    throw error;
  }
}

/** `synod explore FILE [--trace T.itf.json]`: step through a model by hand. */
async function explore(
  files: readonly string[],
  tracePath: string | undefined,
  out: Output,
  complain: (text: string) => void,
): Promise<number> {
  if (files.length !== 1) {
    complain("synod: `explore` takes one model file, e.g. `synod explore models/paxos.synod`.");
    return EXIT.usage;
  }
  if (out !== process.stdout || process.stdout.isTTY !== true || process.stdin.isTTY !== true) {
    complain("synod: `explore` is interactive and needs a terminal; use `synod check` in pipes.");
    return EXIT.usage;
  }
  try {
    const loaded = await loadModel(files[0]!);
    let actions: string[] = [];
    if (tracePath !== undefined) {
      let json: unknown;
      try {
        json = JSON.parse(readFileSync(tracePath, "utf8"));
      } catch (error) {
        complain(`${tracePath}: error: cannot read the trace: ${(error as Error).message}`);
        return EXIT.usage;
      }
      actions = fromItf(json)
        .steps.slice(1)
        .map((s) => s.action);
    }
    const ui = await import("../ui/explorer.tsx");
    await ui.runExplorer(buildSystem(loaded), actions);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof ModelError) {
      complain(formatModelError(error));
      return EXIT.usage;
    }
    if (error instanceof TraceFileError) {
      complain(`${tracePath}: error: ${error.message}`);
      return EXIT.usage;
    }
    throw error;
  }
}

/**
 * Where in a protocol or variant file next to the model an error was thrown (`file:line:column`),
 * or null if it came from synod itself: a user's code throwing is the user's mistake to fix.
 */
function userCodeFrame(error: unknown, modelFile: string): string | null {
  const stack = (error as Error | undefined)?.stack ?? "";
  const synodSource = projectPath("src") + sep;
  const modelDir = resolve(dirname(modelFile));
  for (const match of stack.matchAll(/(?:file:\/\/)?(\/[^\s():]+\.ts):(\d+):(\d+)/g)) {
    const path = match[1]!;
    if (path.startsWith(synodSource) || !path.startsWith(modelDir)) continue;
    return `${relative(process.cwd(), path)}:${match[2]}:${match[3]}`;
  }
  return null;
}
