/** The properties of the message-set Paxos, read from the set of messages sent. */
import type { Invariant } from "../../core/protocol.ts";
import type { Model } from "../../core/model.ts";
import type { AbstractMessage } from "./catalog.ts";
import { majority } from "../quorums.ts";

/**
 * A state of the message-set Paxos, decoded for properties and people. An invariant over it is
 * taken to read the acceptors' variables and the votes (2b messages) only; one that declares
 * `readsRoles: []` reads the votes alone, and one that declares `readsMessages` may read any
 * message (system.ts remembers each invariant's result by what it reads).
 */
export interface AbstractView {
  readonly model: Model;
  readonly maxBal: readonly number[];
  readonly maxVBal: readonly number[];
  /** -1 for none. */
  readonly maxVal: readonly number[];
  readonly msgs: readonly AbstractMessage[];
}

/** `chosen` of the Voting spec: values some quorum voted for (sent 2b) in one ballot. */
export function chosen(view: AbstractView): { value: number; ballot: number; voters: number[] }[] {
  const quorum = majority(view.model.acceptors);
  const voters = new Map<string, { value: number; ballot: number; voters: number[] }>();
  for (const m of view.msgs) {
    if (m.type !== "2b") continue;
    const key = `${m.bal}/${m.val}`;
    const entry = voters.get(key) ?? { value: m.val, ballot: m.bal, voters: [] };
    entry.voters.push(m.acc);
    voters.set(key, entry);
  }
  return [...voters.values()].filter((e) => e.voters.length >= quorum);
}

export const agreement: Invariant<AbstractView> = {
  id: "agreement",
  statement: "At most one value is chosen.",
  rationale:
    "This is Consensus's safety property: Cardinality(chosen) ≤ 1. Two chosen values would let two learners learn different values.",
  holds: (view) => new Set(chosen(view).map((c) => c.value)).size <= 1,
  // Only the votes: no acceptor's variables.
  readsRoles: [],
  explain: (view) => {
    const byValue = new Map<number, { ballot: number; voters: number[] }>();
    for (const c of chosen(view)) if (!byValue.has(c.value)) byValue.set(c.value, c);
    const parts = [...byValue].map(
      ([value, c]) =>
        `${view.model.values[value]} by ${c.voters.map((a) => `a${a + 1}`).join(", ")} in ballot ${c.ballot}`,
    );
    return `${byValue.size} different values are chosen: ${parts.join(" and ")}.`;
  },
};

export const abstractInvariants: readonly Invariant<AbstractView>[] = [agreement];
