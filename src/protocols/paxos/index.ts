/**
 * Single-decree Paxos as in "Paxos Made Simple": proposers, acceptors and learners exchanging
 * Prepare, Promise, Accept and Accepted over the model's network.
 */
import {
  defineProtocol,
  type Cluster,
  type NodeBehaviour,
  type Variant,
} from "../../core/protocol.ts";
import type { Model } from "../../core/model.ts";
import * as acceptor from "./acceptor.ts";
import { Set as ISet } from "immutable";
import { compareBallots, showBallot, type Ballot } from "./ballot.ts";
import type { PaxosContext } from "./context.ts";
import { quorumSystem } from "../quorums.ts";
import { describeFact, observe } from "./history.ts";
import { paxosInvariants, paxosPredicates } from "./invariants.ts";
import * as learner from "./learner.ts";
import { describeMessage, showValue, showVote, type PaxosMessage } from "./messages.ts";
import * as proposer from "./proposer.ts";
import { correctRules, ruleResults, type PaxosRules } from "./rules.ts";
import { AcceptorState, LearnerState, ProposerState } from "./state.ts";
import { paxosVariants } from "./variants/index.ts";
import { permute } from "./symmetry.ts";
import { paxosSteps } from "./refinement.ts";
import { actorSettings } from "./settings.ts";

export type { PaxosRules } from "./rules.ts";
import { checkedRules, obsoleteUnlessReplaced, variantHandlers } from "../../core/contracts.ts";
import { acceptorIgnores, learnerIgnores, proposerIgnores, RELIES_ON } from "./hints.ts";

type PaxosNode = NodeBehaviour<AcceptorState | ProposerState | LearnerState, PaxosMessage>;

/** The correct rules, with the variant's in their place. */
const rulesOf = (variant: Variant<PaxosRules> | null): PaxosRules => ({
  ...correctRules,
  ...checkedRules(variant?.rules ?? {}, ruleResults, `variant ${variant?.name}`),
});

function build(model: Model, variant: Variant<PaxosRules> | null): Cluster {
  const rules = rulesOf(variant);
  const handler = variantHandlers(variant, ["acceptor", "proposer", "learner"], "paxos");
  const obsolete = <S>(role: string, ignores: (state: S, message: PaxosMessage) => boolean) =>
    obsoleteUnlessReplaced(variant, role, RELIES_ON[role]!, ignores);
  const ids = (prefix: string, n: number) =>
    Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);
  const acceptors = ids("a", model.acceptors);
  const proposers = ids("p", model.proposers);
  const learners = ids("l", model.learners);
  const context = (self: string): PaxosContext => ({
    self,
    acceptors,
    learners,
    quorums: quorumSystem(model.quorums, rules.quorumSize(acceptors.length)),
    rules,
    answersRepeats: model.retry,
    reportsDecisions: model.own["decisions"] === "proposers",
  });

  const acceptorNodes = acceptors.map((id): NodeBehaviour<AcceptorState, PaxosMessage> => {
    const ctx = context(id);
    return {
      id,
      role: "acceptor",
      initial: new AcceptorState(),
      receive: handler("acceptor", id, (state, message) => acceptor.receive(state, message, ctx)),
      ...obsolete<AcceptorState>("acceptor", (state, message) =>
        acceptorIgnores(state, message, model.retry),
      ),
      crash: (state) => rules.afterCrash(state),
      show: (state) => ({
        promised: showBallot(state.promised),
        accepted: showVote(state.accepted),
      }),
    };
  });
  const proposerNodes = proposers.map((id, i): NodeBehaviour<ProposerState, PaxosMessage> => {
    const ctx = context(id);
    const config: proposer.ProposerConfig = {
      index: i + 1,
      maxRounds: model.ballots[i]!,
      values: model.valueChoice === "each" ? [model.values[i]!] : model.values,
      retry: model.retry,
    };
    return {
      id,
      role: "proposer",
      initial: new ProposerState(),
      receive: handler("proposer", id, (state, message) => proposer.receive(state, message, ctx)),
      ...obsolete<ProposerState>("proposer", proposerIgnores),
      local: (state) => proposer.local(state, config, ctx),
      restart: (state) => rules.afterRestart(state),
      show: (state) => ({
        ballot: showBallot(state.ballot),
        phase: state.phase,
        value: state.value === null ? "-" : showValue(state.value),
        // With `decisions proposers`: who accepted its ballot, and what it reported.
        ...(state.phase === "accepting" && !state.accepts.isEmpty()
          ? { accepted: state.accepts.sort().join(", ") }
          : {}),
        ...(state.decided !== null ? { decided: showValue(state.decided) } : {}),
        // Promises matter only while gathering them.
        ...(state.phase === "preparing"
          ? {
              promises: state.promises.isEmpty()
                ? "none"
                : state.promises.map((p) => p.from).join(", "),
            }
          : {}),
      }),
    };
  });
  const learnerNodes = learners.map((id): NodeBehaviour<LearnerState, PaxosMessage> => {
    const ctx = context(id);
    return {
      id,
      role: "learner",
      initial: new LearnerState(),
      receive: handler("learner", id, (state, message) => learner.receive(state, message, ctx)),
      ...obsolete<LearnerState>("learner", learnerIgnores),
      show: (state) => ({ learned: state.decided === null ? "-" : showValue(state.decided) }),
    };
  });

  return {
    nodes: [...acceptorNodes, ...proposerNodes, ...learnerNodes] as PaxosNode[],
    describeMessage: (message) => describeMessage(message as PaxosMessage),
    observe,
    describeFact: (fact) => describeFact(fact as Parameters<typeof describeFact>[0]),
    permute,
  };
}

/** Every ballot the proposers may start (rounds 1..ballots[i] of proposer i), lowest first. */
function ballots(model: Model, variant: Variant<PaxosRules> | null): Ballot[] {
  const rules = rulesOf(variant);
  const all = ISet<Ballot>().withMutations((set) => {
    model.ballots.forEach((rounds, i) => {
      for (let round = 1; round <= rounds; round++) set.add(rules.ballot(round, i + 1));
    });
  });
  return all.toArray().sort(compareBallots);
}

/** Single-decree Paxos, the built-in `protocol paxos`. */
export const paxos = defineProtocol<PaxosRules>({
  name: "paxos",
  summary:
    "Single-decree Paxos (Lamport, Paxos Made Simple): proposers, acceptors and learners agree on one value.",
  settings: {
    ...actorSettings,
    own: [
      {
        name: "decisions",
        type: "choice",
        options: ["learners", "proposers"],
        default: "learners",
        meaning:
          "Who hears that acceptors accepted: the learners only, or the ballot's proposer too, which then reports the value decided to its client (`reported-is-chosen` checks it).",
      },
    ],
  },
  invariants: paxosInvariants,
  steps: paxosSteps,
  predicates: paxosPredicates,
  localActions: [
    { name: "start", description: "a proposer starts its next ballot (phase 1a)" },
    {
      name: "retry",
      description:
        "a proposer resends its current ballot's requests on a timeout (with `retry resend`)",
    },
  ],
  variants: paxosVariants,
  // Only `retry resend` makes a step a timeout.
  timeoutsIn: (model) => model.retry,
  build,
  ballots,
});
