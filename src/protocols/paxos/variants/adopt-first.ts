import { definePaxosVariant } from "./define.ts";

/** Catalogue M2b: phase 2 adopts a reported vote, but not the one of the highest ballot. */
export const adoptFirst = definePaxosVariant({
  name: "adopt-first",
  changes:
    "A proposer adopts the first vote reported in its promises (in acceptor order), not the one with the highest ballot.",
  breaks: "agreement",
  rules: {
    chooseValue: (promises, own) => promises.find((p) => p.vote !== null)?.vote?.value ?? own,
  },
});
