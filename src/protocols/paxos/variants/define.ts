/** Declares a variant of single-decree Paxos: the rules it replaces, and what that breaks. */
import { defineVariant, type HandlerWrap, type Variant } from "../../../core/protocol.ts";
import type { PaxosMessage } from "../messages.ts";
import type { PaxosRules } from "../rules.ts";
import type { AcceptorState, LearnerState, ProposerState } from "../state.ts";

/** The message handlers a Paxos variant may replace or wrap, by role. */
export type PaxosHandlers = {
  readonly acceptor?: HandlerWrap<AcceptorState, PaxosMessage>;
  readonly proposer?: HandlerWrap<ProposerState, PaxosMessage>;
  readonly learner?: HandlerWrap<LearnerState, PaxosMessage>;
};

/** Declares a variant of single-decree Paxos; a variant file's default export. */
export function definePaxosVariant(
  variant: Omit<Variant<PaxosRules>, "kind" | "protocol" | "handlers"> & {
    readonly handlers?: PaxosHandlers;
  },
): Variant<PaxosRules> {
  return defineVariant<PaxosRules>({ protocol: "paxos", ...variant });
}
