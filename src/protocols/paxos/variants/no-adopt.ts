import { definePaxosVariant } from "./define.ts";

/** Catalogue M2: phase 2 ignores what phase 1 reported. */
export const noAdopt = definePaxosVariant({
  name: "no-adopt",
  changes: "A proposer ignores the votes reported in promises and always proposes its own value.",
  breaks: "agreement",
  rules: {
    chooseValue: (_promises, own) => own,
  },
});
