/** Declares a variant of Multi-Paxos: the rules it replaces, and what that breaks. */
import { defineVariant, type HandlerWrap, type Variant } from "../../../core/protocol.ts";
import type { MultiPaxosMessage } from "../messages.ts";
import type { MultiPaxosRules } from "../rules.ts";
import type { ClientState, ProposerState, ReplicaState } from "../state.ts";

/** The message handlers a Multi-Paxos variant may replace or wrap, by role. */
export type MultiPaxosHandlers = {
  readonly replica?: HandlerWrap<ReplicaState, MultiPaxosMessage>;
  readonly proposer?: HandlerWrap<ProposerState, MultiPaxosMessage>;
  readonly client?: HandlerWrap<ClientState, MultiPaxosMessage>;
};

/** Declares a variant of Multi-Paxos; a variant file's default export. */
export function defineMultiPaxosVariant(
  variant: Omit<Variant<MultiPaxosRules>, "kind" | "protocol" | "handlers"> & {
    readonly handlers?: MultiPaxosHandlers;
  },
): Variant<MultiPaxosRules> {
  return defineVariant<MultiPaxosRules>({ protocol: "multipaxos", ...variant });
}
