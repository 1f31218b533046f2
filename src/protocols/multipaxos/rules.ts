/**
 * The rules of Multi-Paxos that variants may replace, one function (or switch) per rule; the
 * handlers call these, so a variant changes exactly the rule it gets wrong.
 */
import { List, Map as IMap } from "immutable";
import { compareBallots } from "../paxos/ballot.ts";
import type { Accepted, Command, Entry } from "./messages.ts";
import type { ProposerState } from "./state.ts";
import { majority } from "../quorums.ts";
import { BOOLEAN, POSITIVE_COUNT, type RuleResults } from "../../core/contracts.ts";

/** The rules of Multi-Paxos a variant may replace. */
export interface MultiPaxosRules {
  /** How many replicas make a quorum. */
  quorumSize(replicas: number): number;
  /**
   * Phase 1 done: the command a new leader must propose again in each slot, from a quorum's
   * promises. Correct: in every reported slot, the command of the highest-ballot entry.
   */
  recover(promises: List<List<Entry>>): IMap<number, Command>;
  /**
   * Phase 2b: a replica's accepted entries once it accepts `entry`. Correct: `entry` in its slot,
   * every other entry kept with the ballot it was accepted in.
   */
  acceptEntry(accepted: IMap<number, Entry>, entry: Entry): IMap<number, Entry>;
  /** Does a new leader propose a no-op in the slots below the highest recovered one that no promise reports? */
  readonly fillGaps: boolean;
  /** Does this Accepted count towards its slot's quorum in the leader's current ballot? */
  ackCounts(state: ProposerState, accepted: Accepted): boolean;
  /**
   * Will this Accepted never count, in this state or any later one? (Lets synod drop it from the
   * network; it must agree with `ackCounts`.)
   */
  ackObsolete(state: ProposerState, accepted: Accepted): boolean;
  /** Does a replica apply slots strictly in order (slot i only after slot i - 1)? */
  readonly applyInOrder: boolean;
  /**
   * Are client retries deduplicated: a leader does not propose a command already in its log, and
   * a replica skips a command it already applied (a retry chosen in two slots across leaders)?
   */
  readonly deduplicate: boolean;
  /**
   * With a membership change: the slots whose commands a leader takes as known, to read each
   * slot's configuration from and to open the window above them. Correct: the slots it
   * committed, whose commands are chosen; a slot it only proposed may yet hold another command.
   */
  settled(state: ProposerState): IMap<number, Command>;
  /**
   * For a key-value store: does a leader answer a `get` from the slots it committed itself,
   * without a lease, instead of putting it through the log?
   */
  readonly readLocally: boolean;
}

/** The rules as *Paxos Made Simple* §3 and a careful implementation state them. */
export const correctRules: MultiPaxosRules = {
  quorumSize: majority,

  recover: (promises) => {
    let best = IMap<number, Entry>();
    for (const entries of promises) {
      for (const entry of entries) {
        const known = best.get(entry.slot);
        if (known === undefined || compareBallots(entry.ballot, known.ballot) > 0) {
          best = best.set(entry.slot, entry);
        }
      }
    }
    return best.map((entry) => entry.command);
  },

  // Each slot is its own instance of Paxos: an entry keeps the ballot it was accepted in.
  acceptEntry: (accepted, entry) => accepted.set(entry.slot, entry),

  fillGaps: true,

  // Only acks for the ballot being led: an older ballot's accept may carry another command.
  ackCounts: (state, accepted) => accepted.ballot.equals(state.ballot),
  // A proposer never returns to a ballot it left, and a committed slot needs no more acks.
  ackObsolete: (state, accepted) =>
    !accepted.ballot.equals(state.ballot) || state.committed.has(accepted.slot),

  settled: (state) => state.proposals.filter((_, slot) => state.committed.has(slot)),

  applyInOrder: true,
  deduplicate: true,
  readLocally: false,
};

/** What each rule must return: a variant's rules are checked against it (core/contracts.ts). */
export const ruleResults: RuleResults<MultiPaxosRules> = {
  quorumSize: POSITIVE_COUNT,
  recover: { words: "a Map from slots to commands", accepts: (v) => IMap.isMap(v) },
  acceptEntry: { words: "a Map from slots to entries", accepts: (v) => IMap.isMap(v) },
  fillGaps: BOOLEAN,
  ackCounts: BOOLEAN,
  ackObsolete: BOOLEAN,
  settled: { words: "a Map from slots to commands", accepts: (v) => IMap.isMap(v) },
  applyInOrder: BOOLEAN,
  deduplicate: BOOLEAN,
  readLocally: BOOLEAN,
};
