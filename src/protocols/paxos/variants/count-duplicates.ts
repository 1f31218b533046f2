import { definePaxosVariant } from "./define.ts";

/** Catalogue M5: a counter where a set of acceptors belongs. */
export const countDuplicates = definePaxosVariant({
  name: "count-duplicates",
  changes:
    "A proposer counts promises instead of the acceptors that sent them, so a duplicated promise counts twice toward a quorum.",
  breaks: "agreement",
  rules: {
    recordPromise: (promises, promise) => promises.push(promise).sortBy((p) => p.from),
  },
});
