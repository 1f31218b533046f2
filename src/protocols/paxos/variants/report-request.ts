import { definePaxosVariant } from "./define.ts";

/**
 * Catalogue M9: a proposer that adopted a reported vote's value, and had it accepted, tells its
 * client the value the client asked for. Shows with `decisions proposers`.
 */
export const reportRequest = definePaxosVariant({
  name: "report-request",
  changes:
    "A proposer reports to its client the value the client asked for, not the value its ballot adopted and a quorum accepted.",
  breaks: "reported-is-chosen",
  rules: {
    reportedValue: (state) => state.request ?? state.value!,
  },
});
