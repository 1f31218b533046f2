/** The built-in buggy variants of Multi-Paxos: the classic bugs MP1 to MP8 of the catalogue. */
import { Map as IMap } from "immutable";
import type { Variant } from "../../../core/protocol.ts";
import type { MultiPaxosRules } from "../rules.ts";
import { compareBallots } from "../../paxos/ballot.ts";
import { defineMultiPaxosVariant } from "./define.ts";

/** MP1: a new leader re-proposes nothing it learns from the promises. */
export const noRecovery = defineMultiPaxosVariant({
  name: "no-recovery",
  changes:
    "A new leader ignores the entries the promises report and proposes its own requests from slot 1, even in slots where a command may already be chosen.",
  breaks: "slot-agreement",
  rules: { recover: () => IMap() },
});

/** MP2: gaps stay gaps, and replicas apply each slot as soon as it is committed. */
export const noGapFill = defineMultiPaxosVariant({
  name: "no-gap-fill",
  changes:
    "A new leader leaves the slots no promise reports empty instead of filling them with no-ops, and replicas apply each slot as soon as it is committed rather than in slot order.",
  breaks: "applied-in-order",
  rules: { fillGaps: false, applyInOrder: false },
});

/** MP4: a leader counts acks from an earlier ballot towards a slot's quorum. */
export const oldBallotAcks = defineMultiPaxosVariant({
  name: "old-ballot-acks",
  changes:
    "A leader counts an Accepted from any ballot up to its own towards a slot's quorum, so it can commit its command on acks that were for another command in an earlier ballot.",
  breaks: "committed-is-chosen",
  rules: {
    ackCounts: (state, accepted) => compareBallots(accepted.ballot, state.ballot) <= 0,
    // An old ack may count in any later ballot, so none is ever obsolete.
    ackObsolete: () => false,
  },
});

/** MP6: a command retried by its client and chosen twice is applied twice. */
export const noDedup = defineMultiPaxosVariant({
  name: "no-dedup",
  changes:
    "Client retries are not deduplicated: a leader proposes a command again in a new slot, and a replica applies every committed command, so a retry runs twice.",
  breaks: "at-most-once",
  rules: { deduplicate: false },
});

/**
 * MP3: a replica takes a leader's Accept as the leader's log up to that slot ("same ballot, same
 * log"), and keeps its own entries above it, now stamped with the leader's ballot, where it should
 * drop that divergent suffix or keep each entry's own ballot. A later leader's recovery then trusts
 * a command no quorum ever accepted in that ballot; `proposal-safety` sees the stamped entry as a
 * vote for another command in a ballot that chose one.
 */
export const appendWithoutTruncate = defineMultiPaxosVariant({
  name: "append-without-truncate",
  changes:
    "A replica that accepts a leader's entry keeps the entries it holds above that slot, a suffix the leader never sent, and stamps them with the leader's ballot as if they were the leader's.",
  breaks: "proposal-safety",
  rules: {
    acceptEntry: (accepted, entry) =>
      accepted
        .map((held) => (held.slot > entry.slot ? held.set("ballot", entry.ballot) : held))
        .set(entry.slot, entry),
  },
});

/**
 * MP8: a leader takes the commands it proposed as the log before they are chosen. It opens the
 * window above them and reads the next slot's configuration from a reconfiguration it only
 * proposed, so the new members act on a slot the old ones still govern; when the two
 * configurations' quorums do not meet, each chooses its own command there.
 */
export const earlyReconfiguration = defineMultiPaxosVariant({
  name: "early-reconfiguration",
  changes:
    "A leader reads a slot's configuration from the commands it proposed below it, chosen or not: a reconfiguration it only proposed already governs the next slot, while another leader, which never saw it, still uses the old members there.",
  breaks: "slot-agreement",
  rules: { settled: (state) => state.proposals },
});

export const multiPaxosVariants: readonly Variant<MultiPaxosRules>[] = [
  noRecovery,
  noGapFill,
  oldBallotAcks,
  noDedup,
  appendWithoutTruncate,
  earlyReconfiguration,
];
