/**
 * The live progress panel shown while `synod check` runs in a terminal: what is being checked,
 * the counts so far, the speed, memory and time, and a bar when a limit makes progress measurable.
 */
import type { Progress } from "../check/search.ts";
import type { CoverageReport } from "../app/coverage.ts";
import { bar, n, Panel } from "./panel.tsx";

export interface ProgressViewProps {
  /** The model file being checked. */
  readonly file: string;
  /** The invariants and step properties being checked. */
  readonly checking: readonly string[];
  /** The latest progress, or null before the first report. */
  readonly progress: Progress | null;
  readonly maxStates: number | null;
  readonly maxDepth: number | null;
  /** True once the search has ended (the panel then stays as the last frame). */
  readonly done: boolean;
  /** With `--coverage`, once done: what the search explored (the table follows the panel). */
  readonly coverage?: CoverageReport;
}

export function ProgressView(props: ProgressViewProps) {
  const p = props.progress;
  const seconds = p?.seconds ?? 0;
  const rate = p !== null && seconds > 0 ? p.distinctStates / seconds : 0;
  // With a state limit, progress is the share of it used; with a depth limit, the depth reached.
  const fraction =
    p === null
      ? null
      : props.maxStates !== null
        ? p.distinctStates / props.maxStates
        : props.maxDepth !== null
          ? p.depth / props.maxDepth
          : null;
  const value = (x: string) => (p === null ? "-" : x);
  const rows: [string, string][] = [
    ["distinct states", value(n(p?.distinctStates ?? 0))],
    ["states generated", value(n(p?.generatedStates ?? 0))],
    ["depth", value(String(p?.depth ?? 0))],
    ["queue", value(n(p?.queued ?? 0))],
    ["states / second", value(n(rate))],
    ["memory", value(`${n((p?.memoryBytes ?? 0) / 2 ** 20)} MB`)],
    ["threads", value(String(p?.workers ?? 1))],
    ["elapsed", `${seconds.toFixed(1)} s`],
  ];
  if (fraction !== null) {
    rows.push([props.maxStates !== null ? "of state limit" : "of depth limit", bar(fraction)]);
  }
  if (props.coverage !== undefined) {
    const never = props.coverage.neverTaken.length;
    rows.push([
      "coverage",
      `${n(props.coverage.rows.length)} kinds of transition taken; ${never === 0 ? "every local action taken" : `${never} never taken (below)`}`,
    ]);
  }
  const title = `${props.done ? "synod checked " : "synod is checking "}${props.file}`;
  return <Panel title={title} checking={props.checking} rows={rows} />;
}
