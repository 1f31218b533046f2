/**
 * A history of client operations drawn as a timeline in plain text: one row per operation, from
 * its call to its return along the history's events, then what it returned. A row can be marked
 * (the operation no linearization can place).
 */

/** One operation to draw: `label` (`c1 get x`), its events, what it returned, and a mark. */
export interface TimelineRow {
  readonly label: string;
  readonly call: number;
  /** Its return; absent while pending (the row runs to the end). */
  readonly ret?: number;
  readonly result?: string;
  readonly marked?: boolean;
}

/** Characters per event along the timeline. */
const STEP = 4;

/** The timeline's lines: a ruler of event numbers, then a row per operation, by call. */
export function drawTimeline(rows: readonly TimelineRow[]): string[] {
  const last = Math.max(0, ...rows.map((r) => r.ret ?? r.call));
  const labelWidth = Math.max("event".length, ...rows.map((r) => r.label.length));
  const width = last * STEP + 1;
  const ruler = Array.from({ length: last + 1 }, (_, e) => String(e).padEnd(STEP)).join("");
  const lines = [`${"event".padEnd(labelWidth)}  ${ruler.trimEnd()}`];
  for (const row of [...rows].sort((a, b) => a.call - b.call)) {
    const bar = [..." ".repeat(width)];
    const from = row.call * STEP;
    const to = row.ret === undefined ? width - 1 : row.ret * STEP;
    for (let c = from; c <= to; c++) bar[c] = "─";
    bar[from] = "├";
    if (row.ret !== undefined) bar[to] = "┤";
    const end = row.ret === undefined ? "… pending" : (row.result ?? "");
    const mark = row.marked === true ? "  ✗" : "";
    lines.push(`${row.label.padEnd(labelWidth)}  ${bar.join("")}  ${end}${mark}`.trimEnd());
  }
  return lines;
}
