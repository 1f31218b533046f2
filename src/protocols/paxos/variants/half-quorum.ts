import { definePaxosVariant } from "./define.ts";

/** Catalogue M6: an off-by-one quorum. */
export const halfQuorum = definePaxosVariant({
  name: "half-quorum",
  changes:
    "Proposers and learners take n/2 acceptors (integer division) as a quorum instead of a majority, so two quorums need not intersect.",
  breaks: "agreement",
  rules: {
    quorumSize: (acceptors) => Math.floor(acceptors / 2),
  },
});
