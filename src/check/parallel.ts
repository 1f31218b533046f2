/**
 * A breadth-first search split among worker threads (`--workers N`).
 *
 * The workers share one table of fingerprints, which they insert into directly (shared-table.ts),
 * and each expands a stretch of every level. The search advances one level at a time; at the end
 * of each level the coordinator (this
 * module) numbers the level's new states in the order a one-threaded search would have found
 * them (see parallel-protocol.ts). That is what makes the result independent of the worker
 * count: the distinct and generated counts, the depth, the violation reported and its trace are
 * those of {@link explore}, also when the search stops at a violation or at a state or depth limit
 * in the middle of a level. Only time and memory limits, which are about the machine, stop it
 * wherever it is.
 *
 * The system must encode states the same way in every thread ({@link TransitionSystem.portable}):
 * each worker builds its own copy from a {@link WorkerRecipe}.
 *
 * The level loop, the rule for the first event and the result are the search core's
 * (level-loop.ts, result.ts); this module is the coordinator's expander: a level in three
 * phases over the workers' shared state, and the states a one-thread search handed over.
 *
 * Longer than most modules: the expander's phases share the level's buffers and counters, and
 * the checkpoint's gathering and the handover's adoption talk to the same workers.
 */
import { budgetOf, type ExploreOptions, type ExploreResult, type Limit } from "./search.ts";
import {
  firstEvent,
  levels,
  runAsync,
  wait,
  type Level,
  type LevelEnd,
  type Step,
} from "./level-loop.ts";
import { counterexample, pathTo, type RecordedPath } from "./replay.ts";
import { abandonedResult, searchResult } from "./result.ts";
import type { TransitionSystem } from "../core/transition-system.ts";
import { isOutOfMemory } from "./budget.ts";
import { BackLinks } from "./back-links.ts";
import type { SearchSnapshot } from "./snapshot.ts";
import { LevelArena } from "./level-arena.ts";
import { FULL, SharedTable } from "./shared-table.ts";
import type { StateQueue } from "./state-queue.ts";
import type { StateStore } from "./state-store.ts";
import {
  Control,
  COUNTERS_PER_WORKER,
  HANDED_OVER,
  OWNERS,
  packParent,
  parentLocal,
  parentWorker,
  popcount,
  StopReason,
  transition,
  type Command,
  type Reply,
  type StepViolationReport,
  type StateViolationReport,
  type WorkerRecipe,
} from "./parallel-protocol.ts";

export type { WorkerRecipe } from "./parallel-protocol.ts";
export { WorkerPool } from "./worker-pool.ts";
import { WorkerPool, type Peer } from "./worker-pool.ts";

/** A level this large tells the workers' speeds apart (smaller ones are mostly overhead). */
const SPEED_FROM_RANKS = 4096;

/**
 * The first rank of each worker's stretch of a level (and the level's size, last), lengths in
 * proportion to their speeds, in worker order (a lower worker must expand lower ranks).
 */
export function split(levelSize: number, speeds: readonly number[]): number[] {
  const total = speeds.reduce((sum, speed) => sum + speed, 0);
  const firstRanks = [0];
  let before = 0;
  for (const speed of speeds) {
    before += speed;
    firstRanks.push(Math.round((levelSize * before) / total));
  }
  firstRanks[speeds.length] = levelSize;
  return firstRanks;
}

/** How often the coordinator reports progress and looks at the clock, in milliseconds. */
const PROGRESS_EVERY_MS = 200;

/**
 * Searches on a pool of workers, and closes it; from where `resumed` (a one-thread search that
 * handed over at the end of a level) stopped, if given. The
 * result is the one {@link explore} gives, time and memory limits aside. Liveness needs the
 * whole graph in one place: use {@link explore} for it.
 */
export async function exploreParallel(
  system: TransitionSystem,
  pool: WorkerPool,
  options: ExploreOptions = {},
  resumed: ExploreResult | null = null,
): Promise<ExploreResult> {
  if (options.liveness !== undefined) throw new Error("liveness is checked by one thread");
  if (options.exact === true) throw new Error("exact mode is checked by one thread");
  if (system.portable !== true) throw new Error("this system cannot be split among workers");
  const { count, peers, control, counters } = pool;
  const started = performance.now();
  const budget = budgetOf(options);
  // Workers see a stop within a state's expansion; one stuck in a state that takes longer (or in
  // a handler that never returns) is abandoned after GRACE_MS, and the search ends without it.
  let abandon = (): void => {};
  const abandoned = new Promise<null>((resolve) => (abandon = () => resolve(null)));
  const all = async (command: Command): Promise<Reply[]> => {
    const replies = await Promise.race([
      Promise.all(peers.map((peer) => peer.ask(command))),
      abandoned,
    ]);
    if (replies === null) throw new Abandoned();
    return replies;
  };

  const maxStates = options.maxStates ?? null;
  /** Depth of the level being expanded; level 0 is a virtual root whose successors are the
   * initial states. */
  let depth = 0;
  const handedOver = resumed?.handedOver ?? null;
  /** What the one-thread search counted before it handed over. */
  const distinctHandedOver = handedOver === null ? 0 : resumed!.distinctStates;
  const generatedHandedOver = handedOver === null ? 0 : resumed!.generatedStates;
  const progress = () => {
    let distinct = distinctHandedOver;
    let generated = generatedHandedOver;
    let queued = 0;
    for (let w = 0; w < count; w++) {
      distinct += counters[w * COUNTERS_PER_WORKER]!;
      generated += counters[w * COUNTERS_PER_WORKER + 1]!;
      queued += counters[w * COUNTERS_PER_WORKER + 2]!;
    }
    return {
      distinctStates: distinct,
      generatedStates: generated,
      depth,
      queued,
      seconds: (performance.now() - started) / 1000,
      memoryBytes: process.memoryUsage.rss(),
      workers: count,
    };
  };
  let stoppedAt: number | null = null;
  const timer = setInterval(() => {
    const reason = budget.check();
    if (reason !== null) {
      Atomics.compareExchange(control, Control.stop, StopReason.none, StopReason[reason]);
    }
    if (Atomics.load(control, Control.stop) !== StopReason.none) {
      stoppedAt ??= performance.now();
      if (performance.now() - stoppedAt > GRACE_MS) abandon();
    }
    options.onProgress?.(progress());
  }, PROGRESS_EVERY_MS);

  try {
    const initial = system.initialStates().length;
    const readies = await Promise.race([pool.ready, abandoned]);
    if (readies === null) throw new Abandoned();
    for (const ready of readies) {
      if (ready.type !== "ready" || ready.initial !== initial) {
        throw new Error("a search worker built a different system");
      }
    }

    /** States stored before this level's, and states generated before this level's. */
    let before = 0;
    let generatedBefore = 0;
    /** States in the level being expanded (the virtual root is one). */
    let levelSize = 1;
    if (handedOver !== null) {
      levelSize = await adopt(
        pool,
        handedOver.store,
        handedOver.frontier,
        handedOver.frontierStart,
      );
      before = distinctHandedOver;
      generatedBefore = generatedHandedOver;
      depth = handedOver.depth;
    }

    // Each worker's speed in ranks per millisecond on the last level large enough to tell: a
    // lower worker finds more of the level's new states (and takes over some a higher one found),
    // so an even split kept the higher one waiting at the end of each level.
    const speeds = new Array<number>(count).fill(1);

    /** Expands a level in the three phases of parallel-protocol.ts, and finds its first event. */
    function* expand(level: Level): Step<LevelEnd<Violation>> {
      if (level.depth !== depth) throw new Error(`level ${level.depth} expanded at ${depth}`);
      const lastLevel = level.lastLevel;
      const degrees = new Float64Array(new SharedArrayBuffer(8 * (levelSize + 1)));
      const firstRanks = split(levelSize, speeds);
      Atomics.store(control, Control.finished, 0);
      const expanded = yield* wait(
        all({
          type: "expand",
          depth,
          firstRanks,
          lastLevel,
          degrees: degrees.buffer as SharedArrayBuffer,
        }),
      );
      if (depth > 0 && levelSize >= SPEED_FROM_RANKS) {
        expanded.forEach((reply, w) => {
          const ranks = firstRanks[w + 1]! - firstRanks[w]!;
          if (reply.type === "expanded" && reply.busy > 0) speeds[w] = ranks / reply.busy;
        });
      }
      let found = 0;
      let levelGenerated = depth === 0 ? initial : 0;
      let step: (Omit<StepViolationReport, "t"> & { key: number }) | null = null;
      let unstoredKey = -1;
      for (const reply of expanded) {
        if (reply.type !== "expanded") throw new Error(`unexpected reply ${reply.type}`);
        found += reply.stored;
        if (depth > 0) levelGenerated += reply.generated;
        if (reply.step !== null && (step === null || reply.step.key < step.key)) step = reply.step;
        if (reply.unstored >= 0 && (unstoredKey < 0 || reply.unstored < unstoredKey)) {
          unstoredKey = reply.unstored;
        }
      }
      const stopped = Atomics.load(control, Control.stop);
      if (stopped !== StopReason.none) {
        return {
          distinct: before + found,
          generated: generatedBefore + levelGenerated,
          violation: null,
          limit: stopLimit(stopped),
        };
      }

      // Out-degrees by parent rank → the number of each parent's first transition.
      let total = 0;
      for (let rank = 0; rank < levelSize; rank++) {
        const degree = degrees[rank]!;
        degrees[rank] = total;
        total += degree;
      }
      degrees[levelSize] = total;
      const words = Math.max(1, Math.ceil(total / 32));
      const bits = new Int32Array(new SharedArrayBuffer(4 * words));
      const marked = yield* wait(all({ type: "mark", bits: bits.buffer as SharedArrayBuffer }));
      let stateViolation: StateViolationReport | null = null;
      let violator = -1;
      marked.forEach((reply, w) => {
        if (reply.type !== "marked") throw new Error(`unexpected reply ${reply.type}`);
        if (reply.state !== null && (stateViolation === null || reply.state.t < stateViolation.t)) {
          stateViolation = reply.state;
          violator = w;
        }
      });
      const setBefore = new Int32Array(new SharedArrayBuffer(4 * (words + 1)));
      for (let w = 0, sum = 0; w <= words; w++) {
        setBefore[w] = sum;
        if (w < words) sum += popcount(bits[w]!);
      }
      const cut = maxStates !== null && before + found > maxStates ? maxStates - before : -1;
      const ranked = yield* wait(
        all({
          type: "rank",
          before: setBefore.buffer as SharedArrayBuffer,
          cut,
          base: before,
          positions: new SharedArrayBuffer(8 * found),
          entries: new SharedArrayBuffer(4 * found),
        }),
      );
      let cutAt = -1;
      for (const reply of ranked) {
        if (reply.type !== "ranked") throw new Error(`unexpected reply ${reply.type}`);
        if (reply.cutAt >= 0) cutAt = reply.cutAt;
      }
      if (cut >= 0 && cutAt < 0) throw new Error("the state limit's transition was not found");

      // The first event in the one-threaded order (firstEvent), and the counts at it.
      const foundUpTo = (t: number): number => {
        const w = t >>> 5;
        const b = t & 31;
        return setBefore[w]! + popcount(bits[w]! & (b === 31 ? -1 : (1 << (b + 1)) - 1));
      };
      const sv = stateViolation as StateViolationReport | null;
      // A state past the state limit is not stored, so not checked.
      const stateT = sv !== null && (cut < 0 || sv.t < cutAt) ? sv.t : Infinity;
      const stepT = step !== null ? transition(degrees, step.key) : Infinity;
      const limitT =
        cut >= 0 ? cutAt : unstoredKey >= 0 ? transition(degrees, unstoredKey) : Infinity;
      const first = firstEvent(stateT, stepT, limitT);
      if (first === "state") {
        return {
          distinct: before + foundUpTo(stateT),
          generated: generatedBefore + stateT + 1,
          violation: { invariant: sv!.invariant, state: { worker: violator, local: sv!.local } },
          limit: null,
        };
      }
      if (first === "step") {
        const stored = lastLevel ? 0 : foundUpTo(stepT);
        return {
          distinct: before + (cut >= 0 ? Math.min(stored, cut) : stored),
          generated: generatedBefore + stepT + 1,
          violation: {
            invariant: step!.invariant,
            state: { worker: parentWorker(step!.from), local: parentLocal(step!.from) },
            step: { action: step!.action, after: step!.after },
          },
          limit: null,
        };
      }
      if (first === "limit") {
        return {
          distinct: before + (cut >= 0 ? cut : 0),
          generated: generatedBefore + limitT + 1,
          violation: null,
          limit: cut >= 0 ? "states" : "depth",
        };
      }
      const end = {
        distinct: before + found,
        generated: generatedBefore + levelGenerated,
        violation: null,
        limit: null,
      };
      before += found;
      generatedBefore += levelGenerated;
      levelSize = found;
      if (found > 0) depth++;
      return end;
    }

    const outcome = await runAsync(
      levels<Violation>(
        {
          start: { depth, distinct: before },
          expand,
          // The search at the start of the level being expanded.
          snapshot: () =>
            wait(
              gather(pool, handedOver?.store ?? null, system, {
                distinct: before,
                levelSize,
                depth,
                generated: generatedBefore,
                seconds: (performance.now() - started) / 1000 + (resumed?.seconds ?? 0),
              }),
            ),
        },
        options,
      ),
    );
    // The last word on progress is the result's counts (the workers' counters run ahead of a
    // search that stops mid-level).
    clearInterval(timer);
    options.onProgress?.({
      ...progress(),
      distinctStates: outcome.distinct,
      generatedStates: outcome.generated,
      depth: outcome.depth,
    });
    const violation = outcome.violation;
    const result = searchResult(outcome, {
      seconds: (performance.now() - started) / 1000,
      exact: false,
      workers: count,
      violated: violation?.invariant ?? null,
      trace: null,
    });
    if (violation === null) return result;
    const path = await chainTo(peers, violation.state, handedOver?.store ?? null);
    return {
      ...result,
      trace: counterexample(system, path, {
        invariant: violation.invariant,
        step: violation.step ?? null,
      }),
    };
  } catch (error) {
    // A worker's allocation that failed ends the search as its memory limit would.
    if (isOutOfMemory(error)) {
      Atomics.compareExchange(control, Control.stop, StopReason.none, StopReason.memory);
    } else if (!(error instanceof Abandoned)) throw error;
    // The workers did not stop in time: the counts are those they last published.
    clearInterval(timer);
    const last = progress();
    const result = abandonedResult(
      stopLimit(Atomics.load(control, Control.stop)),
      last,
      last.seconds,
    );
    options.onProgress?.(last);
    return result;
  } finally {
    clearInterval(timer);
    await pool.close();
  }
}

/** How long workers have to stop once asked, before the search ends without them. */
const GRACE_MS = 2000;

/** Workers that did not stop within {@link GRACE_MS} of a stop. */
class Abandoned extends Error {}

/** The limit a stop's code in the control word stands for. */
function stopLimit(code: number): Limit {
  return code === StopReason.time ? "time" : code === StopReason.interrupt ? "interrupt" : "memory";
}

interface Violation {
  readonly invariant: string;
  /** The state that breaks it, or that the broken step leaves. */
  readonly state: { readonly worker: number; readonly local: number };
  readonly step?: { readonly action: number; readonly after: Int32Array };
}

/**
 * The path to a stored state, gathered from its owners: a store holding just that path, each
 * state the parent of the next, for the one-threaded replay to rebuild the trace.
 */
async function chainTo(
  peers: readonly Peer[],
  target: { worker: number; local: number },
  handedOver: StateStore | null,
): Promise<RecordedPath> {
  const steps: number[] = [];
  let at = target;
  for (;;) {
    if (at.worker === HANDED_OVER) {
      // The path goes on in the one-thread search's store.
      const start = pathTo(handedOver!, at.local);
      return { root: start.root, steps: [...start.steps, ...steps.reverse()] };
    }
    const entry = await peers[at.worker]!.ask({ type: "entry", local: at.local });
    if (entry.type !== "entry") throw new Error(`unexpected reply ${entry.type}`);
    if (entry.root !== null) return { root: entry.root, steps: steps.reverse() };
    steps.push(entry.step);
    at = { worker: parentWorker(entry.parent), local: parentLocal(entry.parent) };
  }
}

/**
 * Gives the workers what a one-thread search found before it handed over: every fingerprint, in
 * their table, and its next level, written in shared chunks in the order found (their ranks).
 * Returns the level's size.
 */
async function adopt(
  pool: WorkerPool,
  store: StateStore,
  frontier: StateQueue,
  frontierStart: number,
): Promise<number> {
  // The workers are waiting for a command, so this thread alone may grow the table.
  const table = new SharedTable(pool.table, 1);
  const ref = packParent(0, HANDED_OVER);
  table.reserve(store.size);
  store.forEachFingerprint((hi, lo) => {
    let inserted = table.insert(hi, lo, ref);
    while (inserted === FULL) {
      table.growNow();
      inserted = table.insert(hi, lo, ref);
    }
  });
  table.publish();
  if (table.growing) table.standStill();
  const size = frontier.length;
  const arena = new LevelArena();
  const positions = new Float64Array(new SharedArrayBuffer(8 * size));
  const entries = new Int32Array(new SharedArrayBuffer(4 * size));
  for (let rank = 0; rank < size; rank++) {
    const state = frontier.take();
    positions[rank] = arena.push(state, state.length) * OWNERS + HANDED_OVER;
    entries[rank] = packParent(frontierStart + rank, HANDED_OVER);
  }
  await Promise.all(
    pool.peers.map((peer) =>
      peer.ask({
        type: "adopt",
        chunks: arena.buffers,
        positions: positions.buffer as SharedArrayBuffer,
        entries: entries.buffer as SharedArrayBuffer,
      }),
    ),
  );
  return size;
}

/**
 * The search at the start of the level being expanded, gathered from the workers and written as
 * the one-thread search would have it (see snapshot.ts): every state before the level's new
 * ones, numbered in the one-threaded order, with its fingerprint and back-link; the level's
 * states, in rank order, to expand.
 */
async function gather(
  pool: WorkerPool,
  handedOver: StateStore | null,
  system: TransitionSystem,
  at: {
    readonly distinct: number;
    readonly levelSize: number;
    readonly depth: number;
    readonly generated: number;
    readonly seconds: number;
  },
): Promise<SearchSnapshot> {
  const n = at.distinct;
  const dumps = await Promise.all(pool.peers.map((peer) => peer.ask({ type: "dump" })));
  const frontier = await pool.peers[0]!.ask({ type: "frontier" });
  if (frontier.type !== "frontier") throw new Error(`unexpected reply ${frontier.type}`);
  const numberOf = (ref: number): number => {
    const owner = parentWorker(ref);
    if (owner === HANDED_OVER) return parentLocal(ref);
    const dump = dumps[owner]!;
    return dump.type === "dumped" ? dump.numbers[parentLocal(ref)]! : -1;
  };
  // The states a one-thread search found before it handed over keep their store's numbers.
  const earlier = handedOver?.save() ?? null;
  const first = earlier?.size ?? 0;
  const fingerprints = new Uint32Array(2 * n);
  if (earlier !== null) fingerprints.set(earlier.fingerprints);
  const parents = new Int32Array(n - first);
  const steps = new Int32Array(n - first);
  let roots: number[] = [];
  dumps.forEach((dump, w) => {
    if (dump.type !== "dumped") throw new Error(`unexpected reply ${dump.type}`);
    for (let local = 0; local < dump.numbers.length; local++) {
      const number = dump.numbers[local]!;
      // Not ranked (found in a level cut short), or not before the level's end.
      if (number < first || number >= n) continue;
      const parent = dump.parents[local]!;
      parents[number - first] = parent < 0 ? -1 : numberOf(parent);
      steps[number - first] = dump.steps[local]!;
    }
    if (w === 0 && earlier === null) roots = [...dump.roots];
  });
  let k = first;
  new SharedTable(pool.table, 1).forEach((hi, lo, ref) => {
    if (parentWorker(ref) === HANDED_OVER) return;
    const number = numberOf(ref);
    if (number < first || number >= n) return;
    fingerprints[2 * k] = hi;
    fingerprints[2 * k + 1] = lo;
    k++;
  });
  if (k !== n) throw new Error(`checkpoint: ${k} fingerprints for ${n} states`);
  const links = earlier === null ? new BackLinks() : BackLinks.restore(earlier.links);
  for (let i = 0; i < n - first; i++) links.append(parents[i]!, steps[i]!);
  const rootPairs = earlier?.roots ?? Uint32Array.from(roots);
  return {
    store: {
      exact: false,
      indexed: false,
      size: n,
      fingerprints,
      numbers: null,
      roots: rootPairs,
      links: links.save(),
      encodings: null,
      offsets: null,
    },
    frontier: { bytes: frontier.bytes, length: frontier.length },
    expanded: n - at.levelSize,
    generated: at.generated,
    depth: at.depth,
    levelEnd: n,
    initialCount: rootPairs.length / 2,
    seconds: at.seconds,
    graph: null,
    satisfied: null,
    shared: system.saveShared?.() ?? null,
  };
}
