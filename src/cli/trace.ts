/**
 * `synod trace FILE [--msc]` shows a saved counterexample; `synod explore FILE [--trace T]`
 * steps through a model by hand, along a saved trace if given. Both read ITF files synod wrote.
 */
import { withLosses } from "../app/reductions.ts";
import { readFileSync } from "node:fs";
import { loadModel } from "../app/load.ts";
import { buildSystem } from "../run.ts";
import { fromItf, TraceFileError } from "../trace/itf.ts";
import { renderMsc } from "../trace/msc.ts";
import { checkNewFile, writeSvg } from "../app/outputs.ts";
import { renderSteps } from "../trace/text.ts";
import { parseCommand, UsageError } from "./args.ts";
import { EXIT, reportFailure, TraceFileProblem } from "./failure.ts";
import type { Output } from "./main.ts";

/** A trace file read and decoded, or a {@link TraceFileProblem} that names the file. */
export function readTrace(file: string): ReturnType<typeof fromItf> {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new TraceFileProblem(
      file,
      code === "ENOENT"
        ? "cannot read the trace: no such file"
        : code === "EISDIR"
          ? "cannot read the trace: it is a folder"
          : error instanceof SyntaxError
            ? `not a trace: the file is not JSON (${error.message})`
            : `cannot read the trace: ${(error as Error).message}`,
    );
  }
  try {
    return fromItf(json);
  } catch (error) {
    if (error instanceof TraceFileError) throw new TraceFileProblem(file, error.message);
    // A shape fromItf did not foresee: still the file's fault, not synod's.
    throw new TraceFileProblem(
      file,
      `not a trace synod can read: ${(error as Error).message} (synod reads the ITF traces it writes with --out-itf)`,
    );
  }
}

export async function trace(args: readonly string[], out: Output, err: Output): Promise<number> {
  const print = (text: string) => out.write(text + "\n");
  const complain = (text: string) => err.write(text + "\n");
  try {
    const { values, positionals } = parseCommand("trace", args, {
      msc: { type: "boolean" },
      "no-tui": { type: "boolean" },
      "out-svg": { type: "string", value: "OUT" },
      force: { type: "boolean" },
    });
    if (positionals.length !== 1) {
      throw new UsageError(
        "`trace` takes one ITF file",
        "e.g. `synod trace counterexample.itf.json`.",
      );
    }
    const file = positionals[0]!;
    const live =
      values["no-tui"] !== true && out === process.stdout && process.stdout.isTTY === true;
    const svg = values["out-svg"];
    if (svg !== undefined) checkNewFile(svg, "--out-svg", values.force === true);
    const { trace, steps, lasso } = readTrace(file);
    const meta = trace["#meta"];
    if (svg !== undefined) {
      // Drawn, not shown: the chart goes to the file.
      writeSvg(svg, steps, `${meta.source}: ${meta.violated ?? "a trace"}`);
      print(`message sequence chart of ${file} written to ${svg} (SVG)`);
      return EXIT.ok;
    }
    if (live && values.msc !== true) {
      // In a terminal, the saved trace opens in the counterexample viewer.
      const ui = await import("../ui/live.tsx");
      await ui.viewSteps(
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
    print(values.msc === true ? renderMsc(steps) : renderSteps(steps, lasso));
    return EXIT.ok;
  } catch (error) {
    return reportFailure(error, complain, args.includes("--debug"));
  }
}

export async function explore(args: readonly string[], out: Output, err: Output): Promise<number> {
  const complain = (text: string) => err.write(text + "\n");
  try {
    const { values, positionals } = parseCommand("explore", args, {
      trace: { type: "string", value: "T.itf.json" },
    });
    if (positionals.length !== 1) {
      throw new UsageError(
        "`explore` takes one model file",
        "e.g. `synod explore models/paxos.synod`.",
      );
    }
    if (out !== process.stdout || process.stdout.isTTY !== true || process.stdin.isTTY !== true) {
      throw new UsageError(
        "`explore` is interactive and needs a terminal",
        "use `synod check` in pipes, or `synod trace FILE` to print a saved trace.",
      );
    }
    // Steps taken by hand (or from a saved trace) may lose a message.
    const loaded = withLosses(await loadModel(positionals[0]!));
    const actions =
      values.trace === undefined
        ? []
        : readTrace(values.trace)
            .steps.slice(1)
            .map((s) => s.action);
    const ui = await import("../ui/explorer.tsx");
    await ui.runExplorer(buildSystem(loaded), actions);
    return EXIT.ok;
  } catch (error) {
    return reportFailure(error, complain, args.includes("--debug"));
  }
}
