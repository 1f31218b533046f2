/**
 * Exhaustive breadth-first search of a {@link TransitionSystem}.
 *
 * Every reachable state is visited once (by its 64-bit fingerprint) and every invariant is checked
 * in it when it is first found. Breadth-first order makes the first violation found one at the
 * smallest depth, so its trace, rebuilt by replaying recorded actions from an initial state, is
 * a shortest counterexample.
 *
 * Depth follows TLC's convention: the number of states on the longest of the shortest paths from
 * an initial state, the initial states being at depth 1.
 *
 * Longer than most modules: the search is one generator whose hot loop keeps its store, queue
 * and counters in locals, with the limits, checkpoints, liveness recording and the handover to
 * workers around it. Sharing that loop with the parallel search is still to do
 * (docs/architecture.md).
 */
import { fingerprint, fingerprintOut } from "./fingerprint.ts";
import { grown } from "./grown.ts";
import { saveQueue, StateQueue } from "./state-queue.ts";
import { StateStore } from "./state-store.ts";
import { SuccessorBatch } from "./successor-batch.ts";
import type { TransitionSystem } from "../core/transition-system.ts";
import { findFairCounterexample, StateGraph, type FairnessSpec } from "./liveness.ts";
import { activate, Budget, isOutOfMemory, Stopped } from "./budget.ts";
import type { Checkpointer, SearchSnapshot } from "./snapshot.ts";
import { counterexample, pathTo, replayLasso } from "./replay.ts";
import { collisionEstimate } from "./result.ts";
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
}

/** What liveness checking needs: the properties and the fairness of the run. */
export interface LivenessOptions {
  /** Each `eventually P`: its name (`eventually decided`) and P on encoded states. */
  readonly properties: readonly {
    readonly id: string;
    /** True if P holds in the encoded state. */
    holds(state: Int32Array): boolean;
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
  /**
   * After a handover: where the search stopped, for the search that goes on from there.
   * @internal
   */
  readonly handedOver?: HandedOver;
}

/** A search stopped for a handover, at the end of a level. */
export interface HandedOver {
  /** Every state found so far (a counterexample's path starts here: see {@link pathTo}). */
  readonly store: StateStore;
  /** The next level's states, in the order found (their ranks), and nothing else. */
  readonly frontier: StateQueue;
  /** The number of the next level's first state in `store`; the others follow it. */
  readonly frontierStart: number;
  /** The depth of the next level's states (the initial states are at depth 1). */
  readonly depth: number;
}

/** Default of {@link ExploreOptions.handoverLevelMs}. */
const HANDOVER_LEVEL_MS = 150;

/** Successors gathered between two polls of the budget within a state's expansion. */
const SUCCESSORS_PER_POLL = 16;

/** The search pauses (and reports progress) at most this often, in milliseconds. */
const PAUSE_EVERY_MS = 200;

/** The budget of a search: the one given, or one made of its limits, counted from now. */
export function budgetOf(options: ExploreOptions): Budget {
  return (
    options.budget ??
    new Budget({ maxSeconds: options.maxSeconds ?? null, maxMemory: options.maxMemory ?? null })
  );
}

/** Searches to the end, without pausing. */
export function explore(system: TransitionSystem, options: ExploreOptions = {}): ExploreResult {
  const run = search(system, options);
  let step = run.next();
  while (!step.done) step = run.next();
  return step.value;
}

/**
 * Searches to the end, giving the event loop a turn about five times a second, so that a
 * terminal UI can redraw its progress while the search runs.
 */
export async function exploreAsync(
  system: TransitionSystem,
  options: ExploreOptions = {},
): Promise<ExploreResult> {
  const run = search(system, options);
  let step = run.next();
  while (!step.done) {
    await new Promise((resolve) => setImmediate(resolve));
    step = run.next();
  }
  return step.value;
}

/** The search itself; it yields (pauses) now and then, after reporting progress. */
function* search(
  system: TransitionSystem,
  options: ExploreOptions,
): Generator<void, ExploreResult, void> {
  const maxStates = options.maxStates ?? null;
  const maxDepth = options.maxDepth ?? null;
  const started = performance.now();
  const budget = budgetOf(options);
  // Loops deep in the system (a symmetry group too large to list) poll it too.
  const deactivate = activate(budget);
  try {
    return yield* searchWithin(system, options, budget, started, maxStates, maxDepth);
  } finally {
    deactivate();
  }
}

function* searchWithin(
  system: TransitionSystem,
  options: ExploreOptions,
  budget: Budget,
  started: number,
  maxStates: number | null,
  maxDepth: number | null,
): Generator<void, ExploreResult, void> {
  const resume = options.resume;
  const store =
    resume !== undefined
      ? StateStore.restore(resume.store)
      : new StateStore({ exact: options.exact ?? false, indexed: options.liveness !== undefined });
  const queue = resume !== undefined ? StateQueue.restore(resume.frontier) : new StateQueue();
  const invariants = system.invariants;
  const canonicalize = system.canonicalize?.bind(system);
  const stepInvariants =
    system.stepInvariants !== undefined && system.stepInvariants.length > 0
      ? system.stepInvariants
      : undefined;
  /** The state being expanded (null while visiting initial states). */
  let current: Int32Array | null = null;
  // For liveness: every edge, and each property's value in each state.
  const liveness = options.liveness;
  const graph =
    liveness === undefined
      ? null
      : resume?.graph != null
        ? StateGraph.restore(resume.graph)
        : new StateGraph();
  const classes = system.actions;
  if (liveness !== undefined && classes === undefined) {
    throw new Error("liveness: this system does not classify its actions");
  }
  let satisfied =
    liveness?.properties.map((_, k) => {
      const bits = new Uint8Array(Math.max(1024, 2 * store.size));
      if (resume?.satisfied != null) bits.set(resume.satisfied[k]!);
      return bits;
    }) ?? [];
  if (liveness !== undefined && resume !== undefined && resume.graph === null) {
    throw new Error("resume: the checkpoint has no state graph for the liveness check");
  }

  let generated = resume?.generated ?? 0;
  let parent = -1;
  let lastLevel = false;
  // Set by `visit`; an object so that the loop below sees the closure's writes.
  /**
   * A violation: of a state invariant in stored state `index`, or of a step property by the step
   * `action` from stored state `index` to the state `after`.
   */
  type Violation = {
    index: number;
    invariant: string;
    step: { action: number; after: Int32Array } | null;
  };
  const stop: { violation: Violation | null; limit: Limit | null } = {
    violation: null,
    limit: null,
  };

  // A state's successors are gathered (canonical, fingerprinted) before any is looked up.
  const batch = new SuccessorBatch();
  /** The first successor in the batch whose step breaks a step property, or -1. */
  let brokenAt = -1;
  let broken: Violation | null = null;

  let successorsToPoll = SUCCESSORS_PER_POLL;
  /** Adds a successor to the batch, checking the step properties on the step itself. */
  const gather = (action: number, words: Int32Array, length: number): void => {
    // A state may have thousands of successors, each costly: the budget is kept within one, every
    // so many successors (a call per successor costs a few percent on cheap states).
    if (--successorsToPoll === 0) {
      successorsToPoll = SUCCESSORS_PER_POLL;
      budget.poll();
    }
    if (stepInvariants !== undefined && current !== null && brokenAt < 0) {
      // The scratch buffer itself, not a view of it: no allocation per successor.
      for (const property of stepInvariants) {
        if (!property.holds(current, action, words, length)) {
          brokenAt = batch.size;
          broken = {
            index: parent,
            invariant: property.id,
            step: { action, after: words.slice(0, length) },
          };
          break;
        }
      }
    }
    canonicalize?.(words, length);
    fingerprint(words, length);
    batch.add(action, fingerprintOut[0]!, fingerprintOut[1]!, words, length);
  };

  /** Records the batch's successors in order: each is stored if new, checked, and queued. */
  const record = (): void => {
    const n = batch.size;
    store.prefetch(batch.hi, batch.lo, n);
    for (let k = 0; k < n && stop.violation === null && stop.limit === null; k++) {
      visit(k, k === brokenAt ? broken : null);
    }
    batch.clear();
    brokenAt = -1;
    broken = null;
  };

  /** Records successor k of the batch if new, checks it, and queues it for expansion. */
  const visit = (k: number, brokenStep: Violation | null): void => {
    generated++;
    // A broken step property is reported after the state checks below: if the state it leads to
    // also breaks an invariant, that is the simpler story to tell.
    const hi = batch.hi[k]!;
    const lo = batch.lo[k]!;
    const action = batch.actions[k]!;
    const length = batch.length(k);
    // Only exact mode reads the words to compare states (and needs a view of them).
    const words = store.exact ? batch.state(k) : batch.words;
    if (lastLevel || (maxStates !== null && store.size >= maxStates)) {
      // Past a limit: any new state means the search cannot finish.
      if (brokenStep !== null) stop.violation = brokenStep;
      else if (!store.has(hi, lo, words, length)) stop.limit = lastLevel ? "depth" : "states";
      return;
    }
    const index = store.insert(hi, lo, parent, k, words, length);
    // A view of a new state's words, made once (most successors are states already stored). A
    // new object per state: the systems' memos know a state by its object (actor-system.ts).
    const state = index >= 0 ? batch.state(k) : null;
    if (graph !== null) {
      if (current !== null) {
        graph.add(index >= 0 ? index : store.found, classes!.instance(current, action));
      }
      if (state !== null) {
        if (index === satisfied[0]!.length) satisfied = satisfied.map((bits) => grown(bits));
        const properties = liveness!.properties;
        for (let p = 0; p < properties.length; p++) {
          satisfied[p]![index] = properties[p]!.holds(state) ? 1 : 0;
        }
      }
    }
    if (state !== null) {
      for (const invariant of invariants) {
        if (!invariant.holds(state)) {
          stop.violation = { index, invariant: invariant.id, step: null };
          return;
        }
      }
      if (brokenStep !== null) {
        stop.violation = brokenStep;
        return;
      }
      queue.push(state, length);
      return;
    }
    if (brokenStep !== null) stop.violation = brokenStep;
  };

  // States [0, levelEnd) are at depth `depth` or less; `expanded` counts states expanded so far.
  let depth = 0;
  let levelEnd = 0;
  let expanded = 0;
  let initialCount = 0;
  let lastPause = performance.now();
  let lastLook = budget.pacer.lastLook;
  let handingOver = false;
  const handoverLevelMs = options.handoverLevelMs ?? HANDOVER_LEVEL_MS;
  /** Seconds of search before this run (a resumed search's earlier runs). */
  const earlier = resume?.seconds ?? 0;
  /** True while a state is being expanded: a stop then leaves it to expand again. */
  let expanding = false;
  /** False until the initial states are stored (a stop before that leaves nothing to keep). */
  let initialized = resume !== undefined;
  if (resume !== undefined) {
    ({ expanded, depth, levelEnd, initialCount } = resume);
  } else {
    try {
      for (const initial of system.initialStates()) gather(-1, initial.slice(), initial.length);
      record();
      initialCount = store.size;
      depth = store.size > 0 ? 1 : 0;
      levelEnd = store.size;
      initialized = true;
    } catch (error) {
      stop.limit = stopOf(error);
    }
  }

  /**
   * The search as it stands, between two states, or before `pending` (a state taken from the
   * queue, not yet expanded). The loop's counters are passed, not read here: a counter a closure
   * reads lives in the heap, not in a register, and these change on every state.
   */
  const snapshot = (
    expandedSoFar: number,
    levelEndNow: number,
    initialStates: number,
    pending: Int32Array | null,
  ): SearchSnapshot => ({
    store: store.save(),
    frontier: saveQueue(queue, pending),
    expanded: expandedSoFar,
    generated,
    depth,
    levelEnd: levelEndNow,
    initialCount: initialStates,
    seconds: earlier + (performance.now() - started) / 1000,
    graph: graph?.save() ?? null,
    satisfied: graph === null ? null : satisfied.map((bits) => bits.slice(0, store.size)),
    shared: system.saveShared?.() ?? null,
  });
  try {
    while (queue.length > 0 && stop.violation === null && stop.limit === null) {
      if (expanded === levelEnd) {
        // Worth handing over: this thread would take long enough over the next level.
        if (
          handingOver &&
          queue.length * (performance.now() - started) >= handoverLevelMs * expanded
        ) {
          stop.limit = "handover";
          break;
        }
        levelEnd = store.size;
        depth++;
      }
      lastLevel = maxDepth !== null && depth >= maxDepth;
      const state = queue.take();
      current = state;
      parent = expanded++;
      graph?.begin(parent);
      expanding = true;
      budget.poll();
      system.successors(state, gather);
      record();
      expanding = false;
      // Each time the budget has looked at the clock (every few milliseconds): hand over, pause.
      if (budget.pacer.lastLook !== lastLook) {
        lastLook = budget.pacer.lastLook;
        if (!handingOver && options.handover?.() === true) handingOver = true;
        if (options.checkpoint?.due() === true) {
          options.checkpoint.write(snapshot(expanded, levelEnd, initialCount, null));
        }
        if (lastLook - lastPause >= PAUSE_EVERY_MS) {
          lastPause = lastLook;
          options.onProgress?.(progress());
          yield;
        }
      }
    }
  } catch (error) {
    // Stopped within a state's expansion: its successors found so far are not recorded.
    stop.limit = stopOf(error);
    batch.clear();
  }
  // Stopped by the clock or by the user: what was done is kept, to go on from later.
  if (
    options.checkpoint !== undefined &&
    initialized &&
    stop.violation === null &&
    (stop.limit === "time" || stop.limit === "interrupt")
  ) {
    options.checkpoint.write(
      expanding
        ? snapshot(expanded - 1, levelEnd, initialCount, current!.slice())
        : snapshot(expanded, levelEnd, initialCount, null),
    );
  }
  // States found while expanding the deepest level (a violation, or states cut off by a limit)
  // lie one level deeper.
  if (store.size > levelEnd) depth++;

  function progress(): Progress {
    return {
      distinctStates: store.size,
      generatedStates: generated,
      depth,
      queued: queue.length,
      seconds: earlier + (performance.now() - started) / 1000,
      memoryBytes: process.memoryUsage.rss(),
    };
  }
  options.onProgress?.(progress());

  // Liveness, on the whole graph, once every state is known and every invariant holds in it.
  let lasso: { id: string; trace: TraceStep[]; loop: number; stutters: boolean } | null = null;
  let inLiveness = false;
  if (graph !== null && stop.violation === null && stop.limit === null) {
    graph.close(store.size);
    try {
      for (const [k, property] of liveness!.properties.entries()) {
        const found = findFairCounterexample(
          graph,
          initialCount,
          satisfied[k]!,
          liveness!.fairness,
          () => budget.poll(),
        );
        if (found === null) continue;
        lasso = {
          id: property.id,
          trace: replayLasso(system, store, found.states, found.instances),
          loop: found.loop,
          stutters: found.stutters,
        };
        break;
      }
    } catch (error) {
      // Every state was seen and every invariant holds in them; the liveness check is unfinished.
      stop.limit = stopOf(error);
      inLiveness = true;
    }
  }

  // Rebuilding a counterexample is bounded work: nothing in it stops for the budget any more.
  activate(Budget.unlimited());
  const seconds = earlier + (performance.now() - started) / 1000;
  const distinct = store.size;
  const { violation, limit } = stop;
  return {
    verdict:
      violation !== null || lasso !== null ? "violation" : limit !== null ? "incomplete" : "ok",
    violated: violation?.invariant ?? lasso?.id ?? null,
    limit,
    distinctStates: distinct,
    generatedStates: generated,
    depth,
    seconds,
    statesPerSecond: seconds > 0 ? distinct / seconds : distinct,
    exact: store.exact,
    collisionProbability: store.exact ? 0 : collisionEstimate(distinct, generated),
    trace:
      violation !== null
        ? counterexample(system, pathTo(store, violation.index), violation)
        : (lasso?.trace ?? null),
    loop: lasso?.loop ?? null,
    stutters: lasso?.stutters ?? false,
    edges: graph?.edges ?? 0,
    workers: 1,
    ...(inLiveness ? { inLiveness } : {}),
    ...(limit === "handover"
      ? { handedOver: { store, frontier: queue, frontierStart: levelEnd, depth } }
      : {}),
  };
}

/** The limit an error thrown in a search stands for: a stop, or memory that ran out. */
function stopOf(error: unknown): Limit {
  if (error instanceof Stopped) return error.reason;
  if (isOutOfMemory(error)) return "memory";
  throw error;
}
