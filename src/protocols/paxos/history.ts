/**
 * History facts: what happened, recorded beside the state for the invariants to read. Acceptors
 * keep only their latest vote, so "chosen" (a quorum voted for the same value in one ballot,
 * at any time) needs the history of every vote, as the `votes` variable of Lamport's Voting spec.
 */
import { Record } from "immutable";
import type { NodeId } from "../../core/protocol.ts";
import { Ballot, NO_BALLOT, showBallot } from "./ballot.ts";
import { showValue, type Value } from "./messages.ts";
import { AcceptorState, LearnerState } from "./state.ts";

/** Acceptor `acceptor` voted for `value` in `ballot`. */
export class VoteCast extends Record({
  kind: "vote" as const,
  acceptor: "" as NodeId,
  ballot: NO_BALLOT as Ballot,
  value: "" as Value,
}) {}

/** Learner `learner` learned `value`. */
export class Learned extends Record({
  kind: "learned" as const,
  learner: "" as NodeId,
  value: "" as Value,
}) {}

export type PaxosFact = VoteCast | Learned;

/** The facts a node's step adds: a new vote, or a newly learned value. */
export function observe(node: NodeId, before: unknown, after: unknown): PaxosFact[] {
  if (after instanceof AcceptorState && before instanceof AcceptorState) {
    const vote = after.accepted;
    if (vote !== null && !vote.equals(before.accepted)) {
      return [new VoteCast({ acceptor: node, ballot: vote.ballot, value: vote.value })];
    }
  }
  if (after instanceof LearnerState && before instanceof LearnerState) {
    if (after.decided !== null && after.decided !== before.decided) {
      return [new Learned({ learner: node, value: after.decided })];
    }
  }
  return [];
}

export function describeFact(fact: PaxosFact): string {
  return fact.kind === "vote"
    ? `${fact.acceptor} voted ${showBallot(fact.ballot)} = ${showValue(fact.value)}`
    : `${fact.learner} learned ${showValue(fact.value)}`;
}
