/**
 * The live progress panel shown while `synod check` runs in a terminal: what is being checked,
 * the counts so far, the speed, memory and time, and a bar when a limit makes progress measurable.
 */
import { Box, Text } from "ink";
import type { Progress } from "../check/explorer.ts";

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
}

const n = (x: number) => Math.round(x).toLocaleString("en-US");
const BAR = 30;

function bar(fraction: number): string {
  const filled = Math.max(0, Math.min(BAR, Math.round(fraction * BAR)));
  return `${"█".repeat(filled)}${"░".repeat(BAR - filled)} ${Math.floor(fraction * 100)}%`;
}

function Row({ label, value }: { label: string; value: string }) {
  return (
    <Text>
      <Text dimColor>{label.padEnd(18)}</Text>
      {value}
    </Text>
  );
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
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Text bold>
        {props.done ? "synod checked " : "synod is checking "}
        {props.file}
      </Text>
      <Text dimColor>invariants: {props.checking.join(", ")}</Text>
      <Text> </Text>
      <Row label="distinct states" value={p === null ? "-" : n(p.distinctStates)} />
      <Row label="states generated" value={p === null ? "-" : n(p.generatedStates)} />
      <Row label="depth" value={p === null ? "-" : String(p.depth)} />
      <Row label="queue" value={p === null ? "-" : n(p.queued)} />
      <Row label="states / second" value={p === null ? "-" : n(rate)} />
      <Row label="memory" value={p === null ? "-" : `${n(p.memoryBytes / 2 ** 20)} MB`} />
      <Row label="elapsed" value={`${seconds.toFixed(1)} s`} />
      {fraction !== null && (
        <Row
          label={props.maxStates !== null ? "of state limit" : "of depth limit"}
          value={bar(fraction)}
        />
      )}
    </Box>
  );
}
