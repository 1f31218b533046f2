/**
 * synod's public API: author protocols and variants, load models, run checks.
 *
 * A user variant imports from here: `import { definePaxosVariant } from "synod";`.
 */

// Authoring protocols and variants.
export {
  defineProtocol,
  defineVariant,
  type Cluster,
  type ClusterView,
  type Envelope,
  type Invariant,
  type LocalActionKind,
  type StatePredicate,
  type Renaming,
  type HistoryEvents,
  type StepProperty,
  type LocalAction,
  type NodeBehaviour,
  type NodeId,
  type FormulaNode,
  type NodeView,
  type Protocol,
  type Step,
  type Variant,
  type HandlerWrap,
  type Receive,
} from "./core/protocol.ts";

// Single-decree Paxos: its rules, states and messages, for writing variants.
export { paxos, type PaxosRules } from "./protocols/paxos/index.ts";
export { correctRules } from "./protocols/paxos/rules.ts";
export { definePaxosVariant, type PaxosHandlers } from "./protocols/paxos/variants/define.ts";
export { Ballot, NO_BALLOT, compareBallots, showBallot } from "./protocols/paxos/ballot.ts";
export {
  Accept,
  Accepted,
  Prepare,
  PromiseMsg,
  Vote,
  type PaxosMessage,
  type Value,
} from "./protocols/paxos/messages.ts";
export { AcceptorState, LearnerState, ProposerState, type Phase } from "./protocols/paxos/state.ts";

// Multi-Paxos: its rules, for writing variants.
export { multipaxos, type MultiPaxosRules } from "./protocols/multipaxos/index.ts";
export { correctRules as correctMultiPaxosRules } from "./protocols/multipaxos/rules.ts";
export {
  defineMultiPaxosVariant,
  type MultiPaxosHandlers,
} from "./protocols/multipaxos/variants/define.ts";
export {
  Accept as MultiPaxosAccept,
  Accepted as MultiPaxosAccepted,
  Commit as MultiPaxosCommit,
  Entry as LogEntry,
  NOOP,
  Prepare as MultiPaxosPrepare,
  PromiseMsg as MultiPaxosPromise,
  Reply as MultiPaxosReply,
  Request as MultiPaxosRequest,
  type Command,
  type MultiPaxosMessage,
} from "./protocols/multipaxos/messages.ts";
export {
  ClientState,
  ProposerState as MultiPaxosProposerState,
  ReplicaState,
  type Phase as LeaderPhase,
} from "./protocols/multipaxos/state.ts";
export { quorumSystem, type QuorumSystem } from "./protocols/quorums.ts";

// The model fields a protocol takes: declare a protocol's own with `settings`.
export type {
  BallotsGiven,
  ClientOperationsGiven,
  FieldRule,
  GivenFields,
  Located,
  ModelField,
  ModelSettings,
  OwnField,
  OwnFieldBase,
  ProtocolPart,
  QuorumsGiven,
  SettingsFail,
} from "./core/settings.ts";
export { COMMON_FIELDS } from "./core/settings.ts";
export { actorSettings } from "./protocols/paxos/settings.ts";
export { logSettings } from "./protocols/multipaxos/settings.ts";
export {
  ballotsPerProposer,
  describeBallots,
  leaderIsAProposer,
  noLossOnSetNetwork,
  quorumSpec,
  symmetryOf,
} from "./protocols/settings.ts";

// Linearizability of client histories, for properties of a store of your own.
export {
  checkLinearizable,
  type Linearizability,
  type NotLinearizable,
  type Operation,
  type SequentialSpec,
} from "./linearizability/check.ts";
export { kvSpec, type KeyState, type KvInput, type KvOutput } from "./linearizability/kv.ts";
export { kv } from "./protocols/kv/index.ts";

// Models and checking.
export { loadModel, type LoadedModel, type LoadOptions } from "./app/load.ts";
export type { WitnessReport } from "./app/witnesses.ts";
export type { Reachable } from "./lang/user-properties.ts";
export type {
  Assumption,
  Expectation,
  Fairness,
  FaultBudget,
  KvOperation,
  LogModel,
  Model,
  NameRef,
  NetworkSemantics,
  OwnSetting,
  QuorumSpec,
  Reconfiguration,
} from "./core/model.ts";
export type {
  Binding,
  CompareOp,
  Formula,
  FormulaName,
  FormulaSpan,
  PropertyDecl,
} from "./core/formula.ts";
export { ModelError, formatModelError, type Span } from "./lang/errors.ts";
export type { CheckableSystem, InFlight, Snapshot, StepEvent } from "./core/checkable.ts";
export { toData, toJsonData, toItfData, type Data } from "./core/data.ts";
export type { Change, CounterexampleStep } from "./trace/counterexample.ts";
export {
  checkFile,
  checkModel,
  checkModelAsync,
  type CheckOptions,
  type CheckReport,
  type EffectiveLimits,
  checkpointIdentity,
  systemFor,
} from "./run.ts";
export { Budget, Stopped, type BudgetData, type StopReason } from "./check/budget.ts";
export type { Checkpointer, SearchSnapshot } from "./check/snapshot.ts";
export type { SavedStore } from "./check/state-store.ts";
export type { SavedQueue } from "./check/state-queue.ts";
export type { SavedGraph } from "./check/state-graph.ts";
export type { SavedLinks } from "./check/back-links.ts";
export {
  readCheckpoint,
  writeCheckpoint,
  CheckpointError,
  type CheckpointIdentity,
  type CheckpointSummary,
} from "./check/checkpoint.ts";

// The explorer, for any transition system.
export { explore } from "./check/explorer.ts";
export {
  type ExploreOptions,
  type ExploreResult,
  type Limit,
  type LivenessOptions,
  type FairnessSpec,
  type Progress,
  type Spilled,
  type TraceStep,
  type Verdict,
} from "./check/search.ts";
export { Coverage, type CoverageCount } from "./check/coverage.ts";
export {
  countCoverage,
  type CoverageCounting,
  type CoverageReport,
  type CoverageRow,
} from "./app/coverage.ts";
export type {
  ActionClasses,
  EmitSuccessor,
  StateInvariant,
  StepInvariant,
  TransitionSystem,
} from "./core/transition-system.ts";
