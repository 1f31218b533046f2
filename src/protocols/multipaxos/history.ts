/**
 * History facts of Multi-Paxos, for the invariants: every vote (slot, ballot, command) a replica
 * ever cast, and every command a client submitted.
 */
import { Record } from "immutable";
import type { NodeId } from "../../core/protocol.ts";
import { Ballot, NO_BALLOT, showBallot } from "../paxos/ballot.ts";
import type { Command } from "./messages.ts";
import { ClientState, ReplicaState } from "./state.ts";

/** Replica `replica` accepted `command` in `slot` in `ballot`. */
export class SlotVote extends Record({
  kind: "vote" as const,
  replica: "" as NodeId,
  slot: 0,
  ballot: NO_BALLOT as Ballot,
  command: "" as Command,
}) {}

/** A client submitted `command`. */
export class Submitted extends Record({ kind: "submitted" as const, command: "" as Command }) {}

export type MultiPaxosFact = SlotVote | Submitted;

/** The facts a step adds: the votes a replica cast, the command a client submitted. */
export function observer(commandsOf: (client: NodeId) => readonly Command[]) {
  return (node: NodeId, before: unknown, after: unknown): MultiPaxosFact[] => {
    if (after instanceof ReplicaState && before instanceof ReplicaState) {
      const facts: MultiPaxosFact[] = [];
      for (const [slot, entry] of after.accepted) {
        if (!entry.equals(before.accepted.get(slot))) {
          facts.push(
            new SlotVote({ replica: node, slot, ballot: entry.ballot, command: entry.command }),
          );
        }
      }
      return facts;
    }
    if (after instanceof ClientState && before instanceof ClientState) {
      if (after.waiting && !before.waiting) {
        return [new Submitted({ command: commandsOf(node)[after.done]! })];
      }
    }
    return [];
  };
}

export function describeFact(fact: MultiPaxosFact): string {
  return fact.kind === "vote"
    ? `${fact.replica} voted ${showBallot(fact.ballot)} = ${fact.command} in slot ${fact.slot}`
    : `${fact.command} submitted`;
}
