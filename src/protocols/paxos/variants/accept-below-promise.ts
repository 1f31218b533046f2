import { compareBallots, NO_BALLOT } from "../ballot.ts";
import { definePaxosVariant } from "./define.ts";

/** Catalogue M3: the phase 2b check compares against the wrong ballot. */
export const acceptBelowPromise = definePaxosVariant({
  name: "accept-below-promise",
  changes:
    "An acceptor checks an Accept against the ballot it last voted in instead of the ballot it promised, so it accepts ballots below its promise.",
  breaks: "agreement",
  rules: {
    mayAccept: (state, ballot) => compareBallots(ballot, state.accepted?.ballot ?? NO_BALLOT) >= 0,
  },
});
