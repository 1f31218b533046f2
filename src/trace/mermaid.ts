/**
 * A counterexample as a Mermaid `sequenceDiagram`, the chart that code-hosting sites draw from a
 * Markdown block. Participants are the chart's lanes (msc.ts) in role order; each delivery is an
 * arrow labelled with its step number and message; a loss, a duplicate, a node's own step, a
 * crash, a recovery and a restart are notes over the nodes concerned; the violated property is
 * the last note; a liveness counterexample's cycle is a `loop` block.
 */
import type { CounterexampleStep } from "./counterexample.ts";
import { mscLanes } from "./msc.ts";

/** How the run ends: the property it breaks, and for a lasso where its cycle starts. */
export interface MermaidEnding {
  readonly violated: string;
  readonly lasso: { readonly loop: number; readonly stutters: boolean } | null;
}

/**
 * Mermaid reads `;` as the end of a statement and `#` as the start of an entity, and
 * `<`/`>` as markup; each is written as its numbered entity.
 */
const text = (s: string): string => s.replace(/[;#<>]/g, (c) => `#${c.charCodeAt(0)};`);

/** The diagram's source, without the Markdown fence. */
export function renderMermaid(steps: readonly CounterexampleStep[], ending: MermaidEnding): string {
  const lanes = mscLanes(steps);
  // Participants get plain ids (n0, n1, …) and show the node's name: names may hold characters
  // Mermaid reads as arrows or separators.
  const id = new Map(lanes.map((lane, i) => [lane, `n${i}`]));
  const lines = ["sequenceDiagram"];
  lanes.forEach((lane) =>
    lines.push(`  participant ${id.get(lane)} as ${text(lane === "" ? "spec" : lane)}`),
  );
  const over = (...nodes: string[]) => [...new Set(nodes.map((n) => id.get(n)!))].join(",");
  const last = steps.length - 1;
  const cycle = ending.lasso !== null && !ending.lasso.stutters ? ending.lasso.loop + 1 : null;
  let indent = "  ";
  for (const step of steps.slice(1)) {
    if (step.index === cycle) {
      lines.push(`  loop steps ${cycle} to ${last} repeat forever`);
      indent = "    ";
    }
    const event = step.event!;
    const label = `${step.index}. ${text(step.action)}`;
    const message = event.message;
    if (message !== undefined && event.kind !== "local") {
      const from = id.has(message.from) ? message.from : event.node;
      const to = id.has(message.to) ? message.to : event.node;
      if (event.kind === "deliver") {
        lines.push(
          `${indent}${id.get(from)}->>${id.get(to)}: ${step.index}. ${text(message.message)}`,
        );
      } else {
        lines.push(`${indent}Note over ${over(from, to)}: ${label}`);
      }
    } else {
      lines.push(`${indent}Note over ${over(event.node)}: ${label}`);
    }
  }
  if (cycle !== null) lines.push("  end");
  const all = lanes.length === 1 ? over(lanes[0]!) : over(lanes[0]!, lanes[lanes.length - 1]!);
  const stutters = ending.lasso?.stutters === true ? " (then nothing more happens)" : "";
  lines.push(`  Note over ${all}: ${text(`${ending.violated} is violated${stutters}`)}`);
  return lines.join("\n");
}
