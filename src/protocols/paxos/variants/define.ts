/** Declares a variant of single-decree Paxos: the rules it replaces, and what that breaks. */
import { defineVariant, type Variant } from "../../../core/protocol.ts";
import type { PaxosRules } from "../rules.ts";

/** Declares a variant of single-decree Paxos; a variant file's default export. */
export function definePaxosVariant(
  variant: Omit<Variant<PaxosRules>, "kind" | "protocol">,
): Variant<PaxosRules> {
  return defineVariant<PaxosRules>({ protocol: "paxos", ...variant });
}
