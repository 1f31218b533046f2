/**
 * Refinement mappings of the message-set Paxos, as step properties. Lamport's Paxos refines
 * Voting (votes[a] is the set of ⟨bal, val⟩ of a's 2b messages, maxBal is maxBal), and Voting
 * refines Consensus (chosen is the set of values some quorum voted for in one ballot). Each step
 * must be a step of the abstract specification or leave its variables unchanged.
 */
import type { StepProperty } from "../../core/protocol.ts";
import { consensusStep } from "../consensus.ts";
import { chosen, type AbstractView } from "./invariants.ts";

type Vote = { readonly bal: number; readonly val: number };

/** votes[a] of the Voting spec. */
function votes(view: AbstractView): Vote[][] {
  const result: Vote[][] = view.maxBal.map(() => []);
  for (const m of view.msgs) if (m.type === "2b") result[m.acc]!.push({ bal: m.bal, val: m.val });
  return result;
}

const votedFor = (v: Vote[][], a: number, bal: number, val: number) =>
  v[a]!.some((x) => x.bal === bal && x.val === val);
const didNotVoteAt = (v: Vote[][], a: number, bal: number) => v[a]!.every((x) => x.bal !== bal);

/**
 * SafeAt(b, v) of the Voting spec: for every ballot c below b, some quorum each voted for v in c
 * or can no longer vote in c (its maxBal is above c and it did not vote in c). Returns the first
 * ballot c for which no quorum does, or null if v is safe at b.
 */
function unsafeBallot(view: AbstractView, v: Vote[][], b: number, val: number): number | null {
  const n = view.maxBal.length;
  for (let c = 0; c < b; c++) {
    const ok = (a: number) =>
      votedFor(v, a, c, val) || (view.maxBal[a]! > c && didNotVoteAt(v, a, c));
    const count = view.maxBal.filter((_, a) => ok(a)).length;
    if (count * 2 <= n) return c;
  }
  return null;
}

/** What is wrong with each vote this step adds, in words (empty if every new vote is allowed). */
function voteProblems(before: AbstractView, after: AbstractView): string[] {
  const name = (a: number) => `a${a + 1}`;
  const value = (x: number) => before.model.values[x]!;
  const old = votes(before);
  const problems: string[] = [];
  after.maxBal.forEach((bal, a) => {
    if (bal < before.maxBal[a]!) {
      problems.push(`${name(a)}'s maxBal went down from ${before.maxBal[a]} to ${bal}`);
    }
  });
  votes(after).forEach((list, a) => {
    for (const { bal, val } of list) {
      if (votedFor(old, a, bal, val)) continue;
      const what = `${name(a)} votes for ${value(val)} in ballot ${bal}`;
      if (before.maxBal[a]! > bal) {
        problems.push(`${what} after promising ballot ${before.maxBal[a]}`);
      } else if (!didNotVoteAt(old, a, bal)) {
        problems.push(`${what} but had already voted in ballot ${bal}`);
      } else if (old.some((l, c) => c !== a && l.some((x) => x.bal === bal && x.val !== val))) {
        problems.push(`${what} though another value was voted for in ballot ${bal}`);
      } else {
        const c = unsafeBallot(before, old, bal, val);
        if (c !== null) {
          problems.push(
            `${what}, but ${value(val)} is not safe at ballot ${bal}: ballot ${c} may choose another value, since no majority of acceptors each voted for ${value(val)} in ballot ${c} or can no longer vote in it`,
          );
        }
      }
    }
  });
  return problems;
}

export const votingRefinement: StepProperty<AbstractView> = {
  id: "voting-refinement",
  statement:
    "Every step is a step of Lamport's Voting spec: maxBal never decreases, and each new vote is for a value safe at its ballot, by an acceptor that has not promised a higher ballot nor voted in that ballot, with no other value voted in that ballot.",
  rationale:
    "Voting is the abstract algorithm whose invariants (VotesSafe, OneValuePerBallot) imply agreement; a protocol that refines it inherits its correctness proof.",
  holds: (before, _action, after) => voteProblems(before, after).length === 0,
  explain: (before, _action, after) => `${voteProblems(before, after).join("; ")}.`,
};

const chosenSet = (view: AbstractView) => [...new Set(chosen(view).map((c) => c.value))].sort();

export const consensusRefinement: StepProperty<AbstractView> = {
  id: "consensus-refinement",
  statement:
    "Every step is a step of the Consensus spec: the set of chosen values goes only from empty to a single value, and never changes after.",
  rationale:
    "Consensus is the specification every Paxos implements; refining it is agreement stated as behaviour, not just as a property of each state.",
  holds: (before, _action, after) => {
    return consensusStep(chosenSet(before), chosenSet(after));
  },
  explain: (before, _action, after) => {
    const show = (set: number[]) => `{${set.map((v) => before.model.values[v]).join(", ")}}`;
    return `chosen goes from ${show(chosenSet(before))} to ${show(chosenSet(after))}.`;
  },
};

export const abstractSteps: readonly StepProperty<AbstractView>[] = [
  votingRefinement,
  consensusRefinement,
];
