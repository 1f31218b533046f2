/**
 * The local state of each role. Which fields survive a crash or restart is part of the protocol:
 * an acceptor's whole state is stable storage; a proposer keeps only its round counter.
 */
import { List, Map as IMap, Record, Set as ISet } from "immutable";
import { Ballot, NO_BALLOT } from "./ballot.ts";
import type { NodeId } from "../../core/protocol.ts";
import { PromiseMsg, Vote, type Value } from "./messages.ts";

/** An acceptor's local state: all of it on stable storage. */
export class AcceptorState extends Record({
  /** Stable: the highest ballot this acceptor promised (or accepted in). */
  promised: NO_BALLOT as Ballot,
  /** Stable: its latest vote, or null if it never accepted anything. */
  accepted: null as Vote | null,
}) {}

/** Where a proposer is in its current ballot. */
export type Phase = "idle" | "preparing" | "accepting";

/** A proposer's local state: only the round counter survives a restart. */
export class ProposerState extends Record({
  /** Stable: how many ballots this proposer has started (a restart must not reuse one). */
  round: 0,
  /** Volatile: the ballot of its current attempt. */
  ballot: NO_BALLOT as Ballot,
  /** Volatile: idle, waiting for promises (phase 1), or asking acceptors to accept (phase 2). */
  phase: "idle" as Phase,
  /** Volatile: the value this ballot proposes; its own until a promise reports a vote. */
  value: null as Value | null,
  /** Volatile: promises received for the current ballot, kept sorted by sender. */
  promises: List<PromiseMsg>(),
  /** Volatile, with `decisions proposers` (else null): the value its client asked for. */
  request: null as Value | null,
  /** Volatile, with `decisions proposers`: the acceptors that accepted its current ballot. */
  accepts: ISet<NodeId>(),
  /**
   * With `decisions proposers`: the value it reported to its client as decided, or null. Kept
   * through a restart: the client was told.
   */
  decided: null as Value | null,
}) {}

/** A learner's local state: who accepted each (ballot, value), and what it learned. */
export class LearnerState extends Record({
  /** For each (ballot, value), the acceptors that reported accepting it. */
  acks: IMap<Vote, ISet<NodeId>>(),
  /** The value learned, or null before a quorum reported one. */
  decided: null as Value | null,
}) {}
