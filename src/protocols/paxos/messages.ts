/**
 * The four messages of single-decree Paxos ("Paxos Made Simple", §2.2):
 * phase 1a Prepare, 1b Promise, 2a Accept, 2b Accepted.
 */
import { Record } from "immutable";
import { Ballot, NO_BALLOT, showBallot } from "./ballot.ts";

/** A value a proposer proposes. */
export type Value = string;

/** An acceptor's vote: the ballot it accepted and the value it accepted in it. */
export class Vote extends Record({ ballot: NO_BALLOT as Ballot, value: "" as Value }) {}

export const showVote = (vote: Vote | null): string =>
  vote === null ? "-" : `${showBallot(vote.ballot)} = ${showValue(vote.value)}`;

/** Values are printed bare (`a`); the empty string, a classic zero value, prints as `""`. */
export const showValue = (value: Value): string => (value === "" ? '""' : value);

/** 1a: a proposer asks an acceptor to promise to ignore ballots below `ballot`. */
export class Prepare extends Record({
  kind: "prepare" as const,
  from: "",
  to: "",
  ballot: NO_BALLOT as Ballot,
}) {}

/** 1b: the acceptor promises, and reports its latest vote (if any). */
export class PromiseMsg extends Record({
  kind: "promise" as const,
  from: "",
  to: "",
  ballot: NO_BALLOT as Ballot,
  vote: null as Vote | null,
}) {}

/** 2a: a proposer asks an acceptor to accept `value` in `ballot`. */
export class Accept extends Record({
  kind: "accept" as const,
  from: "",
  to: "",
  ballot: NO_BALLOT as Ballot,
  value: "" as Value,
}) {}

/** 2b: the acceptor tells a learner it accepted `value` in `ballot`. */
export class Accepted extends Record({
  kind: "accepted" as const,
  from: "",
  to: "",
  ballot: NO_BALLOT as Ballot,
  value: "" as Value,
}) {}

/** Any of the four Paxos messages. */
export type PaxosMessage = Prepare | PromiseMsg | Accept | Accepted;

/** `Prepare(b=2.p1)`, `Promise(b=2.p1, vote 1.p2 = b)`, `Accept(b=2.p1, v=b)`. */
export function describeMessage(message: PaxosMessage): string {
  const b = showBallot(message.ballot);
  switch (message.kind) {
    case "prepare":
      return `Prepare(b=${b})`;
    case "promise":
      return `Promise(b=${b}, ${message.vote === null ? "no vote" : `vote ${showVote(message.vote)}`})`;
    case "accept":
      return `Accept(b=${b}, v=${showValue(message.value)})`;
    case "accepted":
      return `Accepted(b=${b}, v=${showValue(message.value)})`;
  }
}
