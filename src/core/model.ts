/**
 * A validated model: what the user asked synod to check, in plain typed values.
 * spec/language.md documents each field and its default.
 */
import type { PropertyDecl } from "./formula.ts";
/** A half-open range of character offsets into a source text. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** How the network treats a message once it is sent (spec/semantics.md). */
export type NetworkSemantics =
  /** A multiset: delivering a message consumes one copy. */
  | "unordered"
  /** A set: a sent message stays deliverable forever (Lamport's TLA+ style). */
  | "set";

/** How many of each fault may happen in one run. */
export interface FaultBudget {
  /** Messages the network may lose (`Infinity` for `drop unlimited`). */
  readonly drop: number;
  /** Messages the network may deliver twice. */
  readonly duplicate: number;
  /** Acceptor crashes; a crashed acceptor recovers with its stable storage. */
  readonly crash: number;
  /** Proposer restarts; a restarted proposer loses its volatile state. */
  readonly restart: number;
}

/** A name as the user wrote it: a built-in name, or a path to a TypeScript file. */
export interface NameRef {
  readonly name: string;
  /** True when written as a quoted path to a .ts file. */
  readonly isFile: boolean;
  readonly span: Span;
}

/**
 * A fairness assumption: `weak` (an action enabled continuously is eventually taken) or `strong`
 * (an action enabled infinitely often is eventually taken), for every action of a kind.
 */
export interface Fairness {
  readonly strength: "weak" | "strong";
  /** The kind of action: `deliver`, `recover`, `retry`, … (checked against the protocol). */
  readonly action: NameRef;
}

/**
 * A condition on the runs considered for liveness:
 * - `faults stop`: from some point on, no message is lost or duplicated and no node crashes or
 *   restarts;
 * - `leader p1`: from some point on, only that node takes steps of its own (starts ballots,
 *   retries).
 */
export type Assumption =
  | { readonly kind: "faults-stop"; readonly span: Span }
  | { readonly kind: "leader"; readonly node: NameRef; readonly span: Span };

/**
 * Which sets of acceptors (replicas) are quorums: majorities, any `phase1` acceptors for phase 1
 * and any `phase2` for phase 2 (Flexible Paxos), or explicit sets (quorums of both phases).
 */
export type QuorumSpec =
  | { readonly kind: "majority" }
  | { readonly kind: "sizes"; readonly phase1: number; readonly phase2: number }
  | { readonly kind: "sets"; readonly sets: readonly (readonly string[])[] };

/** What a replicated-log model adds. */
export interface LogModel {
  readonly replicas: number;
  readonly clients: number;
  /** The commands, in order; each client submits its own in this order, one at a time. */
  readonly commands: readonly string[];
  /** The client that submits each command (0 for c1), in the order of `commands`. */
  readonly submitters: readonly number[];
  /** A key-value store's operation for each command (`operations { … }`); null otherwise. */
  readonly operations: readonly KvOperation[] | null;
  /** How many log slots there are. */
  readonly slots: number;
  /** Membership that changes through the log (`reconfigure`); null: every replica, always. */
  readonly reconfiguration: Reconfiguration | null;
}

/**
 * A replicated log whose membership changes through the log itself (Lamport, "Reconfiguring a
 * State Machine"): a reconfiguration command chosen in slot s installs its member set from slot
 * s + window on, so the slots a configuration governs are known once the slots below are chosen.
 */
export interface Reconfiguration {
  /** The member sets, in order: the initial one, then the one each command installs. */
  readonly configurations: readonly (readonly string[])[];
  /** The command that installs `configurations[k]`, at index k - 1; also in `commands`. */
  readonly commands: readonly string[];
  /** α: how many slots after its own a reconfiguration command takes effect. */
  readonly window: number;
}

/** An operation on a key-value store: `put x 1`, `get x`, `cas x 1 2` (null: absent). */
export type KvOperation =
  | { readonly kind: "put"; readonly key: string; readonly value: string }
  | { readonly kind: "get"; readonly key: string }
  | {
      readonly kind: "cas";
      readonly key: string;
      /** The value the key must hold (null: absent) for the swap to happen. */
      readonly expected: string | null;
      readonly value: string;
    };

/**
 * What a model's check is expected to find (`expect { … }`): the verdict, and any of the counts
 * and the counterexample's length. `synod check` compares the result with it.
 */
export interface Expectation {
  /** `holds`, or the property a counterexample violates (`agreement`, `eventually decided`). */
  readonly verdict:
    { readonly kind: "holds" } | { readonly kind: "violates"; readonly property: NameRef };
  /** Distinct states. */
  readonly states: number | null;
  /** States generated (successors computed). */
  readonly generated: number | null;
  /** Edges of the state graph (liveness checks record them). */
  readonly edges: number | null;
  readonly depth: number | null;
  /** Steps in the shortest counterexample (for a lasso: the steps to the loop and around it). */
  readonly steps: number | null;
  /** For a lasso, the step its cycle goes back to. */
  readonly loop: number | null;
  /** The `expect` block. */
  readonly span: Span;
}

/** The value of a protocol's own field (core/settings.ts): a count, a word or a list of words. */
export type OwnSetting = number | string | readonly string[];

/** A validated model: everything a .synod file says, with defaults filled in. */
export interface Model {
  /** The file the model came from, as given on the command line. */
  readonly file: string;
  /** The name after `model`. */
  readonly name: string;
  readonly protocol: NameRef;
  readonly variant: NameRef | null;
  readonly acceptors: number;
  readonly proposers: number;
  readonly learners: number;
  /** The values proposers propose, in the order written. */
  readonly values: readonly string[];
  /**
   * `each`: proposer i proposes values[i] (as many values as proposers).
   * `any`: every proposer may propose any of the values, chosen when it starts a ballot.
   */
  readonly valueChoice: "each" | "any";
  /** How many ballots each proposer may start, by proposer (p1 first): rounds 1..ballots[i]. */
  readonly ballots: readonly number[];
  /** The highest ballot, for message-set protocols (`ballots 0..B`); null for actor protocols. */
  readonly maxBallot: number | null;
  /** What the search may treat as interchangeable (`symmetry acceptors, values`). */
  readonly symmetry: { readonly acceptors: boolean; readonly values: boolean };
  readonly network: NetworkSemantics;
  readonly faults: FaultBudget;
  /**
   * Invariant ids to check; null means every invariant of the protocol (when `check` is absent).
   * A `check` line that names only liveness properties checks no invariant.
   */
  readonly check: readonly NameRef[] | null;
  /** Liveness properties (`check eventually decided`): predicates that must eventually hold. */
  readonly liveness: readonly NameRef[];
  /** Fairness assumptions on kinds of action (`fairness weak deliver, strong recover`). */
  readonly fairness: readonly Fairness[];
  /** Conditions on the runs liveness is checked over (`assume faults stop, leader p1`). */
  readonly assume: readonly Assumption[];
  /** `retry resend`: on a timeout a proposer resends its current ballot's requests. */
  readonly retry: boolean;
  /** The quorum system (`quorums …`); majorities by default. */
  readonly quorums: QuorumSpec;
  readonly limits: {
    readonly maxStates: number | null;
    readonly maxDepth: number | null;
  };
  /**
   * For replicated-log protocols (`multipaxos`): the replicas (which are also the acceptors, so
   * `acceptors` holds their count), clients, commands and log slots; null for other protocols.
   */
  readonly log: LogModel | null;
  /** What the check is expected to find; null without an `expect` block. */
  readonly expect: Expectation | null;
  /** Properties the model states itself (`invariant NAME: …`, `reachable NAME: …`), in order. */
  readonly properties: readonly PropertyDecl[];
  /** The protocol's own fields (core/settings.ts), by name, with defaults filled in. */
  readonly own: Readonly<Record<string, OwnSetting>>;
  /**
   * `--explore-drops`: lose messages in the search even where a lost message is one never
   * delivered (app/reductions.ts). Set by the command line, not written in a model.
   */
  readonly exploreDrops?: boolean;
  /** The `model NAME {` header, for errors about the model as a whole. */
  readonly header: Span;
  /** The file's text, for errors found after validation (e.g. while loading a variant). */
  readonly source: string;
}

/** A model's fairness and run conditions in words: `weak deliver; assuming faults stop`, or `none`. */
export function describeFairness(model: Model): string {
  const fairness = model.fairness.map((f) => `${f.strength} ${f.action.name}`);
  const assume = model.assume.map((a) =>
    a.kind === "faults-stop" ? "faults stop" : `leader ${a.node.name}`,
  );
  return `${fairness.length === 0 ? "none" : fairness.join(", ")}${assume.length === 0 ? "" : `; assuming ${assume.join(", ")}`}`;
}
