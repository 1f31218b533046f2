/**
 * Exhaustive breadth-first search of a {@link TransitionSystem} on one thread: the one-thread
 * expander of the search core (level-loop.ts).
 *
 * Every reachable state is visited once (by its 64-bit fingerprint) and every invariant is checked
 * in it when it is first found. Breadth-first order makes the first violation found one at the
 * smallest depth, so its trace, rebuilt by replaying recorded actions from an initial state, is
 * a shortest counterexample.
 *
 * Depth follows TLC's convention: the number of states on the longest of the shortest paths from
 * an initial state, the initial states being at depth 1.
 *
 * Longer than most modules: the expander's hot loop keeps its store, queue and counters in
 * locals, with the state limit, checkpoints between states, liveness recording and the handover
 * to workers around it.
 */
import { fingerprint, fingerprintOut } from "./fingerprint.ts";
import { grown } from "./grown.ts";
import { saveQueue, StateQueue } from "./state-queue.ts";
import { PENDING, StateStore } from "./state-store.ts";
import { Spill } from "./spill.ts";
import { SuccessorBatch } from "./successor-batch.ts";
import type { TransitionSystem } from "../core/transition-system.ts";
import { StateGraph } from "./state-graph.ts";
import { activate, Budget, isOutOfMemory, Stopped } from "./budget.ts";
import type { SearchSnapshot } from "./snapshot.ts";
import { counterexample, pathTo } from "./replay.ts";
import { searchResult } from "./result.ts";
import { firstLivenessViolation, type LivenessViolation } from "./liveness-check.ts";
import {
  firstEvent,
  levels,
  runAsync,
  runToEnd,
  type Level,
  type LevelEnd,
  type LevelExpander,
  type Step,
} from "./level-loop.ts";
import {
  budgetOf,
  type ExploreOptions,
  type ExploreResult,
  type Limit,
  type Progress,
} from "./search.ts";

/** Default of {@link ExploreOptions.handoverLevelMs}. */
const HANDOVER_LEVEL_MS = 150;

/** Successors gathered between two polls of the budget within a state's expansion. */
const SUCCESSORS_PER_POLL = 16;

/** The search pauses (and reports progress) at most this often, in milliseconds. */
const PAUSE_EVERY_MS = 200;

/** Searches to the end, without pausing. */
export function explore(system: TransitionSystem, options: ExploreOptions = {}): ExploreResult {
  return runToEnd(search(system, options));
}

/**
 * Searches to the end, giving the event loop a turn about five times a second, so that a
 * terminal UI can redraw its progress while the search runs.
 */
export function exploreAsync(
  system: TransitionSystem,
  options: ExploreOptions = {},
): Promise<ExploreResult> {
  return runAsync(search(system, options));
}

/**
 * A violation: of a state invariant in stored state `index`, or of a step property by the step
 * `action` from stored state `index` to the state `after`.
 */
interface Violation {
  readonly index: number;
  readonly invariant: string;
  readonly step: { readonly action: number; readonly after: Int32Array } | null;
}

/** The search itself; it pauses now and then, after reporting progress. */
function* search(system: TransitionSystem, options: ExploreOptions): Step<ExploreResult> {
  const started = performance.now();
  const budget = budgetOf(options);
  // Loops deep in the system (symmetry ordering many tied nodes every way) poll it too.
  const deactivate = activate(budget);
  let spill: Spill | null = null;
  try {
    const one = oneThread(system, options, budget, started);
    spill = one.spill;
    const outcome = yield* levels(one.expander, options);
    const { store } = one;
    options.onProgress?.(one.progress(outcome.depth));

    // Liveness, on the whole graph, once every state is known and every invariant holds in it.
    let lasso: LivenessViolation | null = null;
    let limit = outcome.limit;
    let inLiveness = false;
    if (one.graph !== null && outcome.violation === null && limit === null) {
      try {
        const { graph, satisfied, initialCount } = one;
        lasso = firstLivenessViolation(
          system,
          store,
          graph,
          satisfied,
          options.liveness!,
          initialCount,
          budget,
        );
      } catch (error) {
        // Every state was seen and every invariant holds in them; the liveness check is unfinished.
        limit = stopOf(error);
        inLiveness = true;
      }
    }

    // Rebuilding a counterexample is bounded work: nothing in it stops for the budget any more.
    activate(Budget.unlimited());
    const violation = outcome.violation;
    return searchResult(
      { ...outcome, limit },
      {
        seconds: one.earlier + (performance.now() - started) / 1000,
        exact: store.exact,
        workers: 1,
        violated: violation?.invariant ?? lasso?.id ?? null,
        trace:
          violation !== null
            ? counterexample(system, pathTo(store, violation.index), violation)
            : (lasso?.trace ?? null),
        loop: lasso?.loop ?? null,
        stutters: lasso?.stutters ?? false,
        edges: one.graph?.edges ?? 0,
        inLiveness,
        ...(spill?.directory != null
          ? {
              spilled: {
                fingerprints: store.spilled.fingerprints,
                merges: store.spilled.merges,
                frontierBytes: one.queue.spilledBytes,
              },
            }
          : {}),
        ...(limit === "handover"
          ? {
              handedOver: {
                store,
                frontier: one.queue,
                frontierStart: one.frontierStart,
                depth: outcome.depth,
              },
            }
          : {}),
      },
    );
  } finally {
    spill?.dispose();
    deactivate();
  }
}

/** The one-thread search's stores, its expander, and what the result needs of it. */
interface OneThread {
  readonly expander: LevelExpander<Violation>;
  readonly store: StateStore;
  readonly queue: StateQueue;
  /** The state graph and each liveness property's value per state, when liveness is checked. */
  readonly graph: StateGraph | null;
  readonly satisfied: readonly Uint8Array[];
  readonly initialCount: number;
  /** After a handover: the number of the next level's first state. */
  readonly frontierStart: number;
  /** Seconds of search before this run (a resumed search's earlier runs). */
  readonly earlier: number;
  /** Under a memory limit, where the store and the frontier spill to (null: they do not). */
  readonly spill: Spill | null;
  progress(depth: number): Progress;
}

function oneThread(
  system: TransitionSystem,
  options: ExploreOptions,
  budget: Budget,
  started: number,
): OneThread {
  const maxStates = options.maxStates ?? null;
  const resume = options.resume;
  const store =
    resume !== undefined
      ? StateStore.restore(resume.store)
      : new StateStore({ exact: options.exact ?? false, indexed: options.liveness !== undefined });
  const queue = resume !== undefined ? StateQueue.restore(resume.frontier) : new StateQueue();
  // Under a memory limit, a plain search goes on on disk rather than stop. Not one that may hand
  // over to workers: their shared table lives in memory.
  const spill =
    (options.spill !== undefined || budget.maxMemory !== null) &&
    !store.exact &&
    options.liveness === undefined &&
    options.coverage === undefined &&
    options.handover === undefined
      ? (options.spill ?? new Spill(budget.maxMemory!))
      : null;
  if (spill !== null) {
    store.spillTo(spill);
    queue.spillTo(spill);
    // Once spilled, new states are known late, in batches: each is checked and queued then.
    // A search stopped by a violation or the state limit ends with the counts of the moment
    // the state was found, as in memory.
    store.deferTo(
      (index, state, generatedThen) => {
        checkNew(index, state, state.length, null);
        if (stop.violation !== null) generated = generatedThen;
        return stop.violation === null;
      },
      (index, generatedThen) => {
        if (maxStates === null || index < maxStates) return true;
        settle(null, null, true);
        generated = generatedThen;
        return false;
      },
    );
  }
  const invariants = system.invariants;
  const canonicalize = system.canonicalize?.bind(system);
  const checkRenaming = system.checkRenaming?.bind(system);
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
  const coverage = options.coverage ?? null;
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

  /** Sets the stop for the first of the events met at one transition (see firstEvent). */
  const settle = (
    brokenState: Violation | null,
    brokenStep: Violation | null,
    unstored: boolean,
  ): void => {
    const first = firstEvent(
      brokenState !== null ? 0 : Infinity,
      brokenStep !== null ? 0 : Infinity,
      unstored ? 0 : Infinity,
    );
    if (first === "state") stop.violation = brokenState;
    else if (first === "step") stop.violation = brokenStep;
    else if (first === "limit") stop.limit = lastLevel ? "depth" : "states";
  };

  /** Records successor k of the batch if new, checks it, and queues it for expansion. */
  const visit = (k: number, brokenStep: Violation | null): void => {
    generated++;
    const hi = batch.hi[k]!;
    const lo = batch.lo[k]!;
    const action = batch.actions[k]!;
    const length = batch.length(k);
    // Only exact mode reads the words to compare states, and a store that spilled keeps those of
    // states it looks up later: they need a view of them.
    const words = store.readsWords ? batch.state(k) : batch.words;
    if (lastLevel || (maxStates !== null && store.size >= maxStates)) {
      // Past a limit: any new state means the search cannot finish.
      const fresh = !store.has(hi, lo, words, length);
      if (coverage !== null && current !== null)
        coverage.transition(parent, current, action, fresh);
      settle(null, brokenStep, fresh);
      return;
    }
    const index = store.insert(hi, lo, parent, k, words, length, generated);
    if (index === PENDING) {
      // To be looked up on disk with others (checkNew then, if it is new). Neither coverage nor
      // liveness is kept by a search that spills.
      if (brokenStep !== null) settle(null, brokenStep, false);
      return;
    }
    if (coverage !== null && current !== null)
      coverage.transition(parent, current, action, index >= 0);
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
          // Bit 0: P holds; bit 1: a leads-to property's trigger holds (liveness.ts).
          const property = properties[p]!;
          satisfied[p]![index] =
            (property.holds(state) ? 1 : 0) | (property.trigger?.(state) === true ? 2 : 0);
        }
      }
    }
    if (state !== null) checkNew(index, state, length, brokenStep);
    else if (brokenStep !== null) settle(null, brokenStep, false);
  };

  /** Checks new state `index` and queues it, unless it or the step to it breaks a property. */
  const checkNew = (
    index: number,
    state: Int32Array,
    length: number,
    brokenStep: Violation | null,
  ): void => {
    for (const invariant of invariants) {
      if (!invariant.holds(state)) {
        settle({ index, invariant: invariant.id, step: null }, brokenStep, false);
        return;
      }
    }
    if (brokenStep === null) queue.push(state, length);
    else settle(null, brokenStep, false);
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
  /** True if a stop came within a state's expansion: that state is to expand again. */
  let expanding = false;
  let start = { depth: 0, distinct: 0 };
  if (resume !== undefined) {
    ({ expanded, depth, levelEnd, initialCount } = resume);
    // Between two levels, the next level (if there is one) is the one to expand.
    start =
      expanded === levelEnd && queue.length > 0
        ? { depth: depth + 1, distinct: store.size }
        : { depth, distinct: levelEnd };
  }

  /**
   * The search as it stands, between two states, or before `pending` (a state taken from the
   * queue, not yet expanded).
   */
  const snapshot = (
    expandedSoFar: number,
    levelEndNow: number,
    pending: Int32Array | null,
  ): SearchSnapshot => {
    store.settlePending();
    return {
      store: store.save(),
      frontier: saveQueue(queue, pending),
      expanded: expandedSoFar,
      generated,
      depth,
      levelEnd: levelEndNow,
      initialCount,
      seconds: earlier + (performance.now() - started) / 1000,
      graph: graph?.save() ?? null,
      satisfied: graph === null ? null : satisfied.map((bits) => bits.slice(0, store.size)),
      shared: system.saveShared?.() ?? null,
    };
  };

  const end = (): LevelEnd<Violation> => ({
    distinct: store.size,
    generated,
    violation: stop.violation,
    limit: stop.limit,
  });

  /** Stores the initial states: the successors of the virtual root. */
  const initial = (): LevelEnd<Violation> => {
    try {
      for (const state of system.initialStates()) gather(-1, state.slice(), state.length);
      record();
      store.settlePending();
      initialCount = store.size;
      depth = 1;
      levelEnd = store.size;
    } catch (error) {
      stop.limit = stopOf(error);
    }
    return end();
  };

  /** Set when the loop below returns because a pause is due. */
  let pauseDue = false;

  /**
   * Expands the level's states in order until its end, a stop, or a pause due. A plain function,
   * not the generator's body: the hot loop is optimised as any loop, and the generator only
   * pauses between its calls.
   */
  const expandUntilPause = (levelEndNow: number): void => {
    // The loop's counter, in a local: a counter a closure reads lives in the heap, not in a
    // register, and this one changes on every state. So do what the loop reads most.
    let done = expanded;
    const states = queue;
    const pacer = budget.pacer;
    const emit = gather;
    try {
      while (done < levelEndNow && stop.violation === null && stop.limit === null) {
        const state = states.take();
        current = state;
        parent = done++;
        graph?.begin(parent);
        budget.poll();
        checkRenaming?.(state);
        system.successors(state, emit);
        record();
        // Each time the budget has looked at the clock (every few milliseconds): hand over, pause.
        if (pacer.lastLook !== lastLook) {
          lastLook = pacer.lastLook;
          if (!handingOver && options.handover?.() === true) handingOver = true;
          if (options.checkpoint?.due() === true) {
            options.checkpoint.write(snapshot(done, levelEndNow, null));
          }
          if (lastLook - lastPause >= PAUSE_EVERY_MS) {
            lastPause = lastLook;
            pauseDue = true;
            return;
          }
        }
      }
    } finally {
      expanded = done;
    }
  };

  function* expand(level: Level): Step<LevelEnd<Violation>> {
    if (level.depth === 0) return initial();
    if (expanded === levelEnd) {
      // Worth handing over: this thread would take long enough over the next level.
      if (
        handingOver &&
        queue.length * (performance.now() - started) >= handoverLevelMs * expanded
      ) {
        stop.limit = "handover";
        return end();
      }
      levelEnd = store.size;
      depth = level.depth;
    }
    lastLevel = level.lastLevel;
    const levelEndNow = levelEnd;
    try {
      for (;;) {
        expandUntilPause(levelEndNow);
        if (!pauseDue) break;
        pauseDue = false;
        options.onProgress?.(progress(depth));
        yield;
      }
      // The level's new states, if some wait for their lookup on disk, are known now.
      if (stop.violation === null && stop.limit === null) store.settlePending();
    } catch (error) {
      // Stopped within a state's expansion (the budget throws only there): its successors found
      // so far are not recorded, and it is expanded again on resuming.
      stop.limit = stopOf(error);
      batch.clear();
      expanding = true;
    }
    return end();
  }

  function progress(depthNow: number): Progress {
    return {
      distinctStates: store.size,
      generatedStates: generated,
      depth: depthNow,
      queued: queue.length,
      seconds: earlier + (performance.now() - started) / 1000,
      memoryBytes: process.memoryUsage.rss(),
    };
  }

  return {
    expander: {
      start,
      expand,
      // Stopped within a state's expansion: that state is expanded again on resuming.
      *snapshot() {
        return expanding
          ? snapshot(expanded - 1, levelEnd, current!.slice())
          : snapshot(expanded, levelEnd, null);
      },
    },
    store,
    queue,
    graph,
    get satisfied() {
      return satisfied;
    },
    get initialCount() {
      return initialCount;
    },
    // A handover stops before the level's end moves on: the next level starts there.
    get frontierStart() {
      return levelEnd;
    },
    earlier,
    spill,
    progress,
  };
}

/** The limit an error thrown in a search stands for: a stop, or memory that ran out. */
function stopOf(error: unknown): Limit {
  if (error instanceof Stopped) return error.reason;
  if (isOutOfMemory(error)) return "memory";
  throw error;
}
