/** Counterexamples and run summaries as plain text, for terminals, pipes and CI logs. */
import type { InFlight, Snapshot } from "../core/checkable.ts";
import type { CounterexampleStep } from "./counterexample.ts";

/**
 * The trace as numbered steps, each with only what it changed. For a lasso (a liveness
 * counterexample) `loop` is the step whose state the last step returns to, and the cycle's steps
 * are marked; `stutters` says the run stays in its last state forever.
 */
export function renderSteps(
  steps: readonly CounterexampleStep[],
  lasso: { loop: number; stutters: boolean } | null = null,
): string {
  const width = String(steps.length - 1).length;
  const lines: string[] = [];
  const last = steps.length - 1;
  for (const step of steps) {
    if (lasso !== null && !lasso.stutters && step.index === lasso.loop + 1) {
      lines.push(
        `${" ".repeat(width + 3)} ↻ the cycle: steps ${step.index} to ${last} repeat forever`,
      );
    }
    const number = `${String(step.index).padStart(width + 2)}.`;
    lines.push(`${number} ${step.action}`);
    const indent = " ".repeat(number.length + 3);
    if (step.index === 0) {
      for (const line of describeNodes(step.state)) lines.push(indent + line);
      continue;
    }
    for (const change of groupChanges(step)) lines.push(indent + change);
    for (const line of describeSent(step.sent)) lines.push(indent + line);
    for (const fact of step.recorded) lines.push(`${indent}history: ${fact}`);
  }
  if (lasso !== null) {
    const pad = " ".repeat(width + 3);
    lines.push(
      lasso.stutters
        ? `${pad} ■ then nothing more happens: the run stutters in this state forever`
        : `${pad} ↻ back to the state ${lasso.loop === 0 ? "at the start" : `after step ${lasso.loop}`}; the cycle repeats forever`,
    );
  }
  return lines.join("\n");
}

/** `a1: promised - → 1.p1, accepted - → 1.p1 = a`, one line per node. */
function groupChanges(step: CounterexampleStep): string[] {
  const byNode = new Map<string, string[]>();
  for (const change of step.changes) {
    const list = byNode.get(change.node) ?? [];
    list.push(
      change.field === "status"
        ? `is ${change.to}`
        : change.from === null
          ? `${change.field} ${change.to}`
          : `${change.field} ${change.from} → ${change.to}`,
    );
    byNode.set(change.node, list);
  }
  return [...byNode].map(([node, list]) => `${node}: ${list.join(", ")}`);
}

/** Nodes with identical fields share a line: `a1, a2, a3: promised -, accepted -`. */
export function describeNodes(state: Snapshot): string[] {
  const groups = new Map<string, string[]>();
  for (const node of state.nodes) {
    const fields = Object.entries(node.fields)
      .map(([field, value]) => `${field} ${value}`)
      .join(", ");
    const key = `${node.role}\u0000${fields}${node.crashed ? ", crashed" : ""}`;
    const ids = groups.get(key) ?? [];
    ids.push(node.id);
    groups.set(key, ids);
  }
  return [...groups].map(([key, ids]) => `${ids.join(", ")}: ${key.split("\u0000")[1]}`);
}

/** A broadcast reads as one line: `p1 sends Prepare(b=1.p1) to a1, a2, a3`. */
export function describeSent(sent: readonly InFlight[]): string[] {
  const groups = new Map<string, string[]>();
  for (const m of sent) {
    const key = m.from === "" ? `sends ${m.message}` : `${m.from} sends ${m.message}`;
    groups.set(key, [...(groups.get(key) ?? []), m.to]);
  }
  return [...groups].map(([key, to]) =>
    to.every((t) => t === "") ? key : `${key} to ${to.join(", ")}`,
  );
}
