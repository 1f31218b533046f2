/**
 * `paxos-abstract`: Lamport's message-set Paxos, the model TLC checks in the TLA+ examples, for
 * comparing synod's counts with TLC's state for state (see docs/tlc.md).
 */
import { defineProtocol, type Invariant } from "../api.ts";
import { abstractInvariants, type AbstractView } from "./invariants.ts";
import { buildAbstractSystem } from "./system.ts";

export const paxosAbstract = defineProtocol({
  name: "paxos-abstract",
  summary:
    "Lamport's TLA+ Paxos over the set of all messages sent: Phase1a, Phase1b, Phase2a and Phase2b as actions, no processes.",
  shape: "message-set",
  invariants: abstractInvariants,
  variants: [],
  system: (model, _variant, invariants) =>
    buildAbstractSystem(model, invariants as readonly Invariant<AbstractView>[]),
});
