/**
 * The proposer: becomes leader by one phase 1 for the whole log, re-proposes what a quorum's
 * promises report (and no-ops in the gaps), proposes client commands in the next free slots,
 * and commits a slot once a quorum accepted it.
 */
import { List, Map as IMap, Set as ISet } from "immutable";
import type { LocalAction, Step } from "../../core/protocol.ts";
import { Ballot, showBallot } from "../paxos/ballot.ts";
import type { MultiPaxosContext } from "./context.ts";
import {
  Accept,
  Accepted,
  Commit,
  NOOP,
  Prepare,
  PromiseMsg,
  Reply,
  Request,
  type Command,
  type MultiPaxosMessage,
} from "./messages.ts";
import type { ProposerState } from "./state.ts";
import { applyOperation } from "./store.ts";

type ProposerStep = Step<ProposerState, MultiPaxosMessage>;

export interface ProposerConfig {
  /** 1-based, so ballots read `2.p1`. */
  readonly index: number;
  /** How many ballots it may start. */
  readonly maxRounds: number;
  /** `retry resend`: a leader resends its Accepts and Commits on a timeout (catch-up). */
  readonly resend: boolean;
}

/** A proposer may try to become leader at any time (a timeout), while it has ballots left. */
export function local(
  state: ProposerState,
  config: ProposerConfig,
  ctx: MultiPaxosContext,
): LocalAction<ProposerState, MultiPaxosMessage>[] {
  const resend = config.resend ? resends(state, ctx) : [];
  if (state.round >= config.maxRounds) return resend;
  const round = state.round + 1;
  const next = state.merge({
    round,
    ballot: new Ballot({ round, proposer: config.index }),
    phase: "preparing",
    promises: IMap(),
    proposals: IMap(),
    acks: IMap(),
    committed: ISet(),
  });
  const send = ctx.replicas.map(
    (replica) => new Prepare({ from: ctx.self, to: replica, ballot: next.ballot }),
  );
  return [
    ...resend,
    {
      kind: "start",
      label: `${ctx.self} starts ballot ${showBallot(next.ballot)} to become leader`,
      step: { state: next, send },
    },
  ];
}

/**
 * Catch-up by the leader (`retry resend`): on a timeout, it sends again, to every replica, the
 * Commit of each slot it committed and the Accept of each it has not. A replica that missed a
 * Commit learns the slot; those that have it ignore it (and synod drops it at once).
 */
function resends(
  state: ProposerState,
  ctx: MultiPaxosContext,
): LocalAction<ProposerState, MultiPaxosMessage>[] {
  if (state.phase !== "leading" || state.proposals.isEmpty()) return [];
  const slots = state.proposals.keySeq().sort().toArray();
  const send = slots.flatMap((slot): MultiPaxosMessage[] => {
    const command = state.proposals.get(slot)!;
    return state.committed.has(slot)
      ? ctx.replicas.map((replica) => new Commit({ from: ctx.self, to: replica, slot, command }))
      : accepts(state, slot, command, ctx);
  });
  return [
    {
      // The same kind as a client's retry: a retransmission on a timeout.
      kind: "retry",
      timeout: true,
      label: `${ctx.self} times out and resends its ${slots.some((s) => !state.committed.has(s)) ? "Accepts and Commits" : "Commits"} to every replica`,
      step: { state, send },
    },
  ];
}

export function receive(
  state: ProposerState,
  message: MultiPaxosMessage,
  config: ProposerConfig,
  ctx: MultiPaxosContext,
): ProposerStep {
  switch (message.kind) {
    case "request":
      return onRequest(state, message, config, ctx);
    case "promise":
      return onPromise(state, message, ctx);
    case "accepted":
      return onAccepted(state, message, ctx);
    default:
      return { state, send: [] };
  }
}

/** True unless the proposer is idle with no ballot left: it may still lead. */
export const mayLead = (state: ProposerState, config: ProposerConfig): boolean =>
  state.phase !== "idle" || state.round < config.maxRounds;

/** True if the leader deduplicates and already proposed `command` in this ballot. */
export const proposed = (state: ProposerState, command: Command, ctx: MultiPaxosContext): boolean =>
  ctx.rules.deduplicate && state.proposals.includes(command);

/** True if the leader answers this `get` itself (the rule `readLocally` of a buggy variant). */
export const readsLocally = (
  state: ProposerState,
  command: Command,
  ctx: MultiPaxosContext,
): boolean =>
  ctx.rules.readLocally && state.phase === "leading" && ctx.operationOf(command)?.kind === "get";

/** A key's value as the leader knows it: the commands of the slots it committed, in order. */
function localRead(state: ProposerState, key: string, ctx: MultiPaxosContext): string {
  let store = IMap<string, string>();
  for (const slot of state.committed.sort()) {
    const operation = ctx.operationOf(state.proposals.get(slot)!);
    if (operation !== undefined) store = applyOperation(store, operation).store;
  }
  return store.get(key) ?? "none";
}

/** Sends Accept for `command` in `slot` to every replica. */
const accepts = (
  state: ProposerState,
  slot: number,
  command: Command,
  ctx: MultiPaxosContext,
): Accept[] =>
  ctx.replicas.map(
    (replica) => new Accept({ from: ctx.self, to: replica, ballot: state.ballot, slot, command }),
  );

/** The first slot above every proposal of the current ballot. */
export const nextSlot = (state: ProposerState): number => (state.proposals.keySeq().max() ?? 0) + 1;

/**
 * A client's request: proposed in the next free slot while leading, kept for later while it
 * may still lead, dropped otherwise (the client will retry elsewhere).
 */
function onRequest(
  state: ProposerState,
  request: Request,
  config: ProposerConfig,
  ctx: MultiPaxosContext,
): ProposerStep {
  const command = request.command;
  if (!mayLead(state, config)) return { state, send: [] };
  if (readsLocally(state, command, ctx)) {
    const result = localRead(state, ctx.operationOf(command)!.key, ctx);
    const reply = new Reply({ from: ctx.self, to: request.from, command, result });
    return { state, send: [reply] };
  }
  if (state.phase !== "leading") {
    if (state.pending.includes(command)) return { state, send: [] };
    return { state: state.set("pending", state.pending.push(command)), send: [] };
  }
  const slot = nextSlot(state);
  // A full log takes no more commands; a command already in the log is a client's retry.
  if (slot > ctx.slots || proposed(state, command, ctx)) return { state, send: [] };
  const next = state.set("proposals", state.proposals.set(slot, command));
  return { state: next, send: accepts(next, slot, command, ctx) };
}

/**
 * Phase 1b: once a quorum promised, lead. Re-propose in every slot the command of the
 * highest-ballot entry reported, fill the gaps below the highest such slot with no-ops, then
 * propose the pending requests in the slots above.
 */
function onPromise(
  state: ProposerState,
  promise: PromiseMsg,
  ctx: MultiPaxosContext,
): ProposerStep {
  if (state.phase !== "preparing" || !promise.ballot.equals(state.ballot)) {
    return { state, send: [] };
  }
  const promises = state.promises.set(promise.from, promise.accepted);
  if (!ctx.quorums.phase1(promises.keySeq().toArray())) {
    return { state: state.set("promises", promises), send: [] };
  }
  const recovered = ctx.rules.recover(List(promises.sortBy((_, from) => from).valueSeq()));
  const highest = recovered.keySeq().max() ?? 0;
  let proposals = IMap<number, Command>();
  for (let slot = 1; slot <= highest; slot++) {
    const command = recovered.get(slot) ?? (ctx.rules.fillGaps ? NOOP : undefined);
    if (command !== undefined) proposals = proposals.set(slot, command);
  }
  let slot = highest + 1;
  for (const command of state.pending) {
    if (slot > ctx.slots) break;
    // A pending command already recovered is in the log: proposing it again would be a retry.
    if (ctx.rules.deduplicate && proposals.includes(command)) continue;
    proposals = proposals.set(slot++, command);
  }
  const next = state.merge({
    phase: "leading",
    promises: IMap(),
    proposals,
    pending: List(),
  });
  const send = proposals
    .sortBy((_, s) => s)
    .entrySeq()
    .flatMap(([s, command]) => accepts(next, s, command, ctx))
    .toArray();
  return { state: next, send };
}

/** Phase 2b: a quorum of acks for a slot's proposal in this ballot commits it everywhere. */
function onAccepted(state: ProposerState, ack: Accepted, ctx: MultiPaxosContext): ProposerStep {
  // A committed slot needs no more acks.
  if (
    state.phase !== "leading" ||
    !ctx.rules.ackCounts(state, ack) ||
    state.committed.has(ack.slot)
  ) {
    return { state, send: [] };
  }
  const slot = ack.slot;
  const acks = state.acks.update(slot, ISet<string>(), (from) => from.add(ack.from));
  if (!ctx.quorums.phase2(acks.get(slot)!.toArray())) {
    return { state: state.set("acks", acks), send: [] };
  }
  const command = state.proposals.get(slot);
  if (command === undefined) return { state: state.set("acks", acks), send: [] };
  const next = state.merge({ acks, committed: state.committed.add(slot) });
  const send = ctx.replicas.map(
    (replica) => new Commit({ from: ctx.self, to: replica, slot, command }),
  );
  return { state: next, send };
}
