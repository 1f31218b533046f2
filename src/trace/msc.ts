/**
 * A counterexample as a plain-text message sequence chart: one column per node, one row per
 * step. A delivery is an arrow from sender to receiver, drawn when the message is received; a
 * lost message is a dashed arrow ending in x; a duplicated one a double arrow. A node's own step
 * is a dot on its lane; crashes, recoveries and restarts are marked on the lane, and a crashed
 * node's lane is dotted until it recovers. Each row ends with the step in words.
 */
import type { CounterexampleStep } from "./counterexample.ts";

const ROLE_ORDER = ["proposer", "acceptor", "learner"];

/**
 * The chart's lanes, left to right: proposers, acceptors, learners, then other roles, each in
 * the state's order; `""` first for events of no node (a message-set spec's Phase1a and Phase2a).
 */
export function mscLanes(steps: readonly CounterexampleStep[]): string[] {
  const nodes = [...steps[0]!.state.nodes].sort(
    (a, b) =>
      rank(a.role) - rank(b.role) ||
      steps[0]!.state.nodes.indexOf(a) - steps[0]!.state.nodes.indexOf(b),
  );
  return steps.some((s) => s.event !== null && s.event.node === "")
    ? ["", ...nodes.map((n) => n.id)]
    : nodes.map((n) => n.id);
}

export function renderMsc(steps: readonly CounterexampleStep[]): string {
  const lanes = mscLanes(steps);
  const width = Math.max(8, ...lanes.map((l) => l.length + 3));
  const lane = new Map(lanes.map((id, i) => [id, i]));
  const margin = String(steps.length - 1).length + 3;
  const at = (i: number) => margin + i * width;

  const lines: string[] = [];
  lines.push(
    " ".repeat(margin) +
      lanes
        .map((id) => (id === "" ? "spec" : id).padEnd(width))
        .join("")
        .trimEnd(),
  );
  const crashed = new Set(steps[0]!.state.nodes.filter((n) => n.crashed).map((n) => n.id));
  for (const step of steps.slice(1)) {
    const row = Array.from({ length: at(lanes.length - 1) + 1 }, () => " ");
    lanes.forEach((id, i) => (row[at(i)] = crashed.has(id) ? "┆" : "│"));
    const event = step.event!;
    const self = lane.get(event.node);
    if (event.message !== undefined && event.kind !== "local") {
      const from = lane.get(event.message.from) ?? self!;
      const to = lane.get(event.message.to) ?? self!;
      const [line, head] =
        event.kind === "drop"
          ? ["╌", "x"]
          : event.kind === "duplicate"
            ? ["═", to > from ? ">" : "<"]
            : ["─", to > from ? ">" : "<"];
      const [lo, hi] = [Math.min(at(from), at(to)), Math.max(at(from), at(to))];
      for (let c = lo + 1; c < hi; c++) row[c] = line;
      row[at(from)] = to > from ? "├" : "┤";
      if (event.kind === "drop") row[to > from ? hi - 1 : lo + 1] = head;
      else row[to > from ? hi - 1 : lo + 1] = head;
      if (from === to) row[at(from)] = "↺";
    } else if (self !== undefined) {
      const mark = { local: "●", crash: "✕", recover: "↑", restart: "↻" } as Record<string, string>;
      row[at(self)] = mark[event.kind] ?? "●";
    }
    if (event.kind === "crash") crashed.add(event.node);
    if (event.kind === "recover") crashed.delete(event.node);
    const number = `${step.index}.`.padStart(margin - 1) + " ";
    lines.push(number + row.join("").slice(margin) + "   " + step.action);
  }
  lines.push("");
  lines.push(
    "● a node's own step   ─> delivered   ╌x lost   ═> duplicated   ✕ crash   ┆ down   ↑ recovers   ↻ restart",
  );
  return lines.join("\n");
}

function rank(role: string): number {
  const i = ROLE_ORDER.indexOf(role);
  return i < 0 ? ROLE_ORDER.length : i;
}
