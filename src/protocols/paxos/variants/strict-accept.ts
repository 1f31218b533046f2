import { compareBallots } from "../ballot.ts";
import { definePaxosVariant } from "./define.ts";

/**
 * Catalogue M10: an off-by-one in phase 2b. An acceptor that promised ballot b rejects b's own
 * Accept, so no majority ever votes in one ballot: nothing is chosen, and nothing unsafe happens.
 */
export const strictAccept = definePaxosVariant({
  name: "strict-accept",
  changes:
    "An acceptor accepts only ballots strictly above its promise (`>` where `>=` is right), so it rejects the Accept of the very ballot it promised.",
  breaks: "eventually decided",
  rules: {
    mayAccept: (state, ballot) => compareBallots(ballot, state.promised) > 0,
  },
});
