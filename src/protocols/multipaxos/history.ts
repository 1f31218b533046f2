/**
 * History facts of Multi-Paxos, for the invariants: every vote (slot, ballot, command) a replica
 * ever cast, and every command a client submitted.
 */
import { Record } from "immutable";
import type { NodeId } from "../../core/protocol.ts";
import { Ballot, NO_BALLOT, showBallot } from "../paxos/ballot.ts";
import type { Command } from "./messages.ts";
import { ClientState, ReplicaState } from "./state.ts";

/**
 * Replica `replica` accepted `command` in `slot` in `ballot`, as a member of the leader's
 * `configuration` for the slot (0 unless the membership changes).
 */
export class SlotVote extends Record({
  kind: "vote" as const,
  replica: "" as NodeId,
  slot: 0,
  ballot: NO_BALLOT as Ballot,
  command: "" as Command,
  configuration: 0,
}) {}

/** A client submitted `command`. */
export class Submitted extends Record({ kind: "submitted" as const, command: "" as Command }) {}

/**
 * For a key-value store, an event of the clients' history: `client` called `command`, or it
 * returned `result`; `at` is its place among the history's events (Cluster.events), -1 until
 * synod places it.
 */
export class ClientEvent extends Record({
  kind: "client-event" as const,
  client: "" as NodeId,
  call: true,
  command: "" as Command,
  result: "",
  at: -1,
}) {}

export type MultiPaxosFact = SlotVote | Submitted | ClientEvent;

/**
 * The facts a step adds: the votes a replica cast, the command a client submitted, and, with
 * `clientEvents` (a key-value store), each call and return of a client.
 */
export function observer(
  commandsOf: (client: NodeId) => readonly Command[],
  clientEvents: boolean,
) {
  return (node: NodeId, before: unknown, after: unknown): MultiPaxosFact[] => {
    if (after instanceof ReplicaState && before instanceof ReplicaState) {
      const facts: MultiPaxosFact[] = [];
      for (const [slot, entry] of after.accepted) {
        if (!entry.equals(before.accepted.get(slot))) {
          facts.push(
            new SlotVote({
              replica: node,
              slot,
              ballot: entry.ballot,
              command: entry.command,
              configuration: entry.configuration,
            }),
          );
        }
      }
      return facts;
    }
    if (after instanceof ClientState && before instanceof ClientState) {
      if (after.waiting && !before.waiting) {
        const command = commandsOf(node)[after.done]!;
        const submitted = new Submitted({ command });
        return clientEvents
          ? [submitted, new ClientEvent({ client: node, call: true, command })]
          : [submitted];
      }
      if (clientEvents && after.done > before.done) {
        const command = commandsOf(node)[before.done]!;
        const result = after.results.last("");
        return [new ClientEvent({ client: node, call: false, command, result })];
      }
    }
    return [];
  };
}

export function describeFact(fact: MultiPaxosFact): string {
  switch (fact.kind) {
    case "vote":
      return `${fact.replica} voted ${showBallot(fact.ballot)} = ${fact.command} in slot ${fact.slot}`;
    case "submitted":
      return `${fact.command} submitted`;
    case "client-event":
      return fact.call
        ? `${fact.at}: ${fact.client} calls ${fact.command}`
        : `${fact.at}: ${fact.client} returns ${fact.result} for ${fact.command}`;
  }
}

/** The clients' events, placed: ClientEvent numbered by its place in the history. */
export const clientEvents = {
  isEvent: (fact: MultiPaxosFact): boolean => fact.kind === "client-event",
  at: (fact: MultiPaxosFact, position: number): MultiPaxosFact =>
    (fact as ClientEvent).set("at", position),
};
