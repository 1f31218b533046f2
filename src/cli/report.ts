/** The result of a check as plain text (`--json` is json.ts's). */
import { livenessName } from "../core/protocol.ts";
import { dirname, relative, resolve } from "node:path";
import { describeFairness, type Model } from "../core/model.ts";
import { plural } from "../core/words.ts";
import { settingsOf, type LoadedModel } from "../app/load.ts";
import type { ModelSettings } from "../core/settings.ts";
import type { CheckReport, EffectiveLimits } from "../run.ts";
import { lossesNeedNoSearch } from "../app/reductions.ts";
import type { Spilled } from "../check/search.ts";
import { renderSteps } from "../trace/text.ts";
import { renderMsc } from "../trace/msc.ts";
import { compareExpectation } from "../app/expected.ts";
import { renderCoverage } from "./coverage-text.ts";

const lowerFirst = (text: string): string => text[0]!.toLowerCase() + text.slice(1);
const count = (n: number): string => n.toLocaleString("en-US");

/** The TypeScript files of the user's that a model makes synod run, relative to the cwd. */
export function userFiles(model: Model): string[] {
  return [model.protocol, model.variant]
    .filter((ref) => ref?.isFile === true)
    .map((ref) => relative(process.cwd(), resolve(dirname(model.file), ref!.name)));
}

/** What a check's text begins with: the model, what is checked, and under which settings. */
export function renderHeader(loaded: LoadedModel, limits: EffectiveLimits): string {
  const lines = describeModel(
    loaded.model,
    settingsOf(loaded.protocol),
    loaded.variant?.name ?? null,
    [...loaded.invariants, ...loaded.steps].map((i) => i.id),
    limits,
  );
  if (lossesNeedNoSearch(loaded)) {
    // After the network line: how its losses are searched.
    lines.splice(
      3,
      0,
      "  a lost message is searched as one never delivered: the same verdicts and shortest traces (--explore-drops loses them)",
    );
  }
  return lines.join("\n");
}

/** The quorum system in words: `majorities`, `phase1 3, phase2 1`, or the sets. */
function describeQuorums(model: Model): string {
  const q = model.quorums;
  if (q.kind === "majority") return "majorities";
  if (q.kind === "sizes") return `phase1 ${q.phase1}, phase2 ${q.phase2}`;
  return q.sets.map((set) => set.join(" ")).join(", ");
}

/** The limits in words: `1,000 states, depth 12, 60 s, 500 MB`, or `none`. */
function describeLimits(limits: EffectiveLimits): string {
  const parts = [
    limits.maxStates === null ? null : `${count(limits.maxStates)} states`,
    limits.maxDepth === null ? null : `depth ${limits.maxDepth}`,
    limits.maxSeconds === null ? null : `${count(limits.maxSeconds)} s`,
    limits.maxMemory === null ? null : `${count(Math.round(limits.maxMemory / 2 ** 20))} MB`,
  ].filter((part) => part !== null);
  return parts.length === 0 ? "none" : parts.join(", ");
}

/** The model in one paragraph: what is being checked. */
export function describeModel(
  model: Model,
  settings: ModelSettings,
  variant: string | null,
  invariants: readonly string[],
  limits: EffectiveLimits,
): string[] {
  const faults = [
    model.faults.drop > 0
      ? `drop ${model.faults.drop === Infinity ? "unlimited" : model.faults.drop}`
      : null,
    model.faults.duplicate > 0 ? `duplicate ${model.faults.duplicate}` : null,
    model.faults.crash > 0
      ? `crash ${plural(model.faults.crash, settings.crashNoun ?? settings.acceptorNoun)}`
      : null,
    model.faults.restart > 0 ? `restart ${plural(model.faults.restart, "proposer")}` : null,
  ].filter((f) => f !== null);
  const protocol =
    variant === null
      ? `protocol ${model.protocol.name}`
      : `protocol ${model.protocol.name}, variant ${variant}${model.variant?.isFile ? ` (${model.variant.name})` : ""}`;
  const roles = settings.describe(model);
  // A protocol's own fields, where the model gives them other than their defaults.
  const shown = (value: unknown) => (Array.isArray(value) ? value.join(", ") : String(value));
  const own = Object.entries(model.own)
    .filter(([name, value]) => {
      const field = settings.own?.find((f) => f.name === name);
      return field === undefined || shown(value) !== shown(field.default);
    })
    .map(([name, value]) => `${name} ${shown(value)}`);
  const lines = [
    `model ${model.name} (${model.file}): ${protocol}`,
    `  ${roles}${own.length === 0 ? "" : `; ${own.join("; ")}`}`,
    `  network ${model.network}; faults: ${faults.length === 0 ? "none" : faults.join(", ")}`,
  ];
  const checking = [
    ...invariants,
    ...model.liveness.map((p) => `eventually ${p.name}`),
    ...model.properties.filter((p) => p.form === "liveness").map((p) => p.name.text),
    ...model.properties
      .filter((p) => p.form === "reachable")
      .map((p) => `reachable ${p.name.text}`),
  ];
  lines.push(`  checking ${checking.length === 0 ? "nothing" : checking.join(", ")}`);
  if (model.liveness.length > 0) lines.push(`  fairness: ${describeFairness(model)}`);
  const symmetric = [
    model.symmetry.acceptors ? `${settings.acceptorNoun}s` : null,
    model.symmetry.values ? "values" : null,
  ].filter((s) => s !== null);
  // Quorums only for a protocol that has them (one of its own may not).
  const quorums =
    settings.fields.quorums === undefined ? "" : `quorums ${describeQuorums(model)}; `;
  lines.push(
    `  ${quorums}symmetry ${symmetric.length === 0 ? "none" : symmetric.join(", ")}; limits ${describeLimits(limits)}`,
  );
  // A model names code that synod runs: say which, so that nobody runs it unawares.
  const code = userFiles(model);
  if (code.length > 0) lines.push(`  runs your code: ${code.join(", ")}`);
  return lines;
}

/** How to print a counterexample: numbered steps, or a message sequence chart. */
export type TraceStyle = "steps" | "msc" | "none";

/**
 * A check's result as text: the header (unless it was printed before the search began), the
 * verdict, the counterexample in the given style, and the counts.
 */
export function renderText(
  report: CheckReport,
  style: TraceStyle = "steps",
  header = true,
): string {
  const { result, loaded } = report;
  const lines = header ? [renderHeader(loaded, report.limits), ""] : [];
  if (report.witness !== undefined) {
    lines.push(...witnessLines(report, style));
  } else if (result.verdict === "violation" && report.counterexample === null) {
    // A `reachable` witness that no state satisfies: there is no trace to show.
    lines.push(`✗ Never reachable: ${result.violated!.replace(/^reachable /, "")}`);
    lines.push(`  ${report.explanation}`);
    lines.push(...reachedLines(report, true), "");
  } else if (result.verdict === "violation") {
    const invariant = loaded.invariants.find((i) => i.id === result.violated);
    const step = loaded.steps.find((p) => p.id === result.violated);
    const lasso = result.loop === null ? null : { loop: result.loop, stutters: result.stutters };
    if (invariant !== undefined) {
      lines.push(`✗ Invariant ${invariant.id} is violated: ${invariant.statement}`);
    } else if (step !== undefined) {
      lines.push(`✗ Step property ${step.id} is violated by the last step: ${step.statement}`);
    } else {
      const predicate = loaded.liveness.find((p) => livenessName(p) === result.violated)!;
      lines.push(
        predicate.stated !== undefined
          ? `✗ Liveness property ${result.violated} is violated: \`${predicate.formula}\` fails on a fair run`
          : `✗ Liveness property ${result.violated} is violated: a fair run never reaches a state where ${lowerFirst(predicate.statement)}`,
      );
    }
    lines.push(`  ${report.explanation}`);
    if (report.picture != null) lines.push("", ...report.picture.map((line) => `    ${line}`));
    lines.push("");
    const steps = report.counterexample!;
    if (lasso === null) {
      lines.push(`Shortest counterexample: ${plural(steps.length - 1, "step")}`);
    } else if (lasso.stutters) {
      lines.push(
        `Counterexample: ${plural(steps.length - 1, "step")}, then the run stutters forever (the shortest such prefix)`,
      );
    } else {
      lines.push(
        `Counterexample: a lasso of ${plural(steps.length - 1, "step")}: ${plural(lasso.loop, "step")} to reach the cycle, then a cycle of ${plural(steps.length - 1 - lasso.loop, "step")} that repeats forever`,
      );
    }
    if (style !== "none") {
      lines.push(style === "msc" ? renderMsc(steps) : renderSteps(steps, lasso));
      if (style === "msc" && lasso !== null) {
        lines.push(
          lasso.stutters
            ? "■ then nothing more happens: the run stutters in the last state forever"
            : `↻ steps ${lasso.loop + 1} to ${steps.length - 1} repeat forever`,
        );
      }
      lines.push("");
    }
  } else if (result.verdict === "incomplete") {
    lines.push(...incomplete(report));
  } else if (report.without !== undefined) {
    const rest = [...checking(loaded), ...loaded.reachables.map((r) => `reachable ${r.id}`)];
    lines.push(`✓ Every other property holds: ${rest.join(", ")}.`);
    lines.push(...reachedLines(report));
  } else if (loaded.liveness.length === 0) {
    lines.push("✓ Every invariant holds in every reachable state.");
    lines.push(...reachedLines(report));
  } else {
    const eventually = loaded.liveness.map(livenessName).join(", ");
    lines.push(
      loaded.invariants.length + loaded.steps.length === 0
        ? `✓ Every fair run satisfies ${eventually}.`
        : `✓ Every invariant holds in every reachable state, and every fair run satisfies ${eventually}.`,
    );
    lines.push(...reachedLines(report));
  }
  lines.push(
    `  ${count(result.distinctStates)} distinct states, ${count(result.generatedStates)} generated, depth ${result.depth}`,
    `  ${result.seconds.toFixed(2)} s, ${count(Math.round(result.statesPerSecond))} distinct states/s${result.workers > 1 ? ` on ${result.workers} worker threads` : ""}`,
    result.exact
      ? "  exact storage: every state stored whole, so no two states can be confused"
      : `  fingerprint collision probability ${result.collisionProbability.toExponential(1)} (optimistic estimate, as TLC's)`,
  );
  if (result.spilled !== undefined) lines.push(spilledLine(result.spilled));
  if (loaded.model.expect !== null) {
    const { met, differences } = compareExpectation(loaded.model.expect, result);
    lines.push(
      met === null
        ? "  the model's `expect` block was not compared: the search stopped before the end"
        : met
          ? "  as the model's `expect` block says"
          : `✗ Not as the model's \`expect\` block says: ${differences.join("; ")}`,
    );
  }
  if (report.coverage !== undefined) {
    lines.push(...renderCoverage(report.coverage, result.verdict !== "ok"));
  }
  return lines.join("\n");
}

/** The names a check checks: its invariants, step properties and liveness properties. */
const checking = (loaded: LoadedModel): string[] => [
  ...loaded.invariants.map((i) => i.id),
  ...loaded.steps.map((p) => p.id),
  ...loaded.liveness.map(livenessName),
];

/**
 * A `check --continue` as text: each run's report in turn (the header printed before), then
 * every property violated, with the length of its shortest counterexample.
 */
export function renderContinued(reports: readonly CheckReport[], style: TraceStyle): string {
  const parts = reports.map((report, i) =>
    i === 0
      ? renderText(report, style, false)
      : `\n… searching again without ${report.without!.join(", ")}\n\n${renderText(report, style, false)}`,
  );
  const violated = reports.filter((r) => r.result.verdict === "violation");
  const last = reports[reports.length - 1]!;
  const each = violated.map((r) => {
    const steps = r.counterexample === null ? null : r.counterexample.length - 1;
    return steps === null ? r.result.violated! : `${r.result.violated} (${plural(steps, "step")})`;
  });
  const rest =
    last.result.verdict === "ok"
      ? "; every other property holds"
      : last.result.verdict === "incomplete"
        ? "; the last search was stopped before the end, so others may be violated too"
        : "";
  return [
    ...parts,
    "",
    `${violated.length} ${violated.length === 1 ? "property" : "properties"} violated: ${each.join(", ")}${rest}.`,
  ].join("\n");
}

/** What an incomplete check saw, what stopped it, and what to change to see more. */
function incomplete(report: CheckReport): string[] {
  const { result, loaded } = report;
  const eventually = loaded.liveness.map(livenessName).join(", ");
  const saw = result.inLiveness
    ? `  Every invariant holds in every reachable state; whether every fair run satisfies ${eventually} is not known.`
    : "  No invariant was violated in the states it saw.";
  const what = result.inLiveness ? "the liveness check" : "the search";
  const lines = incompleteLines(report, saw, what);
  if (result.abandoned !== true) return lines;
  // At the memory limit, a worker that does not answer in time is itself short of memory, not
  // running model code that loops: say so, and keep the advice on memory.
  if (result.limit === "memory") {
    return [
      lines[0]!,
      "  A worker did not answer in time when the search had to stop (short of memory itself); it was abandoned, and the counts are the last ones reported.",
      ...lines.slice(1),
    ];
  }
  // No "to see more": more of the same would not help a step that does not return.
  return [
    lines[0]!,
    "  A step was still running when the search had to stop (the model's own code, looping?); it was abandoned, and the counts are the last ones reported.",
    lines[1]!,
  ];
}

/** The lines of {@link incomplete}, before any note on an abandoned step. */
function incompleteLines(report: CheckReport, saw: string, what: string): string[] {
  const { result } = report;
  const before = result.inLiveness ? "before it was done" : "before it had seen every state";
  switch (result.limit) {
    case "interrupt":
      return [`! Interrupted: ${what} stopped ${before}.`, saw];
    case "states":
      return [
        `! Incomplete: the search reached the limit of ${count(report.limits.maxStates ?? result.distinctStates)} distinct states ${before}.`,
        saw,
        "  To see more, raise the limit: --max-states N, or `states N` in the model's `limits`.",
      ];
    case "depth":
      return [
        `! Incomplete: the search reached the depth limit ${before}.`,
        saw,
        "  To see more, raise the limit: --max-depth N, or `depth N` in the model's `limits`.",
      ];
    case "time":
      return [
        `! Incomplete: ${what} reached the time limit ${before}.`,
        saw,
        "  To see more, give it more time: --max-seconds S.",
      ];
    default:
      return [
        `! Incomplete: ${what} reached the memory limit ${before}.`,
        saw,
        report.limits.maxMemory !== null
          ? "  To see more, allow more memory: --max-memory MB."
          : "  The memory synod may use ran out (its heap, or the machine's). To see more: a larger heap (NODE_OPTIONS=--max-old-space-size=MB), fewer workers (--workers 1), or `symmetry` in the model.",
      ];
  }
}

/**
 * Each witness found, and unless `onlyFound` each whose search a limit stopped (one never
 * reachable is the verdict's).
 */
function reachedLines(report: CheckReport, onlyFound = false): string[] {
  return report.witnesses.flatMap((w) =>
    w.found === false || (onlyFound && w.found === null)
      ? []
      : w.found === true
        ? `  reachable ${w.id}: a state satisfies it ${plural(w.steps!, "step")} from the start (\`--witness ${w.id}\` shows the trace)`
        : `  reachable ${w.id}: not found before a limit stopped its search (${count(w.distinctStates)} states)`,
  );
}

/** The result of `check --witness NAME`: the shortest trace to a state that satisfies it. */
function witnessLines(report: CheckReport, style: TraceStyle): string[] {
  const { result } = report;
  const name = report.witness!;
  if (result.verdict === "ok") {
    return [`✗ Never reachable: ${name}: no reachable state satisfies it.`, ""];
  }
  if (result.verdict === "incomplete") return incomplete(report);
  const steps = report.counterexample!;
  const lines = [
    `✓ Reachable ${name}: a shortest witness, ${plural(steps.length - 1, "step")}`,
    `  ${report.explanation}`,
    "",
  ];
  if (style !== "none") {
    lines.push(style === "msc" ? renderMsc(steps) : renderSteps(steps, null), "");
  }
  return lines;
}

/** What a search under `--max-memory` moved to disk, in words. */
function spilledLine(spilled: Spilled): string {
  const parts = [];
  if (spilled.fingerprints > 0) {
    parts.push(
      `${count(spilled.fingerprints)} fingerprints (${spilled.merges} ${spilled.merges === 1 ? "merge" : "merges"})`,
    );
  }
  if (spilled.frontierBytes > 0) {
    parts.push(`${count(Math.round(spilled.frontierBytes / 2 ** 20))} MB of frontier`);
  }
  return `  went on on disk to stay under --max-memory: ${parts.join(", ")}`;
}
