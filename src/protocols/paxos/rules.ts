/**
 * The rules of single-decree Paxos that variants may replace, one function per rule. The
 * handlers in acceptor.ts, proposer.ts and learner.ts call these; a variant overrides exactly
 * the rule it gets wrong, and everything else stays correct.
 */
import { List, Map as IMap, Set as ISet } from "immutable";
import type { NodeId } from "../../core/protocol.ts";
import { Ballot, compareBallots, NO_BALLOT } from "./ballot.ts";
import type { PromiseMsg, Value, Vote } from "./messages.ts";
import { AcceptorState, ProposerState } from "./state.ts";
import {
  BOOLEAN,
  instanceOf,
  POSITIVE_COUNT,
  STRING,
  type RuleResults,
} from "../../core/contracts.ts";
import { majority } from "../quorums.ts";

/** The rules of single-decree Paxos a variant may replace, one function each. */
export interface PaxosRules {
  /** The ballot a proposer uses in its `round`-th attempt: unique per proposer. */
  ballot(round: number, proposer: number): Ballot;
  /** How many acceptors make a quorum, out of `acceptors`. */
  quorumSize(acceptors: number): number;
  /** Phase 1b: may the acceptor promise `ballot`? */
  mayPromise(state: AcceptorState, ballot: Ballot): boolean;
  /** Phase 2b: may the acceptor accept a value in `ballot`? */
  mayAccept(state: AcceptorState, ballot: Ballot): boolean;
  /** Phase 2b: the ballot an acceptor has promised once it votes in `ballot`. */
  promiseAfterVote(state: AcceptorState, ballot: Ballot): Ballot;
  /** What an acceptor recovers with after a crash: its stable storage. */
  afterCrash(state: AcceptorState): AcceptorState;
  /** Does this promise count towards the proposer's current ballot? */
  promiseCounts(state: ProposerState, promise: PromiseMsg): boolean;
  /** Adds a promise to those received (each acceptor counts once). */
  recordPromise(promises: List<PromiseMsg>, promise: PromiseMsg): List<PromiseMsg>;
  /** Phase 2a: the value to propose, given the promises of a quorum and the proposer's own. */
  chooseValue(promises: List<PromiseMsg>, own: Value): Value;
  /** What a proposer keeps through a restart. */
  afterRestart(state: ProposerState): ProposerState;
  /**
   * With `decisions proposers`: the value a proposer reports to its client as decided, once a
   * quorum accepted its ballot.
   */
  reportedValue(state: ProposerState): Value;
  /**
   * The acceptors whose reports count toward a learner deciding `vote`'s value, given every
   * report it has (the acceptors that reported each vote); a quorum of them decides.
   */
  supporters(acks: IMap<Vote, ISet<NodeId>>, vote: Vote): ISet<NodeId>;
}

/** The rules as "Paxos Made Simple" states them. */
export const correctRules: PaxosRules = {
  ballot: (round, proposer) => new Ballot({ round, proposer }),

  // A majority: any two quorums share an acceptor.
  quorumSize: majority,

  // Promise only ballots above any promised before (Paxos Made Simple, 1b).
  mayPromise: (state, ballot) => compareBallots(ballot, state.promised) > 0,

  // Accept unless a higher ballot was promised (Paxos Made Simple, 2b).
  mayAccept: (state, ballot) => compareBallots(ballot, state.promised) >= 0,

  // A vote in a ballot is a promise of it too: never again accept or promise below it.
  promiseAfterVote: (_state, ballot) => ballot,

  // Promise and vote are both on stable storage: nothing is lost.
  afterCrash: (state) => state,

  // Only promises for the ballot being prepared count.
  promiseCounts: (state, promise) => promise.ballot.equals(state.ballot),

  recordPromise: (promises, promise) =>
    promises.some((p) => p.from === promise.from)
      ? promises
      : promises.push(promise).sortBy((p) => p.from),

  // Adopt the value of the highest-ballot vote reported; only if none, propose our own.
  chooseValue: (promises, own) => {
    let highest: Vote | null = null;
    for (const promise of promises) {
      const vote = promise.vote;
      if (vote !== null && (highest === null || compareBallots(vote.ballot, highest.ballot) > 0)) {
        highest = vote;
      }
    }
    return highest === null ? own : highest.value;
  },

  // Only the round counter is stable, so a restarted proposer never reuses a ballot.
  afterRestart: (state) =>
    state.merge({
      ballot: NO_BALLOT,
      phase: "idle",
      value: null,
      promises: List(),
      request: null,
      accepts: ISet(),
    }),

  // The value its ballot asked the acceptors to accept: the one a quorum accepted.
  reportedValue: (state) => state.value!,

  // Only reports of the very same vote (one ballot): a value voted by a majority across
  // different ballots is not chosen.
  supporters: (acks, vote) => acks.get(vote) ?? ISet<NodeId>(),
};

/** What each rule must return: a variant's rules are checked against it (core/contracts.ts). */
export const ruleResults: RuleResults<PaxosRules> = {
  ballot: instanceOf(Ballot, "Ballot"),
  quorumSize: POSITIVE_COUNT,
  mayPromise: BOOLEAN,
  mayAccept: BOOLEAN,
  promiseAfterVote: instanceOf(Ballot, "Ballot"),
  afterCrash: instanceOf(AcceptorState, "AcceptorState"),
  promiseCounts: BOOLEAN,
  recordPromise: { words: "a List of promises", accepts: (v) => List.isList(v) },
  chooseValue: STRING,
  afterRestart: instanceOf(ProposerState, "ProposerState"),
  reportedValue: STRING,
  supporters: { words: "a Set of acceptor names", accepts: (v) => ISet.isSet(v) },
};
