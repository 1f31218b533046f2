/**
 * A counterexample's message sequence chart as a standalone SVG (`--out-svg`): the chart of
 * msc.ts drawn for a design review or a web page. One lane per node, one row per step; a
 * delivery is an arrow from sender to receiver (class `delivery`), a lost message a dashed arrow
 * ending in a cross, a duplicated one a double arrow; a node's own step is a dot, a crash a
 * cross on the lane, which is dotted while the node is down. Each row ends with the step in
 * words. Generic fonts only, so nothing is needed to show it.
 */
import type { CounterexampleStep } from "./counterexample.ts";
import { mscLanes } from "./msc.ts";

const LANE = 96;
const ROW = 26;
const LEFT = 44;
const TOP = 44;
/** Width of a character of the 12 px sans-serif text, for the width of the drawing. */
const CHAR = 6.6;

const escape = (text: string): string =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** The SVG document of the chart of `steps` (step 0 is the initial state), titled `title`. */
export function renderMscSvg(steps: readonly CounterexampleStep[], title: string): string {
  const lanes = mscLanes(steps);
  const lane = new Map(lanes.map((id, i) => [id, i]));
  const x = (i: number) => LEFT + LANE / 2 + i * LANE;
  const y = (row: number) => TOP + row * ROW;
  const textX = LEFT + lanes.length * LANE + 8;
  const longest = Math.max(...steps.map((s) => s.action.length), title.length);
  const width = Math.ceil(textX + longest * CHAR + 16);
  const height = y(steps.length) + 8;
  const body: string[] = [];
  body.push(`<text x="8" y="20" font-weight="bold">${escape(title)}</text>`);
  lanes.forEach((id, i) =>
    body.push(
      `<text x="${x(i)}" y="${TOP - 8}" text-anchor="middle" font-weight="bold">${escape(id === "" ? "spec" : id)}</text>`,
    ),
  );
  const down = new Set(steps[0]!.state.nodes.filter((n) => n.crashed).map((n) => n.id));
  for (const step of steps.slice(1)) {
    const row = step.index;
    const [top, bottom] = [y(row) - ROW / 2, y(row) + ROW / 2];
    // Each lane's stretch of this row: dotted while its node is down.
    lanes.forEach((id, i) =>
      body.push(
        `<line x1="${x(i)}" y1="${top}" x2="${x(i)}" y2="${bottom}" stroke="#999"${down.has(id) ? ' stroke-dasharray="2 3"' : ""}/>`,
      ),
    );
    const event = step.event!;
    const self = lane.get(event.node);
    const at = y(row);
    if (event.message !== undefined && event.kind !== "local") {
      const from = x(lane.get(event.message.from) ?? self!);
      const to = x(lane.get(event.message.to) ?? self!);
      if (from === to) {
        body.push(
          `<path class="${event.kind === "deliver" ? "delivery" : event.kind}" d="M ${from} ${at - 6} c 24 0 24 12 0 12" fill="none" stroke="#222" marker-end="url(#head)"/>`,
        );
      } else if (event.kind === "drop") {
        const end = to - Math.sign(to - from) * 14;
        body.push(
          `<line class="drop" x1="${from}" y1="${at}" x2="${end}" y2="${at}" stroke="#b00" stroke-dasharray="5 4"/>`,
          `<text x="${end + Math.sign(to - from) * 6}" y="${at + 4}" text-anchor="middle" fill="#b00">×</text>`,
        );
      } else if (event.kind === "duplicate") {
        // A double line: a wide one, hollowed by a thin white one.
        const end = to - Math.sign(to - from) * 10;
        body.push(
          `<line class="duplicate" x1="${from}" y1="${at}" x2="${to}" y2="${at}" stroke="#222" stroke-width="4" marker-end="url(#head)"/>`,
          `<line x1="${from}" y1="${at}" x2="${end}" y2="${at}" stroke="white" stroke-width="1.5"/>`,
        );
      } else {
        body.push(
          `<line class="delivery" x1="${from}" y1="${at}" x2="${to}" y2="${at}" stroke="#222" marker-end="url(#head)"/>`,
        );
      }
    } else if (self !== undefined) {
      const mark: Record<string, string> = { crash: "✕", recover: "↑", restart: "↻" };
      body.push(
        event.kind in mark
          ? `<text class="${event.kind}" x="${x(self)}" y="${at + 5}" text-anchor="middle" font-size="15" fill="#b00">${mark[event.kind]}</text>`
          : `<circle class="local" cx="${x(self)}" cy="${at}" r="4" fill="#222"/>`,
      );
    }
    if (event.kind === "crash") down.add(event.node);
    if (event.kind === "recover") down.delete(event.node);
    body.push(
      `<text x="${LEFT - 8}" y="${at + 4}" text-anchor="end" fill="#666">${row}.</text>`,
      `<text x="${textX}" y="${at + 4}">${escape(step.action)}</text>`,
    );
  }
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<title>${escape(title)}</title>`,
    `<defs><marker id="head" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#222"/></marker></defs>`,
    `<rect width="100%" height="100%" fill="white"/>`,
    ...body,
    `</svg>`,
    "",
  ].join("\n");
}
