import { definePaxosVariant } from "./define.ts";

/** Catalogue M12: an acceptor votes in a ballot without raising its promise to it. */
export const voteWithoutPromise = definePaxosVariant({
  name: "vote-without-promise",
  changes:
    "An acceptor that votes in a ballot keeps the promise it had, instead of raising it to that ballot, so it may later promise or accept a lower one.",
  breaks: "promise-covers-vote",
  rules: {
    promiseAfterVote: (state) => state.promised,
  },
});
