/**
 * Local states. A replica's promise and accepted entries are stable storage; so is what it has
 * learned and applied (its log and state machine, on disk). A proposer keeps only its round
 * counter through a restart. A client remembers which of its commands it is waiting for.
 */
import { List, Map as IMap, Set as ISet, Record } from "immutable";
import { Ballot, NO_BALLOT } from "../paxos/ballot.ts";
import type { NodeId } from "../../core/protocol.ts";
import { Entry, type Command } from "./messages.ts";

/** A replica: acceptor and learner of every slot, and the state machine that applies the log. */
export class ReplicaState extends Record({
  /** Stable: the highest ballot promised (for every slot at once). */
  promised: NO_BALLOT as Ballot,
  /** Stable: the latest entry accepted in each slot. */
  accepted: IMap<number, Entry>(),
  /** Stable: the commands known to be chosen, by slot. */
  committed: IMap<number, Command>(),
  /** Stable: the slots applied to the state machine, in the order applied. */
  appliedSlots: List<number>(),
  /** Stable: the commands applied, in order (no-ops skipped). */
  applied: List<Command>(),
  /** Stable, for a key-value store: each key's value after the commands applied. */
  store: IMap<string, string>(),
  /** Stable, for a key-value store: what each applied command returned, to answer a retry. */
  results: IMap<Command, string>(),
}) {}

/** Where a proposer is: idle, gathering promises (phase 1), or leading (phase 2 per slot). */
export type Phase = "idle" | "preparing" | "leading";

/** A proposer, which becomes leader by running phase 1 over the whole log. */
export class ProposerState extends Record({
  /** Stable: how many ballots it has started. */
  round: 0,
  /** Volatile: the current ballot. */
  ballot: NO_BALLOT as Ballot,
  phase: "idle" as Phase,
  /** Volatile: the promises received for the current ballot, by replica. */
  promises: IMap<NodeId, List<Entry>>(),
  /** Volatile: the command it proposed in each slot in the current ballot. */
  proposals: IMap<number, Command>(),
  /** Volatile: the replicas that accepted each slot's proposal. */
  acks: IMap<number, ISet<NodeId>>(),
  /** Volatile: slots it committed. */
  committed: ISet<number>(),
  /** Volatile: requests received, not yet proposed (in order). */
  pending: List<Command>(),
}) {}

/** A client: submits its commands one at a time, waiting for a reply to each. */
export class ClientState extends Record({
  /** How many of its commands have been answered. */
  done: 0,
  /** True while its current command is submitted and not yet answered. */
  waiting: false,
  /** For a key-value store: what each answered operation returned, in order. */
  results: List<string>(),
}) {}
