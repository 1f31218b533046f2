/**
 * Multi-Paxos: a replicated log. Proposers become leader by one phase 1 over every slot, then run
 * phase 2 per slot; replicas accept, learn the leader's commits and apply the log in order;
 * clients submit commands and retry on a timeout.
 */
import {
  defineProtocol,
  type Cluster,
  type HistoryEvents,
  type NodeBehaviour,
  type Variant,
} from "../../core/protocol.ts";
import type { Model } from "../../core/model.ts";
import { Ballot, compareBallots, showBallot } from "../paxos/ballot.ts";
import * as client from "./client.ts";
import type { MultiPaxosContext } from "./context.ts";
import { quorumSystem } from "../quorums.ts";
import { configurations } from "./membership.ts";
import { clientEvents, describeFact, observer, type MultiPaxosFact } from "./history.ts";
import { multiPaxosInvariants, multiPaxosPredicates } from "./invariants.ts";
import { describeMessage, showEntry, type MultiPaxosMessage } from "./messages.ts";
import * as proposer from "./proposer.ts";
import * as replica from "./replica.ts";
import { correctRules, ruleResults, type MultiPaxosRules } from "./rules.ts";
import { checkedRules, obsoleteUnlessReplaced, variantHandlers } from "../../core/contracts.ts";
import { ClientState, ProposerState, ReplicaState } from "./state.ts";
import { permute } from "./symmetry.ts";
import { multiPaxosVariants } from "./variants/index.ts";
import { logSettings } from "./settings.ts";
import { clientIgnores, proposerIgnores, replicaIgnores } from "./hints.ts";

export type { MultiPaxosRules } from "./rules.ts";

type Node = NodeBehaviour<ReplicaState | ProposerState | ClientState, MultiPaxosMessage>;

/** The cluster of a replicated log (and of a key-value store, whose commands are operations). */
export function build(model: Model, variant: Variant<MultiPaxosRules> | null): Cluster {
  const rules: MultiPaxosRules = {
    ...correctRules,
    ...checkedRules(variant?.rules ?? {}, ruleResults, `variant ${variant?.name}`),
  };
  const handler = variantHandlers(variant, ["replica", "proposer", "client"], "multipaxos");
  // The variants' rules are taken into account by the declarations themselves (ackObsolete).
  const obsolete = <S>(role: string, ignores: (state: S, message: MultiPaxosMessage) => boolean) =>
    obsoleteUnlessReplaced(variant, role, [], ignores);
  const log = model.log!;
  const ids = (prefix: string, n: number) =>
    Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);
  const replicas = ids("r", log.replicas);
  const proposers = ids("p", model.proposers);
  const clients = ids("c", log.clients);
  const commandsOf = (id: string): string[] =>
    log.commands.filter((_, k) => log.submitters[k] === clients.indexOf(id));
  const clientOf = (command: string): string =>
    clients[log.submitters[log.commands.indexOf(command)]!]!;
  const operations = log.operations;
  const operationOf = (command: string) => operations?.[log.commands.indexOf(command)];
  const quorums = quorumSystem(model.quorums, rules.quorumSize(replicas.length));
  const reconfiguration = log.reconfiguration;
  const members = configurations(replicas, reconfiguration, quorums, rules.quorumSize);
  const context = (self: string): MultiPaxosContext => ({
    self,
    replicas,
    proposers,
    quorums,
    configurations: members,
    reconfiguration,
    slots: log.slots,
    clientOf,
    operationOf,
    rules,
  });

  const replicaNodes = replicas.map((id): NodeBehaviour<ReplicaState, MultiPaxosMessage> => {
    const ctx = context(id);
    return {
      id,
      role: "replica",
      initial: new ReplicaState(),
      receive: handler("replica", id, (state, message) => replica.receive(state, message, ctx)),
      ...obsolete<ReplicaState>("replica", (state, message) => replicaIgnores(state, message)),
      // Everything a replica keeps is on stable storage.
      crash: (state) => state,
      show: (state) => ({
        promised: showBallot(state.promised),
        accepted: state.accepted.isEmpty()
          ? "-"
          : state.accepted
              .sortBy((_, s) => s)
              .valueSeq()
              .map(showEntry)
              .join("; "),
        applied: state.appliedSlots.isEmpty()
          ? "-"
          : state.appliedSlots.map((s) => `${s}: ${state.committed.get(s)}`).join(", "),
      }),
    };
  });
  const proposerNodes = proposers.map((id, i): NodeBehaviour<ProposerState, MultiPaxosMessage> => {
    const ctx = context(id);
    const config: proposer.ProposerConfig = {
      index: i + 1,
      maxRounds: model.ballots[i]!,
      resend: model.retry,
    };
    return {
      id,
      role: "proposer",
      initial: new ProposerState(),
      receive: handler("proposer", id, (state, message) =>
        proposer.receive(state, message, config, ctx),
      ),
      ...obsolete<ProposerState>("proposer", (state, message) =>
        proposerIgnores(state, message, config, ctx),
      ),
      local: (state) => proposer.local(state, config, ctx),
      // Only the round counter is stable.
      restart: (state) => new ProposerState({ round: state.round }),
      show: (state) => ({
        ballot: showBallot(state.ballot),
        phase: state.phase,
        proposals: state.proposals.isEmpty()
          ? "-"
          : state.proposals
              .sortBy((_, s) => s)
              .entrySeq()
              .map(([s, c]) => `${s}: ${c}`)
              .join(", "),
        ...(state.pending.isEmpty() ? {} : { pending: state.pending.join(", ") }),
      }),
    };
  });
  const clientNodes = clients.map((id): NodeBehaviour<ClientState, MultiPaxosMessage> => {
    const ctx = context(id);
    const commands = commandsOf(id);
    return {
      id,
      role: "client",
      initial: new ClientState(),
      receive: handler("client", id, (state, message) => client.receive(state, message, commands)),
      ...obsolete<ClientState>("client", (state, message) =>
        clientIgnores(state, message, commands),
      ),
      local: (state) => client.local(state, commands, ctx),
      show: (state) => ({
        done:
          commands
            .slice(0, state.done)
            .map((c, k) => (state.results.has(k) ? `${c} → ${state.results.get(k)}` : c))
            .join(", ") || "-",
        waiting: state.waiting ? commands[state.done]! : "-",
      }),
    };
  });

  return {
    nodes: [...replicaNodes, ...proposerNodes, ...clientNodes] as Node[],
    describeMessage: (message) =>
      describeMessage(message as MultiPaxosMessage, reconfiguration?.configurations ?? null),
    observe: observer(commandsOf, operations !== null),
    describeFact: (fact) => describeFact(fact as MultiPaxosFact),
    // A key-value store's clients' calls and returns, in the order they happen.
    ...(operations === null ? {} : { events: clientEvents as HistoryEvents<unknown> }),
    permute,
    // `symmetry replicas`: the replicas are the acceptors.
    symmetricRole: "replica",
  };
}

/** Every ballot the proposers may start (rounds 1..ballots[i] of proposer i), lowest first. */
function ballots(model: Model): Ballot[] {
  return model.ballots
    .flatMap((rounds, i) =>
      Array.from({ length: rounds }, (_, r) => new Ballot({ round: r + 1, proposer: i + 1 })),
    )
    .sort(compareBallots);
}

/** Multi-Paxos, the built-in `protocol multipaxos`. */
export const multipaxos = defineProtocol<MultiPaxosRules>({
  name: "multipaxos",
  summary:
    "Multi-Paxos (Paxos Made Simple, §3): a replicated log of client commands, agreed slot by slot under a leader that runs phase 1 once per ballot.",
  settings: logSettings,
  invariants: multiPaxosInvariants,
  predicates: multiPaxosPredicates,
  localActions: [
    { name: "start", description: "a proposer starts its next ballot to become leader" },
    { name: "submit", description: "a client submits its next command to a proposer" },
    {
      name: "retry",
      description:
        "a client submits its command again on a timeout; with `retry resend`, a leader resends its Commits and Accepts (catch-up)",
    },
  ],
  variants: multiPaxosVariants,
  build,
  ballots,
});
