/** A simulation's result as text, and as JSON (`synod simulate --json`: docs/json.md). */
import { settingsOf, type LoadedModel } from "../app/load.ts";
import { MAX_RUNS } from "../check/strategies/walk-workers.ts";
import type { MergedShards } from "../app/merge-shards.ts";
import type { CheckableSystem } from "../core/checkable.ts";
import type { SimulationReport } from "../app/simulate.ts";
import { plural } from "../core/words.ts";
import { warnings, type EffectiveLimits } from "../run.ts";
import { renderMsc } from "../trace/msc.ts";
import { renderSteps } from "../trace/text.ts";
import { checking, SCHEMA_VERSION, settingsData, traceJson } from "./json.ts";
import { describeModel, userFiles, type TraceStyle } from "./report.ts";

const count = (n: number): string => n.toLocaleString("en-US");

/** The limits a simulation runs under, in the shape a check's header shows. */
export function simulationLimits(maxSeconds: number | null, maxMemory: number | null) {
  return { maxStates: null, maxDepth: null, maxSeconds, maxMemory } satisfies EffectiveLimits;
}

/** Which walks, in words: `walks 0 to 9,999`, `walk 17`, `walks 1, 5, 9, … below 10,000`. */
function describeWalks(report: SimulationReport): string {
  const { run, runs, shard } = report.options;
  if (run !== null) return `walk ${run} alone`;
  const all = runs === MAX_RUNS;
  if (shard === null)
    return all ? "walks 0, 1, 2, … until stopped" : `walks 0 to ${count(runs - 1)}`;
  const first = shard.index - 1;
  const every = `every ${shard.count === 2 ? "2nd" : `${shard.count}th`}`;
  return `shard ${shard.index}/${shard.count}: walks ${first}, ${first + shard.count}, … (${every}${all ? "" : ` below ${count(runs)}`})`;
}

/**
 * Swarm or uniform walks, in words. A system that names no kinds of action (the message-set
 * Paxos) gives a bias nothing to weigh, so its walks are uniform whatever is asked.
 */
function describeSwarm(loaded: LoadedModel, system: CheckableSystem, swarm: boolean): string {
  if (!swarm) return "uniform walks";
  if (system.actions === undefined) {
    return `uniform walks (protocol ${loaded.protocol.name} has no kinds of action for a swarm to weigh)`;
  }
  return "swarm (each walk draws its own bias)";
}

/** What a simulation's text begins with: the model, and how it is simulated. */
export function renderSimulationHeader(
  report: Pick<SimulationReport, "loaded" | "options" | "system">,
  limits: EffectiveLimits,
): string {
  const { loaded, options } = report;
  // Walks check no liveness property: the header names only what they check.
  const lines = describeModel(
    { ...loaded.model, liveness: [] },
    settingsOf(loaded.protocol),
    loaded.variant?.name ?? null,
    [...loaded.invariants, ...loaded.steps].map((p) => p.id),
    limits,
  );
  lines.push(
    `  simulation: seed ${options.seed}; ${describeWalks(report as SimulationReport)}, ${options.run === null ? "each of" : "of"} at most ${plural(options.maxSteps, "step")}; ${describeSwarm(loaded, report.system, options.swarm)}`,
  );
  return lines.join("\n");
}

/** The command that takes the reported walk again. */
export function replayCommand(report: SimulationReport): string {
  const { options, walks } = report;
  const parts = ["synod simulate", report.loaded.model.file, `--seed ${options.seed}`];
  parts.push(`--run ${walks.run}`);
  if (options.maxSteps !== DEFAULT_MAX_STEPS) parts.push(`--max-steps ${options.maxSteps}`);
  if (!options.swarm) parts.push("--no-swarm");
  return parts.join(" ");
}

/** The most steps a walk takes unless `--max-steps` says otherwise. */
export const DEFAULT_MAX_STEPS = 100;

/** A simulation's result as text, after its header. */
export function renderSimulation(report: SimulationReport, style: TraceStyle): string {
  const { walks, loaded, shrunk } = report;
  const lines: string[] = [];
  if (walks.violated !== null) {
    const invariant = loaded.invariants.find((p) => p.id === walks.violated);
    const step = loaded.steps.find((p) => p.id === walks.violated);
    lines.push(
      invariant !== undefined
        ? `✗ Invariant ${invariant.id} is violated: ${invariant.statement}`
        : `✗ Step property ${step!.id} is violated by the last step: ${step!.statement}`,
    );
    lines.push(`  ${report.explanation}`);
    lines.push(
      `  Found by walk ${walks.run} of seed ${walks.seed}${report.bias === null ? "" : ` (bias: ${report.bias})`}, in ${plural(shrunk!.walked, "step")}; shortened to ${shrunk!.searched} (delta debugging: ${shrunk!.debugged}; then search: ${shrunk!.searched})${shrunk!.cut ? ", cut short by an interrupt" : ""}.`,
    );
    lines.push(`  Take that walk again: ${replayCommand(report)}`);
    lines.push("");
    lines.push(`Shortened counterexample: ${plural(shrunk!.searched, "step")}`);
    if (style !== "none") {
      lines.push(
        style === "msc"
          ? renderMsc(report.counterexample!)
          : renderSteps(report.counterexample!, null),
      );
      lines.push("");
    }
  } else {
    const stopped =
      walks.limit === null
        ? ""
        : walks.limit === "interrupt"
          ? " (interrupted)"
          : ` (the ${walks.limit === "time" ? "time" : "memory"} limit stopped it)`;
    lines.push(
      `✓ No property was violated in ${count(walks.runs)} random ${walks.runs === 1 ? "walk" : "walks"}${stopped}.`,
    );
  }
  for (const w of witnessesMet(report)) {
    lines.push(
      w.run === null
        ? `  reachable ${w.name}: met by no walk`
        : `  reachable ${w.name}: met by walk ${w.run}, at step ${w.step}`,
    );
  }
  lines.push(
    `  ${count(walks.runs)} ${walks.runs === 1 ? "walk" : "walks"}, ${count(walks.steps)} steps, the longest ${plural(walks.deepest, "step")}`,
    `  ${walks.seconds.toFixed(2)} s, ${count(stepsPerSecond(report))} steps/s${report.workers > 1 ? ` on ${report.workers} worker threads (${count(Math.round(stepsPerSecond(report) / report.workers))} per thread)` : ""}`,
    "  Simulation finds violations; it cannot show that a property holds (`synod check` can). Liveness is not checked.",
  );
  return lines.join("\n");
}

/** Each `reachable` witness of the model: the first walk that met it, and the step, or nulls. */
function witnessesMet(report: SimulationReport) {
  return report.loaded.reachables.map((reachable) => {
    const seen = report.walks.witnesses.find((w) => w.id === reachable.id);
    return {
      name: reachable.id,
      formula: reachable.formula,
      run: seen?.run ?? null,
      step: seen?.step ?? null,
    };
  });
}

const stepsPerSecond = (report: SimulationReport): number =>
  report.walks.seconds === 0 ? 0 : Math.round(report.walks.steps / report.walks.seconds);

/** The result as one JSON object. */
export function renderSimulationJson(report: SimulationReport, limits: EffectiveLimits): string {
  const { loaded, walks, shrunk, options } = report;
  const model = loaded.model;
  return JSON.stringify(
    {
      schemaVersion: SCHEMA_VERSION,
      command: "simulate",
      model: model.file,
      name: model.name,
      protocol: model.protocol.name,
      variant: loaded.variant?.name ?? null,
      runsUserCode: userFiles(model),
      settings: settingsData(loaded, limits, false),
      checking: {
        invariants: checking(loaded).invariants,
        stepProperties: checking(loaded).stepProperties,
      },
      warnings: warnings(loaded),
      simulation: {
        seed: options.seed,
        runs: options.runs === MAX_RUNS ? null : options.runs,
        maxSteps: options.maxSteps,
        swarm: options.swarm,
        run: options.run,
        shard: options.shard,
      },
      verdict: walks.violated === null ? "none-found" : "violation",
      violated: walks.violated,
      explanation: report.explanation,
      foundBy:
        walks.run === null
          ? null
          : {
              run: walks.run,
              bias: report.bias,
              walkedSteps: shrunk!.walked,
              debuggedSteps: shrunk!.debugged,
              steps: shrunk!.searched,
              shorteningCut: shrunk!.cut,
              replay: replayCommand(report),
            },
      stoppedBy: walks.limit,
      witnesses: witnessesMet(report),
      runs: walks.runs,
      steps: walks.steps,
      deepest: walks.deepest,
      seconds: Number(walks.seconds.toFixed(3)),
      stepsPerSecond: stepsPerSecond(report),
      workers: report.workers,
      perWorker: report.perWorker.map((p) => ({
        runs: p.runs,
        steps: p.steps,
        stepsPerSecond: p.seconds === 0 ? 0 : Math.round(p.steps / p.seconds),
      })),
      trace: report.counterexample === null ? null : traceJson(report.counterexample),
    },
    null,
    2,
  );
}

/** Shards combined (`synod simulate --merge`), as text. */
export function renderMerged(merged: MergedShards): string {
  const first = merged.shards[0]!;
  const { seed, runs, maxSteps, swarm } = first.simulation;
  const walks =
    runs === null ? "walks until each shard's time was up" : `walks below ${count(runs)}`;
  const lines = [
    `model ${first.name} (${first.model}): ${merged.shards.length} of ${merged.count} shards of seed ${seed}; ${walks}, of at most ${plural(maxSteps, "step")}; ${swarm ? "swarm" : "uniform walks"}`,
  ];
  for (const shard of merged.shards) {
    const { index } = shard.simulation.shard!;
    const what =
      shard.foundBy === null
        ? `none found${shard.stoppedBy === null ? "" : ` (stopped by ${shard.stoppedBy})`}`
        : `${shard.violated} violated by walk ${shard.foundBy.run}`;
    lines.push(
      `  shard ${index}/${merged.count} (${shard.file}): ${count(shard.runs)} walks, ${count(shard.steps)} steps, ${what}`,
    );
  }
  if (merged.missing.length > 0) {
    lines.push(
      `! Not merged: ${merged.missing.map((i) => `shard ${i}/${merged.count}`).join(", ")}: their walks are not counted.`,
    );
  }
  lines.push("");
  const found = merged.found;
  if (found === null) {
    lines.push(`✓ No property was violated in ${count(merged.runs)} random walks.`);
  } else {
    const by = found.foundBy!;
    lines.push(
      `✗ ${found.violated} is violated, first by walk ${by.run} (shard ${found.simulation.shard!.index}/${merged.count}).`,
      `  ${found.explanation}`,
      `  Shortened from ${plural(by.walkedSteps, "step")} to ${by.steps}; see it step by step: ${by.replay}`,
    );
  }
  lines.push(
    `  ${count(merged.runs)} walks, ${count(merged.steps)} steps, the longest ${plural(merged.deepest, "step")}, in all`,
    "  Simulation finds violations; it cannot show that a property holds (`synod check` can). Liveness is not checked.",
  );
  return lines.join("\n");
}
