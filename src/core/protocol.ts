/**
 * The protocol authoring API.
 *
 * A protocol is plain TypeScript: for each node, an initial local state and pure handlers
 * `(state, message) → { state, send }`. Local states, messages and history facts are immutable
 * values (immutable-js Records), so synod can compare and intern them by value. Handlers do no
 * I/O and use no clock or randomness: every choice (which message arrives next, which fault
 * happens) belongs to the explorer.
 *
 * The system layer (src/system/) runs a {@link Cluster} through every interleaving the model's
 * network and fault budget allow; the explorer checks the protocol's {@link Invariant}s in every
 * state it reaches.
 */
import type { ModelSettings } from "./settings.ts";
import type { Model } from "./model.ts";
import type { CheckableSystem } from "./checkable.ts";

/** A node's name: `a1`, `p2`, `l1`. */
export type NodeId = string;

/** Every message names its sender and its destination. */
export interface Envelope {
  readonly from: NodeId;
  readonly to: NodeId;
}

/** What a handler returns: the node's next local state and the messages it sends. */
export interface Step<S, M extends Envelope> {
  readonly state: S;
  readonly send: readonly M[];
}

/** A step a node may take on its own, such as a proposer starting a new ballot on a timeout. */
export interface LocalAction<S, M extends Envelope> {
  /** In words, for traces: `p1 starts ballot 2.p1 proposing a`. */
  readonly label: string;
  readonly step: Step<S, M>;
  /**
   * Its kind, as fairness assumptions and run conditions name it (`fairness weak retry`): one of
   * the protocol's {@link Protocol.localActions}. `local` if absent.
   */
  readonly kind?: string;
  /**
   * True for a timeout: the system enables it only when no message at all is in flight, so a
   * retry never races a reply that is still on its way (spec/semantics.md, "Timeouts").
   */
  readonly timeout?: boolean;
}

/** One node: its role, its initial state, and how it behaves. */
export interface NodeBehaviour<S, M extends Envelope> {
  readonly id: NodeId;
  readonly role: string;
  readonly initial: S;
  /** Handles one delivered message. */
  receive(state: S, message: M): Step<S, M>;
  /** Steps the node may take without a message (none if absent). */
  local?(state: S): readonly LocalAction<S, M>[];
  /**
   * Present if the node can crash: maps its state to the state it recovers with, i.e. what
   * its stable storage keeps. A crashed node takes no steps until it recovers.
   */
  crash?(state: S): S;
  /** Present if the node can restart: its state right after a restart (volatile state lost). */
  restart?(state: S): S;
  /** Its state as named fields, for traces: `{ promised: "2.p1", accepted: "1.p1 = a" }`. */
  show(state: S): Readonly<Record<string, string>>;
  /**
   * True if delivering `message` to this node changes nothing and sends nothing, in `state` and
   * in every state the node can reach from it (crashes and restarts included): e.g. a Prepare
   * below the promised ballot, which stays promised. synod then takes the message off the
   * network at once (spec/semantics.md, "Obsolete messages"): a reduction that merges states
   * differing only by messages nobody will ever act on. Absent: never.
   */
  ignoresForever?(state: S, message: M): boolean;
}

/**
 * A protocol instantiated for one model: its nodes, and how to read its messages and history.
 * `M` is the message type, `F` the type of history facts.
 */
export interface Cluster<M extends Envelope = Envelope, F = unknown> {
  // Nodes differ in state type; the system treats their states opaquely.
  readonly nodes: readonly NodeBehaviour<any, M>[];
  /** The message in words, without sender and receiver: `Prepare(b=2.p1)`. */
  describeMessage(message: M): string;
  /**
   * History facts a step adds (auxiliary "ghost" state that only properties read, e.g. every
   * vote an acceptor ever cast). Called with a node's state before and after each of its steps.
   */
  observe?(node: NodeId, before: unknown, after: unknown): readonly F[];
  /** A history fact in words, for traces. */
  describeFact?(fact: F): string;
  /**
   * Facts whose order in the run matters (a client's calls and returns, for linearizability):
   * the history is a set, so such an event is recorded with its position, the number of events
   * the history held before it. Events of one step are placed in the order `observe` gave them.
   */
  readonly events?: HistoryEvents<F>;
  /**
   * For symmetry reduction: the same local state, message or history fact with nodes and values
   * renamed. Must build the value the protocol itself would build for the renamed nodes.
   */
  permute?(value: unknown, renaming: Renaming): unknown;
  /**
   * The role whose nodes symmetry makes interchangeable (`symmetry acceptors`, or `symmetry
   * replicas` for a replicated log); `acceptor` if absent.
   */
  readonly symmetricRole?: string;
}

/** How a cluster's ordered history facts are told apart and placed (see {@link Cluster.events}). */
export interface HistoryEvents<F> {
  /** True for an event, placed or not, as `observe` returns it and as the history holds it. */
  isEvent(fact: F): boolean;
  /** The event `fact` at `position`: the number of events in the history before it. */
  at(fact: F, position: number): F;
}

/** A renaming of interchangeable nodes and values (a symmetry). */
export interface Renaming {
  /** The node's new name. */
  node(id: NodeId): NodeId;
  /** The value's new name. */
  value(value: string): string;
}

/** A node's state as properties see it. */
export interface NodeView {
  readonly id: NodeId;
  readonly role: string;
  readonly state: unknown;
  readonly crashed: boolean;
}

/** One global state as properties see it. */
export interface ClusterView<M extends Envelope = Envelope, F = unknown> {
  readonly model: Model;
  readonly nodes: readonly NodeView[];
  /** Messages in flight (a message sent twice appears twice on an `unordered` network). */
  readonly messages: readonly M[];
  /** The history facts recorded so far, each once. */
  readonly facts: readonly F[];
}

/**
 * A safety property checked in every reachable state. The statement and rationale are what the
 * docs print; `explain` says in words why a state violates it.
 */
export interface Invariant<V = ClusterView> {
  readonly id: string;
  /** What must always hold, in one sentence. */
  readonly statement: string;
  /** Why it matters. */
  readonly rationale: string;
  /** True if the state satisfies the invariant. */
  holds(view: V): boolean;
  /**
   * True if `holds` looks at the messages in flight. When false, synod evaluates the invariant
   * once per distinct combination of node states and history, however many network contents
   * accompany it.
   */
  readonly readsMessages?: boolean;
  /**
   * The roles whose nodes `holds` reads (with the history), if not every node. synod then
   * remembers its value by those nodes' states and the history alone, which pays off when other
   * nodes' states vary a lot (e.g. a Multi-Paxos invariant that reads only replicas).
   */
  readonly readsRoles?: readonly string[];
  /** Why this state violates the invariant: which values, which nodes, which ballots. */
  explain(view: V): string;
  /**
   * Why this state violates it, drawn: lines of plain text (a timeline of client operations,
   * say), shown under the explanation in the report, `--msc`, the viewer and the docs.
   */
  picture?(view: V): readonly string[];
  /**
   * The same property as a formula of the model language (spec/language.md), where it can say
   * it: shown in the docs, and checked by the tests to agree with `holds` in every state.
   */
  readonly formula?: string;
  /**
   * False for an invariant checked only where a model names it in `check`: one that restates
   * another more strongly, or costs more than the rest. A model without `check` leaves it out.
   */
  readonly byDefault?: boolean;
  /**
   * For an invariant that can only fail under some of the protocol's settings: why it would hold
   * trivially in `model` (then a model without `check` leaves it out, and one that names it is
   * refused with `hint`), or null where it can fail.
   */
  readonly vacuousIn?: (model: Model) => { readonly why: string; readonly hint: string } | null;
}

/**
 * A state predicate that a liveness property can name: `check eventually decided` asks that on
 * every fair run some state satisfies it.
 */
export interface StatePredicate<V = ClusterView> {
  readonly id: string;
  /** What holds once the predicate is true, in one sentence. */
  readonly statement: string;
  /** Why it should eventually hold, and under which conditions. */
  readonly rationale: string;
  /** True if the state satisfies the predicate. */
  holds(view: V): boolean;
  /** True if `holds` looks at the messages in flight (as {@link Invariant.readsMessages}). */
  readonly readsMessages?: boolean;
  /** The same predicate as a formula of the model language (as {@link Invariant.formula}). */
  readonly formula?: string;
  /**
   * For a liveness property a model states (`liveness NAME: P ~> Q`): the states after which
   * the predicate must hold at some later point of every fair run (P; `true` for `always
   * eventually Q`). Absent: from the start, as `eventually NAME` asks.
   */
  readonly trigger?: (view: V) => boolean;
  /** For a liveness property a model states: the name it goes by (else `eventually ID`). */
  readonly stated?: string;
}

/** The name a liveness property goes by in results: `eventually decided`, or a stated one. */
export function livenessName(predicate: { readonly id: string; readonly stated?: string }): string {
  return predicate.stated ?? `eventually ${predicate.id}`;
}

/** A kind of step a node takes on its own, named so that fairness can refer to it. */
export interface LocalActionKind {
  readonly name: string;
  /** What it does, in one sentence. */
  readonly description: string;
}

/**
 * A property of each step: a predicate over the state before, the action and the state after,
 * checked on every transition the search takes (TLA+'s action properties). Refinement mappings
 * are written this way: each step of the protocol must be a step of the abstract specification,
 * or leave it unchanged (a stuttering step).
 */
export interface StepProperty<V = ClusterView> {
  readonly id: string;
  readonly statement: string;
  readonly rationale: string;
  /**
   * True if the property reads only the history facts of a state. synod then treats a step that
   * leaves the history unchanged as stuttering, and does not evaluate the property on it.
   */
  readonly readsOnlyHistory?: boolean;
  /** True if the step from `before` by `action` to `after` satisfies the property. */
  holds(before: V, action: number, after: V): boolean;
  /** Why this step breaks the property. */
  explain(before: V, action: number, after: V): string;
}

/**
 * A variant changes one rule of a base protocol, usually to show a known bug. `rules` holds the
 * replaced rules; their names and types are the base protocol's (e.g. {@link PaxosRules}).
 */
export interface Variant<R = unknown> {
  readonly kind: "variant";
  readonly name: string;
  /** The protocol it changes. */
  readonly protocol: string;
  /** What it changes, in one sentence. */
  readonly changes: string;
  /** The property it is expected to break: an invariant id, `eventually P` for a liveness property, or null. */
  readonly breaks: string | null;
  readonly rules: Partial<R>;
  /**
   * Message handlers it replaces or wraps, by role (`acceptor`, `replica`, …): each is given the
   * protocol's own handler and the node's name, and returns the handler to use instead.
   */
  readonly handlers?: Readonly<Record<string, HandlerWrap>>;
}

/** A node's message handler. */
export type Receive<S = any, M extends Envelope = any> = (state: S, message: M) => Step<S, M>;

/**
 * What a variant does to one role's message handler: given the protocol's own (correct) handler
 * and the node's name, the handler to use instead. It may call the correct one and change what
 * it returns, or handle some messages itself.
 */
export type HandlerWrap<S = any, M extends Envelope = any> = (
  correct: Receive<S, M>,
  node: NodeId,
) => Receive<S, M>;

/** A node as a formula sees it before any state: its name, role and initial state. */
export interface FormulaNode {
  readonly id: NodeId;
  readonly role: string;
  /** Its state in the initial state: formulas read its fields, of the kinds found there. */
  readonly initial: unknown;
}

/** A protocol synod can check. */
export interface Protocol<R = unknown> {
  readonly kind: "protocol";
  readonly name: string;
  /** One sentence: what the protocol is. */
  readonly summary: string;
  /**
   * The model fields it takes, its own fields and its checks across them; those of actor-style
   * protocols (`paxos`'s) if absent.
   */
  readonly settings?: ModelSettings;
  // Each protocol's invariants read its own view of a state.
  readonly invariants: readonly Invariant<any>[];
  /** Properties of steps (refinements), checked on every transition. */
  readonly steps?: readonly StepProperty<any>[];
  /** State predicates liveness properties may name (`eventually decided`). */
  readonly predicates?: readonly StatePredicate<any>[];
  /** The kinds of the nodes' own steps ({@link LocalAction.kind}), for fairness. */
  readonly localActions?: readonly LocalActionKind[];
  /**
   * False if no step of `model`'s nodes is a timeout (enabled only when no message is in
   * flight): then a lost message is a message never delivered, and the search need not lose
   * messages (app/reductions.ts). Absent: a step may be a timeout.
   */
  timeoutsIn?(model: Model): boolean;
  /** Built-in variants, selectable by name with `variant NAME`. */
  readonly variants: readonly Variant<R>[];
  /** An actor-style protocol: builds the nodes for a model, with the variant's rules in place. */
  build?(model: Model, variant: Variant<R> | null): Cluster;
  /**
   * The ballots a run of this model may use, lowest first, as its states hold them: what a
   * formula's `ballots` ranges over. Absent for a protocol without ballots.
   */
  ballots?(model: Model, variant: Variant<R> | null): readonly unknown[];
  /**
   * For a direct action system whose states formulas may read: its nodes, each with its initial
   * state. Its system's `view` must then also be a {@link ClusterView}.
   */
  formulaNodes?(model: Model): readonly FormulaNode[];
  /** A direct action system: builds the whole checkable system for a model. */
  system?(
    model: Model,
    variant: Variant<R> | null,
    invariants: readonly Invariant<any>[],
    steps: readonly StepProperty<any>[],
  ): CheckableSystem;
}

/** Declares a protocol (an identity function that gives the object its type). */
export function defineProtocol<R>(protocol: Omit<Protocol<R>, "kind">): Protocol<R> {
  return { kind: "protocol", ...protocol };
}

/** Declares a variant of a protocol. */
export function defineVariant<R>(variant: Omit<Variant<R>, "kind">): Variant<R> {
  return { kind: "variant", ...variant };
}
