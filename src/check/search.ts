/**
 * What every search is given and gives back, whatever its strategy and however many threads it
 * runs on: its options (limits, callbacks, checkpoints, liveness), its progress reports and its
 * result.
 */
import type { Spill } from "./spill.ts";
import type { Coverage } from "./coverage.ts";
import { Budget } from "./budget.ts";
import type { FairnessSpec } from "./liveness.ts";
import type { Checkpointer, SearchSnapshot } from "./snapshot.ts";
import type { StateQueue } from "./state-queue.ts";
import type { StateStore } from "./state-store.ts";
export type { FairnessSpec } from "./liveness.ts";

/** Limits and callbacks of a search. */
export interface ExploreOptions {
  /** Stop (verdict `incomplete`) rather than store more than this many distinct states. */
  readonly maxStates?: number | null;
  /** Do not explore beyond this depth (verdict `incomplete` if there was more to see). */
  readonly maxDepth?: number | null;
  /**
   * Stop (verdict `incomplete`) when the process's resident memory passes this many bytes. The
   * search also stops before the JavaScript heap fills up, whatever this says.
   */
  readonly maxMemory?: number | null;
  /** Stop (verdict `incomplete`) once the search has run this many seconds. */
  readonly maxSeconds?: number | null;
  /**
   * The check's budget (deadline, memory, requested stop), polled on every state and successor;
   * given, it replaces `maxSeconds` and `maxMemory`.
   */
  readonly budget?: Budget;
  /** Store full state encodings, not just fingerprints (no collision can merge two states). */
  readonly exact?: boolean;
  /**
   * Looked at now and then: once it says true, the search ends at the end of a level (the first
   * whose next level is large enough to be worth it: see `handoverLevelMs`), with verdict
   * `incomplete`, limit `handover` and `handedOver` set, for a caller that goes on from there
   * another way (on worker threads, once they are up).
   */
  readonly handover?: () => boolean;
  /**
   * A handover happens only before a level that this thread would take at least this many
   * milliseconds to expand, at its speed so far (default 150). Workers that take over start
   * cold: their first level runs several times slower than this thread, until the optimising
   * compiler has caught up with them (about 0.15-0.2 s), so a search whose levels stay smaller
   * ends here. 0 hands over at the end of the level where `handover` first says true.
   */
  readonly handoverLevelMs?: number;
  /**
   * Where a search under a memory limit spills, and when (default: made from the budget's
   * limit). Tests give one that spills early.
   * @internal
   */
  readonly spill?: Spill;
  /** Called now and then during the search, and once at the end. */
  readonly onProgress?: (progress: Progress) => void;
  /** Where to write checkpoints: when due, and when a time limit or an interrupt stops it. */
  readonly checkpoint?: Checkpointer;
  /** A checkpoint to go on from, instead of the initial states. */
  readonly resume?: SearchSnapshot;
  /**
   * Liveness properties, checked once the whole state graph is known (and every invariant holds
   * in it). Needs a system with `actions` and no symmetry reduction.
   */
  readonly liveness?: LivenessOptions;
  /** Counts every transition the search explores, by class (one thread only). */
  readonly coverage?: Coverage;
}

/** What liveness checking needs: the properties and the fairness of the run. */
export interface LivenessOptions {
  /** Each `eventually P`: its name (`eventually decided`) and P on encoded states. */
  readonly properties: readonly {
    readonly id: string;
    /** True if P holds in the encoded state. */
    holds(state: Int32Array): boolean;
    /**
     * For `T ~> P` (leads-to): T. Every fair run must reach P after each state where T holds,
     * not only from the start. Absent: `eventually P`.
     */
    trigger?(state: Int32Array): boolean;
  }[];
  readonly fairness: FairnessSpec;
}

/** Where a search is, as reported now and then. */
export interface Progress {
  readonly distinctStates: number;
  readonly generatedStates: number;
  readonly depth: number;
  readonly queued: number;
  readonly seconds: number;
  /** Resident memory of the process, in bytes. */
  readonly memoryBytes: number;
  /** Threads searching (absent: one). */
  readonly workers?: number;
}

/** `ok`: every property holds; `violation`: one does not; `incomplete`: a limit stopped it. */
export type Verdict = "ok" | "violation" | "incomplete";

/** What can cut a search short: a limit, an interrupt (Ctrl-C), or a handover to workers. */
export type Limit = "states" | "depth" | "memory" | "time" | "interrupt" | "handover";

/** One step of a counterexample: the action taken (null for the initial state) and the state. */
export interface TraceStep {
  readonly action: number | null;
  readonly state: Int32Array;
}

/** What a search found, with its counts. */
export interface ExploreResult {
  readonly verdict: Verdict;
  /** The id of the violated invariant, or null. */
  readonly violated: string | null;
  /** Which limit stopped an incomplete search. */
  readonly limit: Limit | null;
  readonly distinctStates: number;
  /** Initial states plus every successor computed (TLC's "states generated"). */
  readonly generatedStates: number;
  readonly depth: number;
  readonly seconds: number;
  readonly statesPerSecond: number;
  /**
   * Estimated probability that two distinct states shared a fingerprint (as TLC estimates it);
   * 0 in exact mode.
   */
  readonly collisionProbability: number;
  /** True if states were stored whole (`exact`), so no two could be confused. */
  readonly exact: boolean;
  /** A shortest path to the violation, or null. */
  readonly trace: readonly TraceStep[] | null;
  /**
   * For a liveness violation: the index in `trace` of the state the run returns to forever (the
   * last state of the trace is that state again); the last index if the run stutters there.
   */
  readonly loop: number | null;
  /** For a liveness violation: true if the run ends stuttering in its last state. */
  readonly stutters: boolean;
  /** Edges of the state graph kept for liveness (0 when no liveness property was checked). */
  readonly edges: number;
  /** Threads that searched: 1, or the workers of a parallel search. */
  readonly workers: number;
  /**
   * True if the search saw every state (and every invariant holds in them) but a limit or an
   * interrupt stopped the liveness check that follows.
   */
  readonly inLiveness?: boolean;
  /**
   * True if a step did not return in time after the search was asked to stop, and was
   * abandoned: the counts are the last ones reported before it.
   */
  readonly abandoned?: boolean;
  /** Present if the search went on on disk under its memory limit: what it put there. */
  readonly spilled?: Spilled;
  /**
   * After a handover: where the search stopped, for the search that goes on from there.
   * @internal
   */
  readonly handedOver?: HandedOver;
}

/** What a search under a memory limit moved to disk. */
export interface Spilled {
  /** Fingerprints on disk at the end (the others were in memory). */
  readonly fingerprints: number;
  /** Times the table's fingerprints were merged into the file on disk. */
  readonly merges: number;
  /** Bytes of frontier written to disk and read back. */
  readonly frontierBytes: number;
}

/** A search stopped for a handover, at the end of a level. */
export interface HandedOver {
  /** Every state found so far (a counterexample's path starts here: replay.ts). */
  readonly store: StateStore;
  /** The next level's states, in the order found (their ranks), and nothing else. */
  readonly frontier: StateQueue;
  /** The number of the next level's first state in `store`; the others follow it. */
  readonly frontierStart: number;
  /** The depth of the next level's states (the initial states are at depth 1). */
  readonly depth: number;
}

/** The budget of a search: the one given, or one made of its limits, counted from now. */
export function budgetOf(
  options: Pick<ExploreOptions, "budget" | "maxSeconds" | "maxMemory">,
): Budget {
  return (
    options.budget ??
    new Budget({ maxSeconds: options.maxSeconds ?? null, maxMemory: options.maxMemory ?? null })
  );
}
