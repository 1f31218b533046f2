/**
 * A replicated key-value store (`protocol kv`): Multi-Paxos whose commands are clients' `put`,
 * `get` and `cas` operations, which replicas apply to a store, answering each client with what
 * its operation returned. The clients' calls and returns are recorded in order, and
 * `linearizable` checks the history so far in every state.
 */
import { defineProtocol, defineVariant } from "../../core/protocol.ts";
import { build, multipaxos, type MultiPaxosRules } from "../multipaxos/index.ts";
import { linearizable } from "./linearizable.ts";
import { kvSettings } from "./settings.ts";

/** MP5: a leader answers reads from its own committed slots, without a lease. */
export const leaderLocalReads = defineVariant<MultiPaxosRules>({
  protocol: "kv",
  name: "leader-local-reads",
  changes:
    "A leader answers a `get` from the slots it committed itself instead of putting it through the log, without a lease: after a newer leader commits a write, the old one still answers with the value before it.",
  breaks: "linearizable",
  rules: { readLocally: true },
});

/** The built-in `protocol kv`. */
export const kv = defineProtocol<MultiPaxosRules>({
  name: "kv",
  summary:
    "A replicated key-value store on Multi-Paxos: clients' put, get and cas operations go through the log, and every state's client history is checked for linearizability.",
  settings: kvSettings,
  invariants: [...multipaxos.invariants, linearizable],
  predicates: multipaxos.predicates,
  localActions: multipaxos.localActions,
  variants: [leaderLocalReads],
  build,
  ballots: multipaxos.ballots,
});
