import { Ballot, compareBallots } from "../ballot.ts";
import { definePaxosVariant } from "./define.ts";

/** Catalogue M7: ballot numbers without a proposer id. */
export const sharedBallots = definePaxosVariant({
  name: "shared-ballots",
  changes:
    "Ballots are bare round numbers, so two proposers can use the same ballot; acceptors answer a Prepare for the ballot they already promised (as implementations that re-send prepares do), so both get promises.",
  breaks: "agreement",
  rules: {
    ballot: (round) => new Ballot({ round, proposer: 0 }),
    mayPromise: (state, ballot) => compareBallots(ballot, state.promised) >= 0,
  },
});
