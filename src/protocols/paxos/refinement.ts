/**
 * Single-decree Paxos refines the Consensus specification: the set of chosen values (read from
 * the history of votes) goes only from empty to one value, and never changes after.
 */
import type { StepProperty } from "../../core/protocol.ts";
import { consensusStep } from "../consensus.ts";
import { chosenValues } from "./invariants.ts";

const show = (values: string[]) => `{${values.join(", ")}}`;
const chosenSet = (view: Parameters<typeof chosenValues>[0]) => chosenValues(view).sort();

export const consensusRefinement: StepProperty = {
  id: "consensus-refinement",
  statement:
    "Every step is a step of the Consensus spec: the set of chosen values goes only from empty to a single value, and never changes after.",
  rationale:
    "Consensus is the specification every Paxos implements; refining it is agreement stated as behaviour, not just as a property of each state.",
  // Chosen values are read from the vote history: a step that records nothing stutters.
  readsOnlyHistory: true,
  holds: (before, _action, after) => {
    return consensusStep(chosenSet(before), chosenSet(after));
  },
  explain: (before, _action, after) =>
    `chosen goes from ${show(chosenSet(before))} to ${show(chosenSet(after))}.`,
};

export const paxosSteps: readonly StepProperty[] = [consensusRefinement];
