/**
 * The model fields of Lamport's message-set Paxos (`paxos-abstract`): acceptors, a value set and
 * ballots `0..B`, on a set network; no proposer or learner processes, no fault budget.
 */
import { factorial } from "../../core/permutations.ts";
import type { ModelSettings } from "../../core/settings.ts";
import { plural } from "../../core/words.ts";
import { symmetryOf } from "../settings.ts";

/**
 * At most this many renamings in a message-set protocol's symmetry group (8!): it keeps a table
 * of every message's image under each.
 */
export const LARGEST_SYMMETRY = 40_320;
/** At most this many messages in a message-set protocol: a state holds a bit for each. */
export const LARGEST_MESSAGE_SET = 2 ** 20;

/** The messages of Lamport's message-set Paxos (catalog.ts). */
function messageSetSize(acceptors: number, maxBallot: number, values: number): number {
  const ballots = maxBallot + 1;
  return (
    ballots +
    acceptors * ballots * (ballots + 1) * (values + 1) +
    ballots * values +
    acceptors * ballots * values
  );
}

const LOG_FIELD =
  "replicas, clients, commands and slots are for replicated-log protocols such as `multipaxos`; remove the line.";
const NO_PROCESSES =
  "it is a message-set specification: any ballot may be started by a Phase1a action and its phase 2a is an action of its own; remove the line.";

const count = (n: number): string => (n > 1e15 ? n.toExponential(1) : n.toLocaleString("en-US"));

/** The settings of `paxos-abstract`. */
export const messageSetSettings: ModelSettings = {
  fields: {
    acceptors: { example: "acceptors 3", required: true },
    values: { example: "values v1, v2", required: true },
    ballots: { example: "ballots 0..1", required: true },
    network: { example: "network set" },
    symmetry: { example: "symmetry acceptors, values" },
  },
  refused: {
    replicas: LOG_FIELD,
    clients: LOG_FIELD,
    commands: LOG_FIELD,
    slots: LOG_FIELD,
    proposers: NO_PROCESSES,
    learners: NO_PROCESSES,
    quorums:
      "its quorums are the majorities of Lamport's specification; use `protocol paxos` for other quorum systems.",
    retry:
      "it has no proposer processes to retry: any ballot's Phase1a may happen at any time; remove the line.",
    faults:
      "its network is a set of all messages ever sent, which already covers loss, duplication and reordering; remove the `faults` block.",
  },
  symmetries: {
    names: ["acceptors", "values"],
    hint: "write `symmetry acceptors` (and `values` where values are interchangeable).",
  },
  acceptorNoun: "acceptor",

  complete(given, fail) {
    const acceptors = given.counts["acceptors"]!;
    const values = given.values!.names;
    const symmetry = symmetryOf(given);
    if (given.symmetry !== null) {
      // The protocol lists its group, with each message's image under each renaming.
      const renamings =
        factorial(symmetry.acceptors ? acceptors : 1) *
        factorial(symmetry.values ? values.length : 1);
      if (renamings > LARGEST_SYMMETRY) {
        fail(
          `this symmetry has ${count(renamings)} renamings, more than the message-set protocol represents (at most ${LARGEST_SYMMETRY.toLocaleString("en-US")}, the 8! orderings of 8 nodes: it keeps a table of every message's image under each)`,
          given.symmetry.span,
          "use fewer interchangeable acceptors or values, or leave `symmetry` out.",
        );
      }
    }
    if (given.network.span !== null && given.network.value !== "set") {
      fail(
        `protocol \`${given.protocol}\` runs on a \`set\` network only`,
        given.network.span,
        "write `network set`, or leave the line out.",
      );
    }
    const ballots = given.ballots!;
    if (ballots.kind !== "range") {
      return fail(
        `protocol \`${given.protocol}\` numbers its ballots 0..B`,
        ballots.span,
        "write the ballot bound as a range, e.g. `ballots 0..1`.",
      );
    }
    const high = ballots.high;
    const messages = messageSetSize(acceptors, high.value, values.length);
    if (messages > LARGEST_MESSAGE_SET) {
      let largest = 0;
      while (messageSetSize(acceptors, largest + 1, values.length) <= LARGEST_MESSAGE_SET) {
        largest++;
      }
      fail(
        `with ${acceptors} acceptors, ${values.length} values and ballots 0..${high.value} there are ${count(messages)} possible messages, more than synod represents (${LARGEST_MESSAGE_SET.toLocaleString("en-US")}: a state holds a bit for each)`,
        high.span,
        messageSetSize(acceptors, 0, values.length) <= LARGEST_MESSAGE_SET
          ? `with these acceptors and values the highest ballot can be at most ${largest}.`
          : "use fewer acceptors or values.",
      );
    }
    return {
      acceptors,
      proposers: 0,
      learners: 0,
      values,
      valueChoice: "any",
      ballots: [],
      maxBallot: high.value,
      log: null,
      network: "set",
      faults: given.faults,
      retry: false,
      quorums: { kind: "majority" },
      symmetry,
    };
  },

  describe(model) {
    return `${plural(model.acceptors, "acceptor")}, values ${model.values.join(", ")}, ballots 0..${model.maxBallot} (a message-set specification: any ballot may be started)`;
  },
};
