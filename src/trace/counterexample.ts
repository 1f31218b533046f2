/**
 * A counterexample for people: each step of a replayed trace with its action in words, the
 * decoded state after it, and what the step changed.
 */
import type { TraceStep } from "../check/search.ts";
import type { CheckableSystem, InFlight, Snapshot, StepEvent } from "../core/checkable.ts";

/** A field of a node that a step changed. */
export interface Change {
  readonly node: string;
  readonly field: string;
  /** Null when the field was not shown before (e.g. `promises` once a ballot starts). */
  readonly from: string | null;
  readonly to: string;
}

/** One step of a counterexample, decoded. */
export interface CounterexampleStep {
  /** 0 for the initial state. */
  readonly index: number;
  /** The action in words; `initial state` for step 0. */
  readonly action: string;
  /** The action as a structured event; null for step 0. */
  readonly event: StepEvent | null;
  readonly state: Snapshot;
  /** Node fields this step changed (crashes show as the field `status`). */
  readonly changes: readonly Change[];
  /** Messages this step put in flight. */
  readonly sent: readonly InFlight[];
  /** History facts this step recorded. */
  readonly recorded: readonly string[];
}

export function buildCounterexample(
  system: CheckableSystem,
  trace: readonly TraceStep[],
): CounterexampleStep[] {
  return fromSnapshots(
    trace.map((step, index) => {
      const before = index === 0 ? null : trace[index - 1]!.state;
      return {
        state: system.snapshot(step.state),
        action:
          step.action === null ? "initial state" : system.describeAction(before!, step.action),
        event: step.action === null ? null : system.actionEvent(before!, step.action),
      };
    }),
  );
}

/** Steps from decoded states and their actions: what each step changed is derived here. */
export function fromSnapshots(
  trace: readonly { state: Snapshot; action: string; event: StepEvent | null }[],
): CounterexampleStep[] {
  const steps: CounterexampleStep[] = [];
  let before: Snapshot | null = null;
  trace.forEach(({ state, action, event }, index) => {
    steps.push({
      index,
      action,
      event,
      state,
      changes: before === null ? [] : changes(before, state),
      sent: before === null ? [] : added(before.messages, state.messages, messageKey),
      recorded: before === null ? [] : added(before.history, state.history, (fact) => fact),
    });
    before = state;
  });
  return steps;
}

function changes(before: Snapshot, after: Snapshot): Change[] {
  const result: Change[] = [];
  after.nodes.forEach((node, i) => {
    const old = before.nodes[i]!;
    if (old.crashed !== node.crashed) {
      result.push({
        node: node.id,
        field: "status",
        from: old.crashed ? "crashed" : "up",
        to: node.crashed ? "crashed" : "up",
      });
    }
    for (const [field, value] of Object.entries(node.fields)) {
      const was = old.fields[field];
      if (was !== value) result.push({ node: node.id, field, from: was ?? null, to: value });
    }
  });
  return result;
}

const messageKey = (m: InFlight): string => `${m.from}\u0000${m.to}\u0000${m.message}`;

/** What `after` has that `before` had not, counting repeats (a multiset difference). */
function added<T>(before: readonly T[], after: readonly T[], key: (item: T) => string): T[] {
  const counts = new Map<string, number>();
  for (const item of before) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  const result: T[] = [];
  for (const item of after) {
    const n = counts.get(key(item)) ?? 0;
    if (n > 0) counts.set(key(item), n - 1);
    else result.push(item);
  }
  return result;
}
