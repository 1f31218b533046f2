/**
 * The replica: an acceptor for every slot (phase 1 over the whole log, phase 2 per slot), a
 * learner of the leader's commits, and a state machine that applies the log in slot order.
 */
import { List } from "immutable";
import type { Step } from "../../core/protocol.ts";
import { compareBallots } from "../paxos/ballot.ts";
import type { MultiPaxosContext } from "./context.ts";
import {
  Accept,
  Accepted,
  Commit,
  Entry,
  NOOP,
  Prepare,
  PromiseMsg,
  Reply,
  type MultiPaxosMessage,
} from "./messages.ts";
import type { ReplicaState } from "./state.ts";
import { applyOperation } from "./store.ts";

type ReplicaStep = Step<ReplicaState, MultiPaxosMessage>;

export function receive(
  state: ReplicaState,
  message: MultiPaxosMessage,
  ctx: MultiPaxosContext,
): ReplicaStep {
  switch (message.kind) {
    case "prepare":
      return onPrepare(state, message, ctx);
    case "accept":
      return onAccept(state, message, ctx);
    case "commit":
      return onCommit(state, message, ctx);
    default:
      return { state, send: [] };
  }
}

/** Phase 1b for the whole log: promise, and report every accepted entry. */
function onPrepare(state: ReplicaState, prepare: Prepare, _ctx: MultiPaxosContext): ReplicaStep {
  if (compareBallots(prepare.ballot, state.promised) <= 0) return { state, send: [] };
  const entries = List(state.accepted.sortBy((_, slot) => slot).valueSeq());
  const promise = new PromiseMsg({
    from: prepare.to,
    to: prepare.from,
    ballot: prepare.ballot,
    accepted: entries,
  });
  return { state: state.set("promised", prepare.ballot), send: [promise] };
}

/** Phase 2b for one slot: accept unless a higher ballot was promised; tell the leader. */
function onAccept(state: ReplicaState, accept: Accept, ctx: MultiPaxosContext): ReplicaStep {
  if (compareBallots(accept.ballot, state.promised) < 0) return { state, send: [] };
  const entry = new Entry({
    slot: accept.slot,
    ballot: accept.ballot,
    command: accept.command,
    configuration: accept.configuration,
  });
  const next = state.merge({
    promised: accept.ballot,
    accepted: ctx.rules.acceptEntry(state.accepted, entry),
  });
  const ack = new Accepted({
    from: accept.to,
    to: accept.from,
    ballot: accept.ballot,
    slot: accept.slot,
    command: accept.command,
  });
  return { state: next, send: [ack] };
}

/** Learn a chosen command, then apply whatever the log now allows, replying to clients. */
function onCommit(state: ReplicaState, commit: Commit, ctx: MultiPaxosContext): ReplicaStep {
  if (state.committed.has(commit.slot)) return { state, send: [] };
  let next = state.set("committed", state.committed.set(commit.slot, commit.command));
  const send: MultiPaxosMessage[] = [];
  const apply = (slot: number): void => {
    const command = next.committed.get(slot)!;
    next = next.set("appliedSlots", next.appliedSlots.push(slot));
    if (command === NOOP) return;
    // A command chosen twice (a client's retry) is applied once, and answered again.
    if (!(ctx.rules.deduplicate && next.applied.includes(command))) {
      next = next.set("applied", next.applied.push(command));
      const operation = ctx.operationOf(command);
      if (operation !== undefined) {
        const { store, result } = applyOperation(next.store, operation);
        next = next.merge({ store, results: next.results.set(command, result) });
      }
    }
    const result = next.results.get(command) ?? "";
    send.push(new Reply({ from: ctx.self, to: ctx.clientOf(command), command, result }));
  };
  if (ctx.rules.applyInOrder) {
    // Slot i only after slot i - 1: a gap stops the state machine until it is filled.
    while (next.committed.has(next.appliedSlots.size + 1)) apply(next.appliedSlots.size + 1);
  } else {
    apply(commit.slot);
  }
  return { state: next, send };
}
