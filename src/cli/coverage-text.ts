/** `check --coverage` as text: a table of what the search explored, and what it never did. */
import type { CoverageReport } from "../app/coverage.ts";

const n = (x: number): string => x.toLocaleString("en-US");

/** The coverage table; `partial` if the search stopped before the end. */
export function renderCoverage(coverage: CoverageReport, partial: boolean): string[] {
  const header = ["action", "role", "enabled in", "taken", "new states"];
  const rows = coverage.rows.map((row) => [
    row.message === null ? row.action : `${row.action} ${row.message}`,
    row.role ?? "-",
    n(row.enabledIn),
    n(row.taken),
    n(row.newStates),
  ]);
  const widths = header.map((title, c) => Math.max(title.length, ...rows.map((r) => r[c]!.length)));
  // Names to the left, counts to the right.
  const line = (cells: readonly string[]) =>
    "  " +
    cells
      .map((cell, c) => (c < 2 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
      .join("  ")
      .trimEnd();
  return [
    "",
    `Coverage: the transitions the search explored${partial ? " before it stopped" : ""}, by action and by the role of the node`,
    `that takes it (or receives the message); "enabled in" counts the states where it could be taken.`,
    line(header),
    ...rows.map(line),
    ...coverage.neverTaken.map((said) => `  ✗ ${said}`),
    ...(coverage.neverTaken.length === 0
      ? ["  ✓ Every local action of the protocol was taken."]
      : [
          "  An action never taken is a part of the protocol this model does not exercise: a larger model",
          "  (more ballots, nodes or faults, or the setting the action needs) may.",
        ]),
  ];
}
