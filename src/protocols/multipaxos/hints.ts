/**
 * What Multi-Paxos declares only for speed: the messages each role will never act on, which the
 * actor runtime removes from the network at once (see `ignoresForever` in core/protocol.ts).
 * Each must be a no-op where it is dropped, now and later: `synod check --self-check` checks the
 * first on every state of a bounded search. The roles each invariant reads are declared beside
 * the invariants, and renamings in symmetry.ts.
 */
import { compareBallots } from "../paxos/ballot.ts";
import type { MultiPaxosContext } from "./context.ts";
import type { Command, MultiPaxosMessage } from "./messages.ts";
import {
  countsPromise,
  mayLead,
  nextSlot,
  proposed,
  readsLocally,
  type ProposerConfig,
} from "./proposer.ts";
import type { ClientState, ProposerState, ReplicaState } from "./state.ts";

/**
 * Messages a replica will never act on: a Prepare at or below its promise, an Accept below it
 * (its promise only grows, and survives crashes), a Commit for a slot it already committed.
 */
export function replicaIgnores(state: ReplicaState, message: MultiPaxosMessage): boolean {
  switch (message.kind) {
    case "prepare":
      return compareBallots(message.ballot, state.promised) <= 0;
    case "accept":
      return compareBallots(message.ballot, state.promised) < 0;
    case "commit":
      return state.committed.has(message.slot);
    default:
      return false;
  }
}

/**
 * Messages a proposer will never act on: a Promise for a ballot it is no longer preparing (it
 * never returns to a ballot) or, with fixed membership, already leads, an Accepted the rules say can no longer count. Requests are kept:
 * a proposer that is not leading now may lead later.
 */
export function proposerIgnores(
  state: ProposerState,
  message: MultiPaxosMessage,
  config: ProposerConfig,
  ctx: MultiPaxosContext,
): boolean {
  switch (message.kind) {
    case "request":
      return (
        !mayLead(state, config) ||
        (state.phase === "leading" &&
          state.round >= config.maxRounds &&
          !readsLocally(state, message.command, ctx) &&
          (nextSlot(state) > ctx.slots || proposed(state, message.command, ctx)))
      );
    case "promise":
      return !countsPromise(state, message, ctx);
    case "accepted":
      return ctx.rules.ackObsolete(state, message);
    default:
      return false;
  }
}

/** A reply to a command already answered changes nothing, now or later. */
export function clientIgnores(
  state: ClientState,
  message: MultiPaxosMessage,
  commands: readonly Command[],
): boolean {
  return message.kind === "reply" && commands.indexOf(message.command) < state.done;
}
