/**
 * The live panel shown while `synod simulate` runs in a terminal: walks taken, steps, speed in
 * all and per thread, the longest walk, the violation found so far, and a bar when the number of
 * walks or the time limit makes progress measurable.
 */
import type { WalkProgress } from "../check/strategies/random-walk.ts";
import { bar, n, Panel } from "./panel.tsx";

export interface SimulationViewProps {
  readonly file: string;
  /** The invariants and step properties every walk checks. */
  readonly checking: readonly string[];
  readonly seed: number;
  /** The walks asked for, or null (until the time limit). */
  readonly runs: number | null;
  readonly maxSeconds: number | null;
  readonly workers: number;
  readonly progress: WalkProgress | null;
  /** The violating walk being shortened, once the walks are done; else null. */
  readonly shortening: number | null;
  readonly done: boolean;
}

/** The violation row: none yet, a walk whose lower walks are still taken, or its shortening. */
function violation(found: number | null, shortening: boolean, done: boolean): string {
  if (found === null) return done ? "none found" : "none yet";
  if (done) return `walk ${found}, shortened`;
  return shortening ? `walk ${found}: shortening it…` : `walk ${found} (taking the walks below it)`;
}

export function SimulationView(props: SimulationViewProps) {
  const p = props.progress;
  const seconds = p?.seconds ?? 0;
  const rate = p !== null && seconds > 0 ? p.steps / seconds : 0;
  const value = (x: string) => (p === null ? "-" : x);
  const found = props.shortening ?? p?.found ?? null;
  const rows: [string, string][] = [
    ["walks", value(n(p?.runs ?? 0))],
    ["steps", value(n(p?.steps ?? 0))],
    [
      "steps / second",
      value(`${n(rate)}${props.workers > 1 ? ` (${n(rate / props.workers)} per thread)` : ""}`),
    ],
    ["longest walk", value(`${n(p?.deepest ?? 0)} steps`)],
    ["violation", violation(found, props.shortening !== null, props.done)],
    ["threads", String(props.workers)],
    ["elapsed", `${seconds.toFixed(1)} s`],
  ];
  const fraction =
    p === null
      ? null
      : props.runs !== null
        ? p.runs / props.runs
        : props.maxSeconds !== null
          ? seconds / props.maxSeconds
          : null;
  if (fraction !== null) {
    rows.push([props.runs !== null ? "of the walks" : "of the time", bar(fraction)]);
  }
  const title = `${props.done ? "synod simulated " : "synod is simulating "}${props.file} (seed ${props.seed})`;
  return <Panel title={title} checking={props.checking} rows={rows} />;
}
