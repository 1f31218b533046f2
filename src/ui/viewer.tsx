/**
 * The counterexample viewer: the violated property explained at the top, the steps on the left,
 * and for the selected step the action in words, what it changed, every node's state (changed
 * fields highlighted) and the messages in flight, or the message sequence chart. Keys: ↑/↓ or
 * k/j move, enter shows the whole state and the messages, / filters the steps by node, m switches
 * to the chart and back, ? shows help, q quits.
 */
import { Box, Text, useApp } from "ink";
import { useKeys } from "./use-keys.ts";
import { useMemo, useRef, useState } from "react";
import { renderMsc } from "../trace/msc.ts";
import type { CounterexampleStep } from "../trace/counterexample.ts";

export interface ViewerProps {
  /** `agreement`, `consensus-refinement`, … */
  readonly violated: string;
  readonly statement: string;
  /** Why the last state (or step) breaks it, in words. */
  readonly explanation: string;
  /** The same drawn (Invariant.picture), shown under it; null if the invariant draws none. */
  readonly picture?: readonly string[] | null;
  readonly steps: readonly CounterexampleStep[];
  /** How many step rows the list shows at once. */
  readonly height?: number;
  /**
   * For a liveness counterexample: the step whose state the last step returns to, or, if the run
   * stutters, the last step. The cycle's steps are marked ↻.
   */
  readonly lasso?: { readonly loop: number; readonly stutters: boolean } | null;
}

/** True if the step involves the node: it acts, sends, receives, or changes. */
export function involves(step: CounterexampleStep, node: string): boolean {
  const e = step.event;
  return (
    step.index === 0 ||
    e?.node === node ||
    e?.message?.from === node ||
    e?.message?.to === node ||
    step.changes.some((c) => c.node === node)
  );
}

export function Viewer({
  violated,
  statement,
  explanation,
  picture = null,
  steps,
  height = 12,
  lasso = null,
}: ViewerProps) {
  const { exit } = useApp();
  const [selected, setSelected] = useState(steps.length - 1);
  const [expanded, setExpanded] = useState(false);
  const [help, setHelp] = useState(false);
  const [chart, setChart] = useState(false);
  const msc = useMemo(() => renderMsc(steps).split("\n"), [steps]);
  const [filter, setFilter] = useState<string | null>(null);
  // The filter being typed (null when not typing). Kept in a ref as well, because keys typed
  // quickly reach the input handler before React has re-rendered it with the new state.
  const [typing, setTypingState] = useState<string | null>(null);
  const typingRef = useRef<string | null>(null);
  const setTyping = (text: string | null) => {
    typingRef.current = text;
    setTypingState(text);
  };

  const visible = steps.filter((s) => filter === null || involves(s, filter));
  const position = Math.max(
    0,
    visible.findIndex((s) => s.index === selected),
  );
  const move = (delta: number) => {
    const next = visible[Math.max(0, Math.min(visible.length - 1, position + delta))];
    if (next !== undefined) setSelected(next.index);
  };

  // Keys typed quickly (or held down, or a pasted filter) arrive in one chunk: read it key by key.
  useKeys((input, key) => {
    if (typingRef.current === null && (key.upArrow || key.downArrow)) {
      move(key.upArrow ? -1 : 1);
      return;
    }
    const keys = key.return
      ? "\r"
      : key.escape
        ? "\u001b"
        : key.backspace || key.delete
          ? "\u007f"
          : input;
    let delta = 0;
    for (const ch of keys) {
      const typing = typingRef.current;
      if (typing !== null) {
        if (ch === "\r") {
          const node = typing.trim();
          setFilter(node === "" ? null : node);
          setTyping(null);
        } else if (ch === "\u001b") setTyping(null);
        else if (ch === "\u007f") setTyping(typing.slice(0, -1));
        else setTyping(typing + ch);
      } else if (ch === "q" || ch === "\u001b") {
        exit();
        return;
      } else if (ch === "k") delta--;
      else if (ch === "j") delta++;
      else if (ch === "\r") setExpanded((e) => !e);
      else if (ch === "?") setHelp((h) => !h);
      else if (ch === "m") setChart((c) => !c);
      else if (ch === "/") setTyping("");
    }
    if (delta !== 0) move(delta);
  });

  const step = steps[selected]!;
  const start = Math.max(0, Math.min(position - Math.floor(height / 2), visible.length - height));
  const rows = visible.slice(start, start + height);
  const changed = new Set(step.changes.map((c) => `${c.node}.${c.field}`));
  const width = String(steps.length - 1).length;

  return (
    <Box flexDirection="column">
      <Box flexDirection="column" borderStyle="round" borderColor="red" paddingX={1}>
        <Text color="red" bold>
          ✗ {violated} is violated: {statement}
        </Text>
        <Text>{explanation}</Text>
        {picture === null ? null : (
          <Box flexDirection="column" marginTop={1}>
            {picture.map((line, i) => (
              <Text key={i} wrap="truncate">
                {line}
              </Text>
            ))}
          </Box>
        )}
      </Box>
      {chart ? (
        // The message sequence chart: row i of the chart is step i.
        <Box flexDirection="column">
          <Text bold>{msc[0]}</Text>
          {rows
            .filter((s) => s.index > 0)
            .map((s) => (
              <Text key={s.index} inverse={s.index === selected} wrap="truncate">
                {msc[s.index]}
              </Text>
            ))}
          <Text dimColor>{msc[msc.length - 1]}</Text>
        </Box>
      ) : (
        <Box>
          <Box flexDirection="column" width="45%" paddingRight={1}>
            <Text bold>
              Steps ({steps.length - 1}){filter === null ? "" : ` involving ${filter}`}
            </Text>
            {lasso !== null && (
              <Text dimColor>
                {lasso.stutters
                  ? `■ then it stutters forever after step ${steps.length - 1}`
                  : `↻ steps ${lasso.loop + 1} to ${steps.length - 1} repeat forever`}
              </Text>
            )}
            {rows.map((s) => (
              <Text key={s.index} inverse={s.index === selected} wrap="truncate">
                {s.index === selected ? "›" : " "}
                {lasso !== null && !lasso.stutters && s.index > lasso.loop ? "↻" : " "}
                {String(s.index).padStart(width)} {s.action}
              </Text>
            ))}
          </Box>
          <Box flexDirection="column" width="55%">
            <Text bold>
              Step {step.index}: {step.action}
            </Text>
            {step.changes.map((c, i) => (
              <Text key={i} color="yellow">
                {c.node}.{c.field}: {c.from ?? "-"} → {c.to}
              </Text>
            ))}
            {step.sent.map((m, i) => (
              <Text key={`s${i}`} color="cyan">
                sends {m.from === "" ? "" : `${m.from} → ${m.to}: `}
                {m.message}
              </Text>
            ))}
            {step.recorded.map((fact, i) => (
              <Text key={`r${i}`} color="magenta">
                history: {fact}
              </Text>
            ))}
            <Text> </Text>
            {step.state.nodes
              .filter((n) => expanded || filter === null || n.id === filter || involves(step, n.id))
              .map((n) => (
                <Text key={n.id}>
                  <Text bold>{n.id.padEnd(4)}</Text>
                  {n.crashed ? <Text color="red"> crashed</Text> : null}
                  {Object.entries(n.fields).map(([field, value]) => (
                    <Text
                      key={field}
                      color={changed.has(`${n.id}.${field}`) ? "yellow" : undefined}
                    >
                      {" "}
                      {field} {value}
                    </Text>
                  ))}
                </Text>
              ))}
            <Text dimColor>
              {step.state.messages.length} message{step.state.messages.length === 1 ? "" : "s"} in
              flight{expanded ? ":" : " (enter shows them)"}
            </Text>
            {expanded &&
              step.state.messages.map((m, i) => (
                <Text key={`m${i}`} dimColor>
                  {" "}
                  {m.from === "" ? "" : `${m.from} → ${m.to}: `}
                  {m.message}
                </Text>
              ))}
          </Box>
        </Box>
      )}
      {typing !== null ? (
        <Text>filter by node (enter to apply, empty for all): {typing}█</Text>
      ) : help ? (
        <Box flexDirection="column" borderStyle="single" paddingX={1}>
          <Text>↑/↓ or k/j move between steps · enter show the whole state and the messages</Text>
          <Text>/ show only the steps that involve one node · m message sequence chart</Text>
          <Text>? this help · q quit</Text>
          <Text>Yellow: what the selected step changed. Cyan: messages it sent.</Text>
        </Box>
      ) : (
        <Text dimColor>
          ↑/↓ j/k move · enter expand · / filter by node · m chart · ? help · q quit
        </Text>
      )}
    </Box>
  );
}
