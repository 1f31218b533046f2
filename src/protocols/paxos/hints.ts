/**
 * What single-decree Paxos declares only for speed: the messages each role will never act on,
 * which the actor runtime removes from the network at once (see `ignoresForever` in
 * core/protocol.ts and spec/semantics.md, "Obsolete messages"). Each must be a no-op where it is
 * dropped, now and later: `synod check --self-check` checks the first on every state of a bounded
 * search; "later" is the argument beside each.
 */
import { compareBallots } from "./ballot.ts";
import { Vote, type PaxosMessage } from "./messages.ts";
import type { PaxosRules } from "./rules.ts";
import type { AcceptorState, LearnerState, ProposerState } from "./state.ts";

/**
 * The rules each role's declaration relies on: a variant that replaces one of them (or the
 * role's handler) may act on what the correct protocol ignores, so that role declares nothing.
 */
export const RELIES_ON: Readonly<Record<string, readonly (keyof PaxosRules)[]>> = {
  acceptor: ["mayPromise", "mayAccept", "promiseAfterVote", "afterCrash"],
  proposer: ["ballot", "promiseCounts", "afterRestart"],
  learner: ["supporters"],
};

/**
 * Messages an acceptor will never act on: a Prepare below its promise (at it too, unless
 * resent Prepares are answered again), an Accept below it. Its promise only grows (a vote
 * raises it to the vote's ballot) and is on stable storage.
 */
export function acceptorIgnores(
  state: AcceptorState,
  message: PaxosMessage,
  answersRepeats: boolean,
): boolean {
  switch (message.kind) {
    case "prepare": {
      const order = compareBallots(message.ballot, state.promised);
      return order < 0 || (order === 0 && !answersRepeats);
    }
    case "accept":
      return compareBallots(message.ballot, state.promised) < 0;
    default:
      return false;
  }
}

/**
 * A Promise a proposer will never act on: one for a ballot it is not preparing now. It never
 * prepares a ballot again once it has moved on (its round only grows, and survives a restart),
 * and a Promise answers a Prepare it sent, so it is never for a ballot still to come. Likewise an
 * Accepted (with `decisions proposers`) for a ballot it is not asking acceptors to accept now,
 * one it has counted (its count only grows), or any once it has reported a decision (it keeps it).
 */
export function proposerIgnores(state: ProposerState, message: PaxosMessage): boolean {
  switch (message.kind) {
    case "promise":
      return !(state.phase === "preparing" && message.ballot.equals(state.ballot));
    case "accepted":
      return (
        !(state.phase === "accepting" && message.ballot.equals(state.ballot)) ||
        state.decided !== null ||
        state.accepts.has(message.from)
      );
    default:
      return false;
  }
}

/**
 * An Accepted a learner will never act on: any, once it has learned (it never forgets), or a
 * report it has already counted (its tally only grows until it learns).
 */
export function learnerIgnores(state: LearnerState, message: PaxosMessage): boolean {
  if (message.kind !== "accepted") return false;
  if (state.decided !== null) return true;
  const vote = new Vote({ ballot: message.ballot, value: message.value });
  return state.acks.get(vote)?.has(message.from) ?? false;
}
