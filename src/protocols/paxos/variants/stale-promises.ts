import { definePaxosVariant } from "./define.ts";

/** Catalogue M4: promises are not filtered by ballot. */
export const stalePromises = definePaxosVariant({
  name: "stale-promises",
  changes:
    "A proposer counts every promise addressed to it, including late promises for an older ballot of its own.",
  breaks: "agreement",
  rules: {
    promiseCounts: () => true,
  },
});
