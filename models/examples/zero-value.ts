/**
 * A user-written variant: the proposer forgets the "otherwise, propose your own value" branch.
 * When no promise reports a vote it proposes the value field of an empty vote, the zero value
 * (the empty string), which nobody proposed.
 *
 * Check it with: npx synod check models/examples/zero-value.synod
 */
import { compareBallots, definePaxosVariant, NO_BALLOT, type Vote } from "synod";

export default definePaxosVariant({
  name: "zero-value",
  changes:
    "When no promise reports a vote, the proposer proposes the zero value of an empty vote instead of its own value.",
  breaks: "validity",
  rules: {
    chooseValue: (promises) => {
      let highest: Vote | null = null;
      for (const promise of promises) {
        const vote = promise.vote;
        if (vote !== null && compareBallots(vote.ballot, highest?.ballot ?? NO_BALLOT) > 0) {
          highest = vote;
        }
      }
      // The bug: an empty vote's value is "", and "" goes out as the proposal.
      return highest?.value ?? "";
    },
  },
});
