/** What every Paxos handler knows about the cluster it runs in. */
import type { NodeId } from "../../core/protocol.ts";
import type { QuorumSystem } from "../quorums.ts";
import type { PaxosRules } from "./rules.ts";

export interface PaxosContext {
  /** This node. */
  readonly self: NodeId;
  readonly acceptors: readonly NodeId[];
  readonly learners: readonly NodeId[];
  /** Which acceptors form a quorum of each phase (the model's, with the rules' majority). */
  readonly quorums: QuorumSystem;
  readonly rules: PaxosRules;
  /** With `retry resend`: acceptors answer a resent Prepare for the ballot they promised. */
  readonly answersRepeats: boolean;
  /**
   * With `decisions proposers`: acceptors tell the ballot's proposer too, which reports the
   * value decided to its client.
   */
  readonly reportsDecisions: boolean;
}
