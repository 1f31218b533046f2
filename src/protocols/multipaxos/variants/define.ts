/** Declares a variant of Multi-Paxos: the rules it replaces, and what that breaks. */
import { defineVariant, type Variant } from "../../../core/protocol.ts";
import type { MultiPaxosRules } from "../rules.ts";

/** Declares a variant of Multi-Paxos; a variant file's default export. */
export function defineMultiPaxosVariant(
  variant: Omit<Variant<MultiPaxosRules>, "kind" | "protocol">,
): Variant<MultiPaxosRules> {
  return defineVariant<MultiPaxosRules>({ protocol: "multipaxos", ...variant });
}
