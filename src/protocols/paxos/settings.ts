/**
 * The model fields of actor-style single-decree protocols: `paxos`, and a user's protocol that
 * declares no settings of its own. Acceptors, proposers (each with its value, or any of a set),
 * learners, ballots per proposer, any network, faults, retries and quorum systems.
 */
import type { Model } from "../../core/model.ts";
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

/** Why the fields of a replicated log are not a single-decree protocol's. */
const LOG_FIELD =
  "replicas, clients, commands and slots are for replicated-log protocols such as `multipaxos`; remove the line.";

/** The settings of `paxos`, and of a user's protocol that declares none. */
export const actorSettings: ModelSettings = {
  fields: {
    acceptors: { example: "acceptors 3", required: true },
    proposers: { example: "proposers 2", required: true },
    values: { example: "values a, b", required: true },
    learners: { example: "learners 1" },
    ballots: { example: "ballots 2 per proposer" },
    network: { example: "network unordered" },
    faults: { example: "faults { drop 1; crash 1 acceptor }" },
    retry: { example: "retry resend" },
    quorums: { example: "quorums majority" },
    symmetry: { example: "symmetry acceptors" },
  },
  refused: { replicas: LOG_FIELD, clients: LOG_FIELD, commands: LOG_FIELD, slots: LOG_FIELD },
  symmetries: {
    names: ["acceptors", "values"],
    hint: "write `symmetry acceptors` (and `values` where values are interchangeable).",
  },
  acceptorNoun: "acceptor",

  complete(given, fail) {
    const values = given.values!;
    const symmetry = symmetryOf(given);
    if (symmetry.values && values.choice === "each") {
      const name = given.symmetry!.names.find((n) => n.value === "values")!;
      fail(
        "values are not interchangeable when each proposer has its own",
        name.span,
        `\`values ${values.names.join(", ")}\` gives p1 the value ${values.names[0]}; write \`values any of ${values.names.join(", ")}\` to make values interchangeable, or drop \`values\` from \`symmetry\`.`,
      );
    }
    const acceptors = given.counts["acceptors"]!;
    const proposers = given.counts["proposers"]!;
    if (values.choice === "each" && values.names.length !== proposers) {
      fail(
        `${plural(proposers, "proposer")} but ${plural(values.names.length, "value")}`,
        values.span,
        `\`values a, b\` gives one value to each proposer, in order; give exactly ${proposers}, or write \`values any of ${values.names.join(", ")}\` to let every proposer propose any of them.`,
      );
    }
    const ballots = ballotsPerProposer(given, proposers, fail);
    noLossOnSetNetwork(given, fail);
    leaderIsAProposer(given, proposers, fail);
    return {
      acceptors,
      proposers,
      learners: given.counts["learners"] ?? 1,
      values: values.names,
      valueChoice: values.choice,
      ballots,
      maxBallot: null,
      log: null,
      network: given.network.value,
      faults: given.faults,
      retry: given.retry,
      quorums: quorumSpec(given, "a", acceptors, fail),
      symmetry,
    };
  },

  describe(model: Model): string {
    const values =
      model.valueChoice === "each"
        ? model.values.map((v, i) => `p${i + 1} proposes ${v}`).join(", ")
        : `each may propose any of ${model.values.join(", ")}`;
    return `${plural(model.acceptors, "acceptor")}, ${plural(model.proposers, "proposer")} (${values}), ${plural(model.learners, "learner")}, ${describeBallots(model)}${model.retry ? ", proposers resend on a timeout" : ""}`;
  },
};
