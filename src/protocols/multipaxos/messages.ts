/**
 * The messages of Multi-Paxos: a client's request, phase 1 over the whole log (Prepare, Promise
 * with every accepted entry), phase 2 per slot (Accept, Accepted), the leader's Commit, and a
 * replica's Reply to the client.
 */
import { List, Record } from "immutable";
import { Ballot, NO_BALLOT, showBallot } from "../paxos/ballot.ts";

/** A client command, or {@link NOOP}. */
export type Command = string;

/** What a new leader proposes in a slot of the log that no promise reports (a gap). */
export const NOOP: Command = "no-op";

/**
 * An accepted log entry: in `slot`, `command` was accepted in `ballot`, as a member of the
 * leader's `configuration` for that slot (0, the first, unless the membership changes).
 */
export class Entry extends Record({
  slot: 0,
  ballot: NO_BALLOT as Ballot,
  command: "" as Command,
  configuration: 0,
}) {}

export const showEntry = (e: Entry): string => `${e.slot}: ${showBallot(e.ballot)} = ${e.command}`;

/** A client asks a proposer to put `command` in the log. */
export class Request extends Record({
  kind: "request" as const,
  from: "",
  to: "",
  command: "" as Command,
}) {}

/** 1a for every slot at once: promise to ignore ballots below `ballot`. */
export class Prepare extends Record({
  kind: "prepare" as const,
  from: "",
  to: "",
  ballot: NO_BALLOT as Ballot,
}) {}

/** 1b: the replica promises, and reports every entry it accepted, sorted by slot. */
export class PromiseMsg extends Record({
  kind: "promise" as const,
  from: "",
  to: "",
  ballot: NO_BALLOT as Ballot,
  accepted: List<Entry>(),
}) {}

/** 2a: accept `command` in `slot` in `ballot`, sent to the members of `configuration`. */
export class Accept extends Record({
  kind: "accept" as const,
  from: "",
  to: "",
  ballot: NO_BALLOT as Ballot,
  slot: 0,
  command: "" as Command,
  configuration: 0,
}) {}

/** 2b, to the leader: the replica accepted `command` in `slot` in `ballot`. */
export class Accepted extends Record({
  kind: "accepted" as const,
  from: "",
  to: "",
  ballot: NO_BALLOT as Ballot,
  slot: 0,
  command: "" as Command,
}) {}

/** The leader saw a quorum accept: `command` is chosen for `slot`. */
export class Commit extends Record({
  kind: "commit" as const,
  from: "",
  to: "",
  slot: 0,
  command: "" as Command,
}) {}

/**
 * A replica applied the client's command; for a key-value store, with what the operation
 * returned (`ok`, a value or `none` for absent, `true` or `false`).
 */
export class Reply extends Record({
  kind: "reply" as const,
  from: "",
  to: "",
  command: "" as Command,
  result: "",
}) {}

/** Every message of Multi-Paxos. */
export type MultiPaxosMessage = Request | Prepare | PromiseMsg | Accept | Accepted | Commit | Reply;

/**
 * `Accept(b=1.p1, 2: x)`, `Promise(b=1.p2, 1: 1.p1 = x)`; with `members`, the member sets of a
 * changing membership, an Accept names the configuration it is for: `2: x in {r2,r3,r4}`.
 */
export function describeMessage(
  m: MultiPaxosMessage,
  members: readonly (readonly string[])[] | null = null,
): string {
  switch (m.kind) {
    case "request":
      return `Request(${m.command})`;
    case "prepare":
      return `Prepare(b=${showBallot(m.ballot)})`;
    case "promise":
      return `Promise(b=${showBallot(m.ballot)}, ${m.accepted.isEmpty() ? "nothing accepted" : m.accepted.map(showEntry).join("; ")})`;
    case "accept":
      return `Accept(b=${showBallot(m.ballot)}, ${m.slot}: ${m.command}${members === null ? "" : ` in {${members[m.configuration]!.join(",")}}`})`;
    case "accepted":
      return `Accepted(b=${showBallot(m.ballot)}, ${m.slot}: ${m.command})`;
    case "commit":
      return `Commit(${m.slot}: ${m.command})`;
    case "reply":
      return m.result === "" ? `Reply(${m.command})` : `Reply(${m.command} → ${m.result})`;
  }
}
