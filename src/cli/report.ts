/** The result of a check as plain text and as JSON. */
import type { Model } from "../lang/model.ts";
import type { CheckReport } from "../run.ts";
import { renderSteps } from "../trace/text.ts";
import { renderMsc } from "../trace/msc.ts";

const count = (n: number): string => n.toLocaleString("en-US");
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The model in one paragraph: what is being checked. */
export function describeModel(
  model: Model,
  variant: string | null,
  invariants: readonly string[],
): string[] {
  const values =
    model.valueChoice === "each"
      ? model.values.map((v, i) => `p${i + 1} proposes ${v}`).join(", ")
      : `each may propose any of ${model.values.join(", ")}`;
  const faults = [
    model.faults.drop > 0 ? `drop ${model.faults.drop}` : null,
    model.faults.duplicate > 0 ? `duplicate ${model.faults.duplicate}` : null,
    model.faults.crash > 0 ? `crash ${plural(model.faults.crash, "acceptor")}` : null,
    model.faults.restart > 0 ? `restart ${plural(model.faults.restart, "proposer")}` : null,
  ].filter((f) => f !== null);
  const ballots = model.ballots.every((b) => b === model.ballots[0])
    ? `${plural(model.ballots[0]!, "ballot")} per proposer`
    : `ballots ${model.ballots.map((b, i) => `p${i + 1}: ${b}`).join(", ")}`;
  const protocol =
    variant === null
      ? `protocol ${model.protocol.name}`
      : `protocol ${model.protocol.name}, variant ${variant}${model.variant?.isFile ? ` (${model.variant.name})` : ""}`;
  return [
    `model ${model.name} (${model.file}): ${protocol}`,
    `  ${plural(model.acceptors, "acceptor")}, ${plural(model.proposers, "proposer")} (${values}), ${plural(model.learners, "learner")}, ${ballots}`,
    `  network ${model.network}; faults: ${faults.length === 0 ? "none" : faults.join(", ")}`,
    `  checking ${invariants.join(", ")}`,
  ];
}

/** How to print a counterexample: numbered steps, or a message sequence chart. */
export type TraceStyle = "steps" | "msc" | "none";

export function renderText(report: CheckReport, style: TraceStyle = "steps"): string {
  const { result, loaded } = report;
  const lines = describeModel(
    loaded.model,
    loaded.variant?.name ?? null,
    [...loaded.invariants, ...loaded.steps].map((i) => i.id),
  );
  lines.push("");
  if (result.verdict === "violation") {
    const invariant = loaded.invariants.find((i) => i.id === result.violated);
    if (invariant !== undefined) {
      lines.push(`✗ Invariant ${invariant.id} is violated: ${invariant.statement}`);
    } else {
      const step = loaded.steps.find((p) => p.id === result.violated)!;
      lines.push(`✗ Step property ${step.id} is violated by the last step: ${step.statement}`);
    }
    lines.push(`  ${report.explanation}`);
    lines.push("");
    const steps = report.counterexample!;
    lines.push(`Shortest counterexample: ${plural(steps.length - 1, "step")}`);
    if (style !== "none") {
      lines.push(style === "msc" ? renderMsc(steps) : renderSteps(steps));
      lines.push("");
    }
  } else if (result.verdict === "incomplete") {
    const bound =
      result.limit === "states"
        ? `the limit of ${count(loaded.model.limits.maxStates ?? result.distinctStates)} distinct states`
        : result.limit === "depth"
          ? "the depth limit"
          : "the memory limit";
    lines.push(`! Incomplete: the search reached ${bound} before it had seen every state.`);
    lines.push("  No invariant was violated in the states it did see.");
  } else {
    lines.push("✓ Every invariant holds in every reachable state.");
  }
  lines.push(
    `  ${count(result.distinctStates)} distinct states, ${count(result.generatedStates)} generated, depth ${result.depth}`,
    `  ${result.seconds.toFixed(2)} s, ${count(Math.round(result.statesPerSecond))} distinct states/s`,
    result.collisionProbability === 0
      ? "  exact storage: every state stored whole, so no two states can be confused"
      : `  fingerprint collision probability ${result.collisionProbability.toExponential(1)} (optimistic estimate, as TLC's)`,
  );
  return lines.join("\n");
}

export function renderJson(report: CheckReport): string {
  const { result, loaded } = report;
  const model = loaded.model;
  return JSON.stringify(
    {
      model: model.file,
      name: model.name,
      protocol: model.protocol.name,
      variant: loaded.variant?.name ?? null,
      invariants: loaded.invariants.map((i) => i.id),
      steps: loaded.steps.map((p) => p.id),
      verdict: result.verdict,
      violated: result.violated,
      explanation: report.explanation,
      limit: result.limit,
      distinctStates: result.distinctStates,
      generatedStates: result.generatedStates,
      depth: result.depth,
      seconds: Number(result.seconds.toFixed(3)),
      statesPerSecond: Math.round(result.statesPerSecond),
      collisionProbability: result.collisionProbability,
      // The whole process's peak resident memory, in bytes (Node reports kilobytes).
      peakResidentBytes: process.resourceUsage().maxRSS * 1024,
      trace:
        report.counterexample?.map((step) => ({
          step: step.index,
          action: step.action,
          state: {
            nodes: Object.fromEntries(
              step.state.nodes.map((n) => [
                n.id,
                { role: n.role, crashed: n.crashed, ...n.fields },
              ]),
            ),
            messages: step.state.messages,
            budget: step.state.budget,
            history: step.state.history,
          },
          changes: step.changes,
          sent: step.sent,
          recorded: step.recorded,
        })) ?? null,
    },
    null,
    2,
  );
}
