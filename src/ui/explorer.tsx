/**
 * The interactive explorer (`synod explore FILE`): start at the initial state, see every node's
 * state and which invariants hold, pick one of the enabled steps, go back, or follow a loaded
 * trace step by step. Works for every protocol and variant: it only uses the checkable system.
 */
import { Box, render, Text, useApp } from "ink";
import { useKeys } from "./use-keys.ts";
import { useMemo, useState } from "react";
import type { CheckableSystem } from "../core/checkable.ts";
import { describeNodes } from "../trace/text.ts";

export interface ExplorerProps {
  readonly system: CheckableSystem;
  /** Action descriptions of a loaded trace (step 1 onwards), to follow with `n`. */
  readonly trace?: readonly string[];
  /** How many enabled steps the list shows at once. */
  readonly height?: number;
}

interface Choice {
  readonly action: number;
  readonly text: string;
  readonly next: Int32Array;
}

/** Every step enabled in `state`, in words, with the state it leads to. */
export function choices(system: CheckableSystem, state: Int32Array): Choice[] {
  const result: Choice[] = [];
  system.successors(state, (action, words, length) => {
    result.push({
      action,
      text: system.describeAction(state, action),
      next: words.slice(0, length),
    });
  });
  return result;
}

export function Explorer({ system, trace = [], height = 10 }: ExplorerProps) {
  const { exit } = useApp();
  const [path, setPath] = useState<{ state: Int32Array; via: string }[]>(() => [
    { state: system.initialStates()[0]!, via: "initial state" },
  ]);
  const [selected, setSelected] = useState(0);
  const [message, setMessage] = useState<string | null>(null);
  const current = path[path.length - 1]!.state;
  const options = useMemo(() => choices(system, current), [system, current]);
  const snapshot = system.snapshot(current);

  const take = (choice: Choice) => {
    setPath([...path, { state: choice.next, via: choice.text }]);
    setSelected(0);
    setMessage(null);
  };

  useKeys((input, key) => {
    if (input === "q" || key.escape) exit();
    else if (key.upArrow || input === "k") setSelected(Math.max(0, selected - 1));
    else if (key.downArrow || input === "j")
      setSelected(Math.min(options.length - 1, selected + 1));
    else if (key.return && options[selected] !== undefined) take(options[selected]!);
    else if (input === "b" || key.backspace || key.delete) {
      if (path.length > 1) {
        setPath(path.slice(0, -1));
        setSelected(0);
      }
    } else if (input === "e") {
      // Jump to the end of the loaded trace, from wherever the user is on it.
      let states = path;
      let here = options;
      for (let k = path.length - 1; k < trace.length; k++) {
        const choice = here.find((o) => o.text === trace[k]);
        if (choice === undefined) break;
        states = [...states, { state: choice.next, via: choice.text }];
        here = choices(system, choice.next);
      }
      setPath(states);
      setSelected(0);
      setMessage(states.length === path.length ? "the trace goes no further from here" : null);
    } else if (input === "n") {
      // Follow the loaded trace: its next step, if it is enabled here.
      const wanted = trace[path.length - 1];
      const choice = options.find((o) => o.text === wanted);
      if (wanted === undefined) setMessage("the trace has no more steps");
      else if (choice === undefined)
        setMessage(`the trace's next step is not enabled here: ${wanted}`);
      else take(choice);
    }
  });

  const start = Math.max(0, Math.min(selected - Math.floor(height / 2), options.length - height));
  return (
    <Box flexDirection="column">
      <Text bold>
        Step {path.length - 1}: {path[path.length - 1]!.via}
      </Text>
      {describeNodes(snapshot).map((line, i) => (
        <Text key={i}> {line}</Text>
      ))}
      <Text dimColor>
        {" "}
        {snapshot.messages.length} message{snapshot.messages.length === 1 ? "" : "s"} in flight
      </Text>
      <Text>
        {system.invariants.map((inv) => (
          <Text key={inv.id} color={inv.holds(current) ? "green" : "red"}>
            {inv.holds(current) ? "✓" : "✗"} {inv.id}
            {"  "}
          </Text>
        ))}
      </Text>
      <Text bold>
        {options.length} enabled step{options.length === 1 ? "" : "s"}
        {options.length === 0 ? " (the run ends here)" : ":"}
      </Text>
      {options.slice(start, start + height).map((o, i) => (
        <Text key={start + i} inverse={start + i === selected} wrap="truncate">
          {start + i === selected ? "›" : " "} {o.text}
        </Text>
      ))}
      {message !== null && <Text color="yellow">{message}</Text>}
      <Text dimColor>
        ↑/↓ j/k choose · enter take the step · b back
        {trace.length > 0 ? " · n next step of the trace" : ""} · q quit
      </Text>
    </Box>
  );
}

/** Runs the explorer in the terminal until the user quits. */
export async function runExplorer(
  system: CheckableSystem,
  trace: readonly string[],
): Promise<void> {
  const rows = Math.max(5, (process.stdout.rows ?? 24) - 16);
  const app = render(<Explorer system={system} trace={trace} height={rows} />);
  await app.waitUntilExit();
}
