/**
 * The model fields of a replicated log (`multipaxos`): replicas (its acceptors and learners),
 * proposers, clients, the commands they submit and the log's slots.
 */
import type { ModelSettings } from "../../core/settings.ts";
import {
  ballotsPerProposer,
  describeBallots,
  leaderIsAProposer,
  noLossOnSetNetwork,
  quorumSpec,
  symmetryOf,
} from "../settings.ts";
import { plural } from "../../core/words.ts";
import { NOOP } from "./messages.ts";
import { reconfigurationOf, describeMembership } from "./reconfigure.ts";

const ROLES_ARE_REPLICAS =
  "its replicas are its acceptors and learners, and clients submit its commands: write `replicas 3` and `commands x, y`.";

/** The settings of `multipaxos`. */
export const logSettings: ModelSettings = {
  fields: {
    replicas: { example: "replicas 3", required: true },
    proposers: { example: "proposers 2", required: true },
    commands: { example: "commands x, y", required: true },
    slots: { example: "slots 2", required: true },
    clients: { example: "clients 1" },
    ballots: { example: "ballots 2 per proposer" },
    network: { example: "network unordered" },
    faults: { example: "faults { drop 1; crash 1 replica }" },
    retry: { example: "retry resend" },
    quorums: { example: "quorums majority" },
    symmetry: { example: "symmetry replicas" },
  },
  refused: {
    acceptors: ROLES_ARE_REPLICAS,
    learners: ROLES_ARE_REPLICAS,
    values: ROLES_ARE_REPLICAS,
  },
  own: [
    {
      name: "members",
      type: "names",
      default: [],
      example: "members r1, r2, r3",
      meaning:
        "The replicas of the first configuration, when `reconfigure` changes it; every replica if not given.",
    },
    {
      name: "reconfigure",
      type: "names",
      default: [],
      example: "reconfigure r2, r3, r4",
      meaning:
        "The members a reconfiguration command installs, which client c1 submits before its other commands.",
    },
    {
      name: "window",
      type: "count",
      default: 1,
      min: 1,
      max: 8,
      meaning:
        "How many slots after its own a reconfiguration command takes effect (α); a leader proposes in a slot only once it knows every command that many slots below.",
    },
  ],
  symmetries: {
    names: ["replicas"],
    hint: "a replicated log's replicas are interchangeable: write `symmetry replicas`.",
  },
  acceptorNoun: "replica",

  complete(given, fail) {
    for (const command of given.commands!) {
      if (command.value === NOOP) {
        fail(
          `\`${NOOP}\` cannot be a client's command`,
          command.span,
          `a new leader fills gaps in the log with \`${NOOP}\`; give the command another name.`,
        );
      }
    }
    const replicas = given.counts["replicas"]!;
    const proposers = given.counts["proposers"]!;
    const clients = given.counts["clients"] ?? 1;
    const ballots = ballotsPerProposer(given, proposers, fail);
    noLossOnSetNetwork(given, fail);
    leaderIsAProposer(given, proposers, fail);
    const reconfiguration = reconfigurationOf(given, replicas, fail);
    // c1 submits the reconfiguration before its other commands.
    const commands = [...(reconfiguration?.commands ?? []), ...given.commands!.map((c) => c.value)];
    return {
      acceptors: replicas,
      proposers,
      learners: 0,
      values: [],
      valueChoice: "each",
      ballots,
      maxBallot: null,
      log: {
        replicas,
        clients,
        commands,
        // Client i submits commands i, i + clients, …
        submitters: commands.map((_, k) => k % clients),
        operations: null,
        slots: given.counts["slots"]!,
        reconfiguration,
      },
      network: given.network.value,
      faults: given.faults,
      retry: given.retry,
      quorums: quorumSpec(given, "r", replicas, fail),
      symmetry: symmetryOf(given),
    };
  },

  describe(model) {
    const log = model.log!;
    const submits = Array.from(
      { length: log.clients },
      (_, i) =>
        `c${i + 1} submits ${log.commands.filter((_, k) => log.submitters[k] === i).join(", ")}`,
    );
    return `${plural(log.replicas, "replica")}${describeMembership(log.reconfiguration)}, ${plural(model.proposers, "proposer")}, ${plural(log.clients, "client")} (${submits.join("; ")}), ${plural(log.slots, "slot")}, ${describeBallots(model)}`;
  },
};
