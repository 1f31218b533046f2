/**
 * `linearizable`: the clients' history so far has a linearization (linearizability/check.ts).
 * It reads only the history, so synod checks each distinct history once.
 */
import type { ClusterView, Invariant } from "../../core/protocol.ts";
import {
  checkLinearizable,
  type Linearizability,
  type Operation,
} from "../../linearizability/check.ts";
import {
  describeKv,
  describeKvOutput,
  kvSpec,
  type KvInput,
  type KvOutput,
} from "../../linearizability/kv.ts";
import { drawTimeline } from "../../linearizability/timeline.ts";
import type { ClientEvent, MultiPaxosFact } from "../multipaxos/history.ts";
import { resultOf } from "../multipaxos/store.ts";

type KvOp = Operation<KvInput, KvOutput> & { readonly command: string };

/** The clients' operations, from the calls and returns in the history. */
function operations(view: ClusterView): KvOp[] {
  const log = view.model.log!;
  const events = (view.facts as MultiPaxosFact[]).filter(
    (f): f is ClientEvent => f.kind === "client-event",
  );
  const returns = new Map(events.filter((e) => !e.call).map((e) => [e.command, e]));
  return events
    .filter((e) => e.call)
    .map((call) => {
      const input = log.operations![log.commands.indexOf(call.command)]!;
      const ret = returns.get(call.command);
      const op = { client: call.client, command: call.command, input, call: call.at };
      return ret === undefined ? op : { ...op, ret: ret.at, output: resultOf(input, ret.result) };
    });
}

const verdict = (view: ClusterView): Linearizability<KvInput, KvOutput> =>
  checkLinearizable(kvSpec, operations(view));

/** `c1.2 get x → 1 (events 4-7)`, or `(called at event 4, pending)`. */
function describe(op: KvOp): string {
  if (op.ret === undefined) return `${op.command} (called at event ${op.call}, pending)`;
  return `${op.command} → ${describeKvOutput(op.output!)} (events ${op.call}-${op.ret})`;
}

export const linearizable: Invariant = {
  id: "linearizable",
  // The history alone: each distinct history is checked once.
  readsRoles: [],
  statement:
    "The clients' operations so far can be put in one order that respects real time (an operation that returned before another was called comes first) in which a single copy of the store gives every result the clients saw; a pending operation may have taken effect or not.",
  rationale:
    "Clients of a replicated store program against one copy of it. A read that misses a write which finished before the read began (a stale read) lets a client act on a value the system had already replaced.",
  holds: (view) => verdict(view).linearizable,
  // The failing key's operations as a timeline, the ones no order can place marked ✗.
  picture: (view) => {
    const result = verdict(view);
    if (result.linearizable) return [];
    const placed = new Set(result.longest);
    return drawTimeline(
      (result.operations as KvOp[]).map((op) => ({
        label: `${op.client} ${describeKv(op.input)}`,
        call: op.call,
        ...(op.ret === undefined
          ? {}
          : { ret: op.ret, result: describeKvOutput(op.output!), marked: !placed.has(op) }),
      })),
    );
  },
  explain: (view) => {
    const result = verdict(view);
    if (result.linearizable) return "";
    const ops = result.operations as KvOp[];
    const placed = result.longest as KvOp[];
    let value: string | null = null;
    for (const op of placed) value = kvSpec.step(value, op.input).state;
    const left = ops.filter((op) => !placed.includes(op) && op.ret !== undefined);
    const start =
      placed.length === 0
        ? `${result.part} starts absent`
        : `${placed.map((op) => op.command).join(", then ")} ${placed.length === 1 ? "leaves" : "leave"} ${result.part} ${value === null ? "absent" : `= ${value}`}`;
    return `The operations on ${result.part} have no linearization: ${ops.map(describe).join("; ")}. At best, in an order real time allows, ${start}, and no operation left can come next with the result its client saw: ${left.map(describe).join("; ")}.`;
  },
};
