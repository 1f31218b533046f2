/** Variants of the message-set Paxos, for showing what its refinement checks catch. */
import { defineVariant, type Variant } from "../../core/protocol.ts";
import type { AbstractRules } from "./rules.ts";
import { quorumPromised } from "./spec.ts";

/** Phase2a ignores the votes reported in the quorum's 1b messages. */
export const abstractNoAdopt = defineVariant<AbstractRules>({
  name: "no-adopt",
  protocol: "paxos-abstract",
  changes:
    "Phase2a(b, v) may propose any value once a quorum has sent 1b messages for b, whatever votes they report.",
  breaks: "voting-refinement",
  rules: {
    valuesAllowedBy: (spec, s, b, quorum) =>
      quorumPromised(spec, s, b, quorum) ? (1 << spec.values) - 1 : 0,
  },
});

export const abstractVariants: readonly Variant<AbstractRules>[] = [abstractNoAdopt];
