/** What every Paxos handler knows about the cluster it runs in. */
import type { NodeId } from "../api.ts";
import type { PaxosRules } from "./rules.ts";

export interface PaxosContext {
  /** This node. */
  readonly self: NodeId;
  readonly acceptors: readonly NodeId[];
  readonly learners: readonly NodeId[];
  /** How many acceptors form a quorum (from the rules). */
  readonly quorum: number;
  readonly rules: PaxosRules;
  /** With `retry resend`: acceptors answer a resent Prepare for the ballot they promised. */
  readonly answersRepeats: boolean;
}
