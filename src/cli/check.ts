/** `synod check FILE [options]`: check every reachable state of a model. */
import { withLosses } from "../app/reductions.ts";
import { existsSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { Budget, type StopReason } from "../check/budget.ts";
import type { Progress } from "../check/search.ts";
import { abandonedResult } from "../check/result.ts";
import { MAX_WORKERS } from "../check/parallel-protocol.ts";
import { loadModel, typecheckModelFile, type LoadedModel } from "../app/load.ts";
import {
  buildSystem,
  checkModel,
  checkModelAsync,
  checkpointIdentity,
  parallelism,
  warnings,
  WORKERS_AFTER_MS,
  type CheckReport,
  type EffectiveLimits,
} from "../run.ts";
import { parseCommand, UsageError, wholeNumber, type OptionSpec } from "./args.ts";
import { describeFailure, EXIT } from "./failure.ts";
import { compareExpectation } from "../app/expected.ts";
import { renderJson, renderJsonError } from "./json.ts";
import { catchInterrupts } from "./interrupt.ts";
import { checkNewFile, OutputError, writeItf, writeSvg } from "../app/outputs.ts";
import { renderContinued, renderHeader, renderText } from "./report.ts";
import { startWatchdog, type Watchdog } from "../runtime/watchdog.ts";
import {
  checkpointFolderProblem,
  folderCheckpointer,
  readCheckpoint,
  type CheckpointSettings,
} from "../check/checkpoint.ts";
import type { SearchSnapshot } from "../check/snapshot.ts";
import type { Output } from "./main.ts";
import { runSelfCheck } from "./self-check.ts";
import { witnessModel } from "../app/witnesses.ts";
import { checkContinuing } from "./continue.ts";
import { coverageProblem } from "../app/coverage.ts";
import { didYouMean } from "../lang/suggest.ts";
import type { Reachable } from "../lang/user-properties.ts";
import { checkBatch } from "./batch.ts";
import { progressLines } from "./progress-lines.ts";

export const CHECK_OPTIONS = {
  json: { type: "boolean" },
  "no-tui": { type: "boolean" },
  "max-states": { type: "string", value: "N" },
  "max-depth": { type: "string", value: "N" },
  "max-memory": { type: "string", value: "MB" },
  "max-seconds": { type: "string", value: "S" },
  msc: { type: "boolean" },
  "out-itf": { type: "string", value: "FILE" },
  "out-svg": { type: "string", value: "FILE" },
  force: { type: "boolean" },
  exact: { type: "boolean" },
  workers: { type: "string", value: "N" },
  checkpoint: { type: "string", value: "DIR" },
  "checkpoint-every": { type: "string", value: "MINUTES" },
  resume: { type: "string", value: "DIR" },
  "self-check": { type: "boolean" },
  "no-typecheck": { type: "boolean" },
  expect: { type: "boolean" },
  witness: { type: "string", value: "NAME" },
  continue: { type: "boolean" },
  coverage: { type: "boolean" },
  "explore-drops": { type: "boolean" },
} as const satisfies Record<string, OptionSpec>;

/** Minutes between two checkpoints, unless `--checkpoint-every` says otherwise (as TLC's). */
const CHECKPOINT_EVERY_MINUTES = 10;

const n = (x: number): string => x.toLocaleString("en-US");

export async function check(args: readonly string[], out: Output, err: Output): Promise<number> {
  const print = (text: string) => out.write(text + "\n");
  const complain = (text: string) => err.write(text + "\n");
  let debug = args.includes("--debug");
  // With --json a failure is a JSON object too (on stdout), as well as words (on stderr).
  const fail = (error: unknown): number => {
    const failure = describeFailure(error, debug);
    complain(failure.text);
    if (args.includes("--json")) print(renderJsonError(failure));
    return failure.exitCode;
  };
  let checkpointing: { folder: string; everyMs: number } | null = null;
  let values;
  let positionals: string[];
  let settings: {
    maxStates: number | null;
    maxDepth: number | null;
    maxMemory: number | null;
    maxSeconds: number | null;
    workers: number | null;
    exact: boolean;
  };
  try {
    ({ values, positionals } = parseCommand("check", args, CHECK_OPTIONS));
    debug = values.debug === true;
    if (positionals.length === 0) {
      throw new UsageError("`check` needs a model file", "e.g. `synod check models/paxos.synod`.");
    }
    // Several models, or a folder of them: a batch (cli/batch.ts).
    if (positionals.length > 1 || isFolder(positionals[0]!)) {
      if (values.continue === true) {
        throw new UsageError(
          "--continue checks one model",
          "give one model file; a batch reports each model's first violation.",
        );
      }
      if (values.coverage === true) {
        throw new UsageError(
          "--coverage checks one model",
          "give one model file: its coverage is a table of its own.",
        );
      }
      const workers = wholeNumber("workers", values.workers, 1, MAX_WORKERS);
      return await checkBatch(positionals, { ...values, workers: workers ?? undefined }, out, err);
    }
    const maxMemoryMB = wholeNumber("max-memory", values["max-memory"]);
    settings = {
      maxStates: wholeNumber("max-states", values["max-states"]),
      maxDepth: wholeNumber("max-depth", values["max-depth"]),
      maxMemory: maxMemoryMB === null ? null : maxMemoryMB * 2 ** 20,
      maxSeconds: wholeNumber("max-seconds", values["max-seconds"]),
      workers: wholeNumber("workers", values.workers, 1, MAX_WORKERS),
      exact: values.exact === true,
    };
    // Every file the check will write is checked before it starts.
    for (const option of ["out-itf", "out-svg"] as const) {
      const path = values[option];
      if (path !== undefined) checkNewFile(path, `--${option}`, values.force === true);
    }
    const every = wholeNumber("checkpoint-every", values["checkpoint-every"]);
    const folder = values.checkpoint ?? values.resume;
    if (every !== null && folder === undefined) {
      throw new UsageError(
        "--checkpoint-every needs --checkpoint DIR (or --resume DIR)",
        "e.g. `--checkpoint run1 --checkpoint-every 5`.",
      );
    }
    if (values.continue === true) {
      refuseClash(
        "--continue",
        {
          "--witness": values.witness,
          "--checkpoint": values.checkpoint,
          "--resume": values.resume,
        },
        "--continue runs the check again without each violated property; leave out one of the two.",
      );
    }
    if (values.coverage === true) {
      refuseClash(
        "--coverage",
        { "--witness": values.witness, "--continue": values.continue, "--resume": values.resume },
        "--coverage counts what one whole search explores; leave out one of the two.",
      );
    }
    if (values.exact === true && folder !== undefined) {
      throw new UsageError(
        "--exact keeps every state whole, and its checkpoints are not supported",
        "leave out --exact to checkpoint or resume the search.",
      );
    }
    if (values.checkpoint !== undefined) {
      const problem = checkpointFolderProblem(values.checkpoint);
      if (problem !== null) {
        throw new OutputError(
          `--checkpoint ${values.checkpoint}: ${problem}`,
          "give a new or empty folder, or one that holds only a checkpoint (it is replaced).",
        );
      }
    }
    checkpointing =
      folder === undefined
        ? null
        : { folder, everyMs: (every ?? CHECKPOINT_EVERY_MINUTES) * 60_000 };
  } catch (error) {
    return fail(error);
  }
  const file = positionals[0]!;
  const json = values.json === true;
  // The live panel is for a person at a terminal; pipes, CI and --json get plain output.
  // A witness search runs here, on one thread: the panel's search thread and the search
  // workers load the model from its file, which states the witness, not its negation.
  // --continue's runs are reported one after another, as plain text. Under --max-memory too:
  // the panel and its search thread take about 55 MB of their own (docs/design.md).
  const live =
    !json &&
    values["no-tui"] !== true &&
    values.witness === undefined &&
    values.continue !== true &&
    values["max-memory"] === undefined &&
    out === process.stdout &&
    process.stdout.isTTY === true;
  // The type check of the user's code is synod's own work: done before the limits count.
  if (values["no-typecheck"] !== true) {
    try {
      await typecheckModelFile(file);
    } catch (error) {
      return fail(error);
    }
  }
  // The limits count from here: reading the model and building its system are within them.
  const budget = new Budget({ maxSeconds: settings.maxSeconds, maxMemory: settings.maxMemory });
  const started = performance.now();
  // In the panel a note on stderr would tear its drawing; the panel's end says enough.
  const interrupts = catchInterrupts(budget, live ? () => {} : complain);
  let loaded: LoadedModel | null = null;
  let headerPrinted = false;
  let lastProgress: Progress | null = null;

  /** The end of a check whose thread was stuck in a step that did not return. */
  const abandon = (reason: StopReason): never => {
    const result = abandonedResult(reason, lastProgress, (performance.now() - started) / 1000);
    if (loaded === null) {
      complain(
        `synod: the ${reason === "time" ? "time limit passed" : "check was stopped"} while the model's code was loading, and it did not return: it was abandoned.`,
      );
    } else {
      const report = {
        loaded,
        system: null as never,
        result,
        limits: limitsOf(loaded, settings),
        explanation: null,
        counterexample: null,
        witnesses: [],
      } satisfies CheckReport;
      print(json ? renderJson(report) : renderText(report, "steps", !headerPrinted));
    }
    process.exit(EXIT.incomplete);
  };
  // In the main thread, a step that never returns (the model's own code looping) is ended by a
  // watchdog; the live panel searches in a thread of its own, which it can end itself.
  const watchdog: Watchdog | null =
    live || budget.deadline === null ? null : startWatchdog(budget, abandon);
  try {
    loaded = await loadModel(file, { typecheck: false });
    // Coverage counts the losses too, so it needs them searched (app/reductions.ts).
    if (values["explore-drops"] === true || values.coverage === true) loaded = withLosses(loaded);
    if (values["self-check"] === true) return runSelfCheck(loaded, settings.maxStates, print);
    // --witness NAME: a search for that `reachable` witness alone; its "violation" is the witness.
    const witness = values.witness;
    if (witness !== undefined) loaded = witnessModel(loaded, reachableNamed(loaded, witness));
    for (const warning of warnings(loaded)) complain(`synod: warning: ${warning}`);
    const identity = checkpointIdentity(loaded, settings.exact);
    let resume: SearchSnapshot | undefined;
    if (values.resume !== undefined) {
      const read = readCheckpoint(values.resume, identity);
      // The live panel's search thread reads the checkpoint itself: this thread keeps none of it.
      if (!live) resume = read.snapshot;
      complain(
        `synod: resuming from ${values.resume}: ${n(read.summary.distinct)} states found, at depth ${read.summary.depth}, written ${read.summary.written}.`,
      );
    }
    let lastCheckpoint: { distinct: number; depth: number } | null = null;
    const checkpointSettings: CheckpointSettings | null =
      checkpointing === null ? null : { ...checkpointing, identity, modelFile: file };
    const checkpoint =
      checkpointSettings === null
        ? undefined
        : folderCheckpointer(checkpointSettings, (snapshot) => {
            lastCheckpoint = { distinct: snapshot.store.size, depth: snapshot.depth };
            if (!json) {
              complain(
                `synod: checkpoint written to ${checkpointSettings.folder} (${n(snapshot.store.size)} states, depth ${snapshot.depth}).`,
              );
            }
          });
    const workers = settings.workers ?? Math.min(MAX_WORKERS, availableParallelism());
    // Asked for by name, workers that cannot be used deserve a word; the default does not.
    const system = buildSystem(loaded);
    const coverage = values.coverage === true;
    const problem = coverage ? coverageProblem(loaded, system) : null;
    if (problem !== null) {
      throw new UsageError(
        `--coverage: ${problem}`,
        "check the model without --coverage, or write the protocol as nodes (docs/authoring.md).",
      );
    }
    const split = parallelism(
      loaded,
      system,
      workers,
      settings.exact,
      coverage,
      settings.maxMemory,
    );
    if (settings.workers !== null && split.why !== null) {
      complain(`synod: note: searching on one thread, not ${settings.workers}: ${split.why}.`);
    }
    // Without the panel, the header comes first: what is being checked, while it is.
    if (!live && !json) {
      print(renderHeader(loaded, limitsOf(loaded, settings)) + "\n");
      headerPrinted = true;
    }
    // Without the panel, a long search says where it is on stderr now and then, as TLC does.
    const line = progressLines<Progress>(
      complain,
      (p) =>
        `${Math.round(p.seconds)} s: ${n(p.distinctStates)} distinct states, ${n(p.generatedStates)} generated, depth ${p.depth}, ${n(p.queued)} queued, ${Math.round(p.memoryBytes / 2 ** 20)} MB`,
    );
    const note = (progress: Progress): void => {
      lastProgress = progress;
      line(progress);
    };
    const options = {
      ...settings,
      workers,
      budget,
      coverage,
      exploreDrops: loaded.model.exploreDrops === true,
    };
    // --continue: the check again without each violated property, until one finds no more.
    const continued =
      values.continue === true
        ? await checkContinuing(loaded, (model) =>
            checkModelAsync(model, { ...options, onProgress: note }),
          )
        : null;
    const report: CheckReport =
      continued !== null
        ? continued[0]!
        : witness !== undefined
          ? { ...checkModel(loaded, { ...options, onProgress: note }), witness }
          : live
            ? await (
                await import("../ui/live.tsx")
              ).checkWithProgress(loaded, options, {
                checkpoint: checkpointSettings,
                resume: values.resume ?? null,
                written: (at) => (lastCheckpoint = at),
              })
            : await checkModelAsync(loaded, {
                ...options,
                onProgress: note,
                ...(checkpoint === undefined ? {} : { checkpoint }),
                ...(resume === undefined ? {} : { resume }),
              });
    await watchdog?.stop();
    // Workers asked for by name that could have run but did not: the search was done first.
    const ran = report.result.workers;
    if (settings.workers !== null && split.why === null && ran < settings.workers) {
      complain(
        `synod: note: searched on ${ran === 1 ? "one thread" : `${ran} threads`}, not ${settings.workers}: the search was done before workers could take it over (they start after ${WORKERS_AFTER_MS / 1000} s, and take over at a level worth it).`,
      );
    }
    // In a terminal, a violation opens the viewer; the plain report then gives the summary.
    const view = live && values.msc !== true && report.counterexample !== null;
    if (view) await (await import("../ui/live.tsx")).viewCounterexample(report);
    const saved = lastCheckpoint as { distinct: number; depth: number } | null;
    const resumeWith =
      saved !== null && report.result.verdict === "incomplete"
        ? {
            folder: checkpointing!.folder,
            command: `synod check ${file} --resume ${checkpointing!.folder}`,
          }
        : null;
    const style = view ? "none" : values.msc ? "msc" : "steps";
    print(
      json
        ? renderJson(report, resumeWith?.folder ?? null, continued)
        : continued !== null
          ? renderContinued(continued, style)
          : renderText(report, style, !headerPrinted) +
            (resumeWith === null
              ? ""
              : `\n  checkpoint in ${resumeWith.folder} (the search as it stood at depth ${saved!.depth}, ${n(saved!.distinct)} states found): go on with \`${resumeWith.command}\``),
    );
    const itfFile = values["out-itf"];
    if (itfFile !== undefined && report.counterexample !== null) {
      const { loaded, result } = report;
      const lasso = result.loop === null ? null : { loop: result.loop, stutters: result.stutters };
      writeItf(itfFile, loaded, report.counterexample, result.violated!, report.explanation, lasso);
      if (!json) print(`\ncounterexample written to ${itfFile} (ITF)`);
    }
    const svgFile = values["out-svg"];
    if (svgFile !== undefined && report.counterexample !== null) {
      const title = `${report.loaded.model.name}: ${report.result.violated} is violated`;
      writeSvg(svgFile, report.counterexample, title);
      if (!json) print(`\nmessage sequence chart written to ${svgFile} (SVG)`);
    }
    if (report.result.limit === "interrupt" && interrupts.exitCode !== null) {
      return interrupts.exitCode;
    }
    if (witness !== undefined) {
      const verdict = report.result.verdict;
      return verdict === "violation"
        ? EXIT.ok
        : verdict === "ok"
          ? EXIT.violation
          : EXIT.incomplete;
    }
    const expect = report.loaded.model.expect;
    if (expect !== null) {
      // Null when the search did not finish: nothing to compare.
      const met = compareExpectation(expect, report.result).met;
      if (met === false) return EXIT.unexpected;
      // With --expect, a run that is what the model expects is a success, violation or not.
      if (met === true && values.expect === true) return EXIT.ok;
    }
    return report.result.verdict === "ok"
      ? EXIT.ok
      : report.result.verdict === "violation"
        ? EXIT.violation
        : EXIT.incomplete;
  } catch (error) {
    return fail(error);
  } finally {
    await watchdog?.stop();
    interrupts.dispose();
  }
}

const isFolder = (path: string): boolean => existsSync(path) && statSync(path).isDirectory();

/** The limits a check runs under: the command line's, or else the model's. */
function limitsOf(
  loaded: LoadedModel,
  given: {
    maxStates: number | null;
    maxDepth: number | null;
    maxSeconds: number | null;
    maxMemory: number | null;
  },
): EffectiveLimits {
  return {
    maxStates: given.maxStates ?? loaded.model.limits.maxStates,
    maxDepth: given.maxDepth ?? loaded.model.limits.maxDepth,
    maxSeconds: given.maxSeconds,
    maxMemory: given.maxMemory,
  };
}

/** The model's `reachable` property `name`, for `--witness`. */
function reachableNamed(loaded: LoadedModel, name: string): Reachable {
  const found = loaded.reachables.find((r) => r.id === name);
  if (found !== undefined) return found;
  const names = loaded.reachables.map((r) => r.id);
  throw new UsageError(
    `--witness ${name}: the model states no \`reachable ${name}\``,
    names.length === 0
      ? "state one in the model, e.g. `reachable decided: exists l in learners: l.decided != none`."
      : didYouMean(name, names, "reachable properties"),
  );
}

/** Refuses `option` beside any of `others` that was given (not undefined). */
function refuseClash(option: string, others: Record<string, unknown>, hint: string): void {
  const clash = Object.keys(others).find((name) => others[name] !== undefined);
  if (clash !== undefined) {
    throw new UsageError(`${option} cannot be given with ${clash}`, hint);
  }
}
