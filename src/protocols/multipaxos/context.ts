/** What every Multi-Paxos handler knows about the cluster it runs in. */
import type { KvOperation } from "../../core/model.ts";
import type { NodeId } from "../../core/protocol.ts";
import type { Command } from "./messages.ts";
import type { QuorumSystem } from "../quorums.ts";
import type { MultiPaxosRules } from "./rules.ts";
import type { Configuration } from "./membership.ts";
import type { Reconfiguration } from "../../core/model.ts";

export interface MultiPaxosContext {
  readonly self: NodeId;
  readonly replicas: readonly NodeId[];
  readonly proposers: readonly NodeId[];
  /** Which replicas form a quorum of each phase (the model's, with the rules' majority). */
  readonly quorums: QuorumSystem;
  /** The configurations, the first initial: one, of every replica and `quorums`, unless the
   * membership changes. */
  readonly configurations: readonly Configuration[];
  /** The membership change; null when it never changes (a leader's phase 1 covers every slot). */
  readonly reconfiguration: Reconfiguration | null;
  /** How many slots the log has. */
  readonly slots: number;
  /** The client that submits each command. */
  readonly clientOf: (command: Command) => NodeId;
  /** For a key-value store, the operation a command stands for; undefined otherwise. */
  readonly operationOf: (command: Command) => KvOperation | undefined;
  readonly rules: MultiPaxosRules;
}
