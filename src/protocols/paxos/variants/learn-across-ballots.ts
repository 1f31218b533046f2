import { Set as ISet } from "immutable";
import type { NodeId } from "../../../core/protocol.ts";
import { definePaxosVariant } from "./define.ts";

/** Catalogue M8: a learner adds up reports of one value from different ballots. */
export const learnAcrossBallots = definePaxosVariant({
  name: "learn-across-ballots",
  changes:
    "A learner counts every acceptor that reported accepting a value, in any ballot, toward deciding it, not only those of one ballot.",
  breaks: "learned-is-chosen",
  rules: {
    supporters: (acks, vote) =>
      acks
        .filter((_, reported) => reported.value === vote.value)
        .reduce((all, from) => all.union(from), ISet<NodeId>()),
  },
});
