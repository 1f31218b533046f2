/**
 * Ballots. A ballot is a round number paired with the proposer that started it, so two
 * proposers never share a ballot ("Paxos Made Simple": proposal numbers come from disjoint
 * sets). Ballots are ordered by round, then by proposer.
 */
import { Record } from "immutable";

/** A ballot: a round and the proposer that started it (0 for a bare round number). */
export class Ballot extends Record({ round: 0, proposer: 0 }) {}

/** Lower than every real ballot: what an acceptor has promised before any prepare. */
export const NO_BALLOT = new Ballot();

/** Negative, zero or positive as `a` is below, equal to or above `b`. */
export function compareBallots(a: Ballot, b: Ballot): number {
  return a.round !== b.round ? a.round - b.round : a.proposer - b.proposer;
}

/** `2.p1`, or `2` for a ballot with no proposer part, or `-` for no ballot. */
export function showBallot(b: Ballot): string {
  if (b.round === 0) return "-";
  return b.proposer === 0 ? String(b.round) : `${b.round}.p${b.proposer}`;
}
