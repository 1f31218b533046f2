/**
 * `paxos-abstract`: Lamport's message-set Paxos, the model TLC checks in the TLA+ examples, for
 * comparing synod's counts with TLC's state for state (see docs/tlc.md).
 */
import { defineProtocol, type Invariant, type StepProperty } from "../../core/protocol.ts";
import { abstractInvariants, type AbstractView } from "./invariants.ts";
import { abstractSteps } from "./refinement.ts";
import { correctAbstractRules, type AbstractRules } from "./rules.ts";
import { buildAbstractSystem } from "./system.ts";
import { abstractVariants } from "./variants.ts";
import { messageSetSettings } from "./settings.ts";
import { acceptorName, INITIAL_ACCEPTOR } from "./view.ts";

export const paxosAbstract = defineProtocol<AbstractRules>({
  name: "paxos-abstract",
  summary:
    "Lamport's TLA+ Paxos over the set of all messages sent: Phase1a, Phase1b, Phase2a and Phase2b as actions, no processes.",
  settings: messageSetSettings,
  invariants: abstractInvariants,
  steps: abstractSteps,
  variants: abstractVariants,
  // Formulas read each acceptor's variables as its fields, and the messages sent.
  formulaNodes: (model) =>
    Array.from({ length: model.acceptors }, (_, a) => ({
      id: acceptorName(a),
      role: "acceptor",
      initial: INITIAL_ACCEPTOR,
    })),
  ballots: (model) => Array.from({ length: model.maxBallot! + 1 }, (_, b) => b),
  system: (model, variant, invariants, steps) =>
    buildAbstractSystem(
      model,
      invariants as readonly Invariant<AbstractView>[],
      steps as readonly StepProperty<AbstractView>[],
      { ...correctAbstractRules, ...(variant?.rules ?? {}) },
    ),
});
