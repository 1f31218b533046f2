/** What every Multi-Paxos handler knows about the cluster it runs in. */
import type { KvOperation } from "../../core/model.ts";
import type { NodeId } from "../../core/protocol.ts";
import type { Command } from "./messages.ts";
import type { QuorumSystem } from "../quorums.ts";
import type { MultiPaxosRules } from "./rules.ts";

export interface MultiPaxosContext {
  readonly self: NodeId;
  readonly replicas: readonly NodeId[];
  readonly proposers: readonly NodeId[];
  /** Which replicas form a quorum of each phase (the model's, with the rules' majority). */
  readonly quorums: QuorumSystem;
  /** How many slots the log has. */
  readonly slots: number;
  /** The client that submits each command. */
  readonly clientOf: (command: Command) => NodeId;
  /** For a key-value store, the operation a command stands for; undefined otherwise. */
  readonly operationOf: (command: Command) => KvOperation | undefined;
  readonly rules: MultiPaxosRules;
}
