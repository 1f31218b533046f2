/** What the live panels of `check` and `simulate` share: the frame, the rows, the bar. */
import { Box, Text } from "ink";

const BAR = 30;

/** A bar of `fraction` (0 to 1) with its percentage: `██████░░░░ 60%`. */
export function bar(fraction: number): string {
  const filled = Math.max(0, Math.min(BAR, Math.round(fraction * BAR)));
  return `${"█".repeat(filled)}${"░".repeat(BAR - filled)} ${Math.floor(fraction * 100)}%`;
}

/** A whole number in words: `1,234,567`. */
export const n = (x: number) => Math.round(x).toLocaleString("en-US");

export interface PanelProps {
  readonly title: string;
  /** What is being checked, by name. */
  readonly checking: readonly string[];
  /** Label and value, one row each. */
  readonly rows: readonly (readonly [string, string])[];
}

export function Panel(props: PanelProps) {
  // One Text for all the rows: the panel redraws while the search runs, and every node of the
  // tree costs layout time on each redraw.
  const body = props.rows.map(([label, v]) => `${label.padEnd(18)}${v}`).join("\n");
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Text bold>{props.title}</Text>
      <Text dimColor>checking: {props.checking.join(", ")}</Text>
      <Text> </Text>
      <Text>{body}</Text>
    </Box>
  );
}
