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
import { configurationOf } from "./membership.ts";

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
      : accepts(state, slot, command, slotConfiguration(state, slot, ctx) ?? 0, ctx);
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

/**
 * The configuration of `slot` as this leader knows the log (membership.ts): 0 with fixed
 * membership, null while a command it needs is not settled.
 */
export const slotConfiguration = (
  state: ProposerState,
  slot: number,
  ctx: MultiPaxosContext,
): number | null =>
  ctx.reconfiguration === null
    ? 0
    : configurationOf(slot, ctx.rules.settled(state), ctx.reconfiguration);

/** Sends Accept for `command` in `slot` to every member of the slot's configuration. */
const accepts = (
  state: ProposerState,
  slot: number,
  command: Command,
  configuration: number,
  ctx: MultiPaxosContext,
): Accept[] =>
  ctx.configurations[configuration]!.members.map(
    (replica) =>
      new Accept({
        from: ctx.self,
        to: replica,
        ballot: state.ballot,
        slot,
        command,
        configuration,
      }),
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
  // A full log takes no more commands; a command already in the log is a client's retry.
  if (nextSlot(state) > ctx.slots || proposed(state, command, ctx)) return { state, send: [] };
  // Waiting for the window to open (membership changes).
  if (state.pending.includes(command)) return { state, send: [] };
  return advance(state.set("pending", state.pending.push(command)), ctx);
}

/**
 * Does this Promise count: one for the ballot it is preparing, or, with a membership change, for
 * the ballot it leads while some slot is not yet proposed (a later configuration may need it)?
 */
export const countsPromise = (
  state: ProposerState,
  promise: PromiseMsg,
  ctx: MultiPaxosContext,
): boolean =>
  promise.ballot.equals(state.ballot) &&
  (state.phase === "preparing" ||
    (state.phase === "leading" && ctx.reconfiguration !== null && nextSlot(state) <= ctx.slots));

/**
 * Phase 1b: once a quorum of the first configuration promised, lead. With a membership change,
 * promises that arrive later still count: a slot governed by the next configuration needs a
 * quorum of its members.
 */
function onPromise(
  state: ProposerState,
  promise: PromiseMsg,
  ctx: MultiPaxosContext,
): ProposerStep {
  if (!countsPromise(state, promise, ctx)) return { state, send: [] };
  const promises = state.promises.set(promise.from, promise.accepted);
  if (
    state.phase === "preparing" &&
    !ctx.configurations[0]!.quorums.phase1(promises.keySeq().toArray())
  ) {
    return { state: state.set("promises", promises), send: [] };
  }
  return advance(state.merge({ phase: "leading", promises }), ctx);
}

const NOTHING_RECOVERED = IMap<number, Command>();

/**
 * Leading: propose in each next slot, in order, while the leader knows the slot's configuration
 * and a quorum of its members promised: the command of the highest-ballot entry the promises
 * report there, a no-op in a gap below the highest reported slot, else the next pending request.
 * With fixed membership every slot qualifies at once, and the promises are done with.
 */
function advance(state: ProposerState, ctx: MultiPaxosContext): ProposerStep {
  // Without promises (a request or an ack while leading, with fixed membership) nothing is
  // recovered: the hot path skips the recovery.
  const recovered = state.promises.isEmpty()
    ? NOTHING_RECOVERED
    : ctx.rules.recover(List(state.promises.sortBy((_, from) => from).valueSeq()));
  const highest = recovered.keySeq().max() ?? 0;
  const promisers = ctx.reconfiguration === null ? [] : state.promises.keySeq().toArray();
  let next = state;
  const send: Accept[] = [];
  for (let slot = nextSlot(state); slot <= ctx.slots; slot++) {
    const configuration = slotConfiguration(next, slot, ctx);
    if (configuration === null) break;
    const { quorums } = ctx.configurations[configuration]!;
    if (ctx.reconfiguration !== null && !quorums.phase1(promisers)) break;
    let command =
      slot <= highest
        ? (recovered.get(slot) ?? (ctx.rules.fillGaps ? NOOP : undefined))
        : undefined;
    if (command === undefined) {
      // A gap a variant leaves open.
      if (slot <= highest) continue;
      let pending = next.pending;
      // A pending command already recovered is in the log: proposing it again would be a retry.
      while (
        ctx.rules.deduplicate &&
        !pending.isEmpty() &&
        next.proposals.includes(pending.first()!)
      ) {
        pending = pending.shift();
      }
      if (pending.isEmpty()) {
        next = next.set("pending", pending);
        break;
      }
      command = pending.first()!;
      next = next.set("pending", pending.shift());
    }
    next = next.set("proposals", next.proposals.set(slot, command));
    send.push(...accepts(next, slot, command, configuration, ctx));
  }
  // A full log takes no more requests, and needs no more promises; with fixed membership the
  // promises are done with as soon as the leader leads.
  const full = nextSlot(next) > ctx.slots;
  if (full) next = next.set("pending", List());
  if (full || ctx.reconfiguration === null) next = next.set("promises", IMap());
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
  const { quorums } = ctx.configurations[slotConfiguration(state, slot, ctx) ?? 0]!;
  if (!quorums.phase2(acks.get(slot)!.toArray())) {
    return { state: state.set("acks", acks), send: [] };
  }
  const command = state.proposals.get(slot);
  if (command === undefined) return { state: state.set("acks", acks), send: [] };
  const next = state.merge({ acks, committed: state.committed.add(slot) });
  const send: MultiPaxosMessage[] = ctx.replicas.map(
    (replica) => new Commit({ from: ctx.self, to: replica, slot, command }),
  );
  if (ctx.reconfiguration === null) return { state: next, send };
  // A chosen slot may open the window above it.
  const more = advance(next, ctx);
  return { state: more.state, send: [...send, ...more.send] };
}
