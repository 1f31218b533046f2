import { NO_BALLOT } from "../ballot.ts";
import { definePaxosVariant } from "./define.ts";

/** Catalogue M1: the promise lives in memory only. */
export const forgetPromise = definePaxosVariant({
  name: "forget-promise",
  changes:
    "An acceptor keeps its promise in volatile memory: after a crash it recovers with its vote but has forgotten the ballot it promised.",
  breaks: "agreement",
  rules: {
    afterCrash: (state) => state.set("promised", NO_BALLOT),
  },
});
