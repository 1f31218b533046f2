/**
 * One worker of a parallel search (see parallel-protocol.ts for the phases). All workers share
 * one table of fingerprints (shared-table.ts) and insert into it directly; each expands a
 * stretch of the level's ranks, reading the states wherever the worker that found them wrote
 * them (level-arena.ts).
 *
 * Longer than most modules, and written at module level on purpose: a worker runs one search, and
 * V8 compiles functions made once for the values they close over, which made a worker faster
 * than the same code as an object's methods (below).
 */
import { parentPort, receiveMessageOnPort, workerData } from "node:worker_threads";
import { getHeapStatistics } from "node:v8";
import { fingerprint, fingerprintOut } from "./fingerprint.ts";
import { EntryLinks } from "./back-links.ts";
import { grown } from "./grown.ts";
import { ArenaReader, LevelArena } from "./level-arena.ts";
import { SuccessorBatch } from "./successor-batch.ts";
import { StateQueue } from "./state-queue.ts";
import { Pacer } from "./budget.ts";
import { FULL, SharedTable } from "./shared-table.ts";
import type { TransitionSystem } from "../core/transition-system.ts";
import {
  Control,
  COUNTERS_PER_WORKER,
  HANDED_OVER,
  KEY_SPAN,
  MAX_ENTRIES,
  OWNERS,
  packParent,
  parentLocal,
  parentWorker,
  popcount,
  StopReason,
  thrownError,
  transition,
  type Command,
  type Reply,
  type StepViolationReport,
  type WorkerSetup,
} from "./parallel-protocol.ts";

/**
 * A worker started before its search was known (prestart.ts) is given its setup in its first
 * message; meanwhile it loads the module it was told to (the one that builds the system, which
 * the setup most likely names).
 */
async function awaitWorkerSetup(preload: string | null): Promise<WorkerSetup> {
  const given = new Promise<WorkerSetup>((resolve) => parentPort!.once("message", resolve));
  if (preload !== null) await import(preload).catch(() => null);
  return given;
}
const started = workerData as WorkerSetup | { readonly preload: string | null };
const setup = "recipe" in started ? started : await awaitWorkerSetup(started.preload);
const { id, count, peers } = setup;
const keepNumbers = setup.keepNumbers === true;
const control = new Int32Array(setup.control);
const counters = new Float64Array(setup.counters);
const levelStarts = new Int32Array(setup.levelStarts);
const reply = (message: Reply): void => parentPort!.postMessage(message);

/** What a worker tells each other at the end of a level. */
interface LevelEnd {
  readonly depth: number;
  /** Where it wrote the states it found. */
  readonly chunks: SharedArrayBuffer[];
  /** The receiver's entries of this level that it took over. */
  readonly taken: number[];
}

/**
 * When to publish progress, check for a stop and let the table grow: every 256 states, or on
 * every state when states take long (a table's growth waits for every worker to stand still).
 */
const pacer = new Pacer(1, 256);
let polls = 0;

// The system, built the way the coordinator built its own.
const recipe = (await import(setup.recipe.module)) as {
  buildWorkerSystem(data: unknown): TransitionSystem | Promise<TransitionSystem>;
};
const system = await recipe.buildWorkerSystem(setup.recipe.data);
const { invariants } = system;
const stepInvariants =
  system.stepInvariants !== undefined && system.stepInvariants.length > 0
    ? system.stepInvariants
    : undefined;
const canonicalize = system.canonicalize?.bind(system);
const checkRenaming = system.checkRenaming?.bind(system);

// This worker's search. A worker thread runs one search, so its state is this module's: the
// functions below are made once, and the optimising compiler treats the constants they use (the
// table, the batch, the system) as known values, where methods reading them from `this` load and
// check them at each use. That made a worker about 6% faster (docs/notes/2026-11-performance-log.md).

const table = new SharedTable(setup.table, count);
const arena = new LevelArena();
const reader = new ArenaReader();
const batch = new SuccessorBatch();
/** Per worker: its entries of this level that this worker took over. */
const taken: number[][] = peers.map(() => []);

// A worker's entries: the states it found first at their smallest key (or took over from a
// worker that found them at a larger one), numbered in the order it found them. Each keeps its
// parent and its position among the parent's successors for good; while its level is being found
// and ranked, also its key and where its words are.
const links = new EntryLinks();
/** Fingerprints of the entries without a parent (the initial states), in order. */
const roots: number[] = [];
let size = 0;
/** Number of this worker's first entry of the level being found; they follow it. */
let newStart = 0;
/** For the entries of this level (number − newStart): smallest key, then transition number. */
let keys = new Float64Array(1024);
/** For the entries of this level: their position in this worker's arena. */
let positions = new Float64Array(1024);
/** For the entries of this level, after `mark`: 0 if a lower worker took it over, else 1. */
let alive = new Uint8Array(1024);
/** The level being expanded: each worker's chunks, and by rank the state's place and entry. */
let levelChunks: Uint8Array[][] = owners();
/** The chunks of the level last ranked (its states stay readable after it is expanded). */
let rankedChunks: Uint8Array[][] = owners();
/** With `keepNumbers`: each entry's number in the one-threaded order (-1 until ranked). */
let numbers = new Int32Array(setup.keepNumbers === true ? 1024 : 0);
let rankPositions: Float64Array<ArrayBufferLike> = new Float64Array(0);
let rankEntries: Int32Array<ArrayBufferLike> = new Int32Array(0);
/** Entries of this level that break an invariant: number, and the invariant's index. */
let violators: number[] = [];
let generated = 0;
let stored = 0;
let lastLevel = false;
let unstoredKey = -1;
let step: (Omit<StepViolationReport, "t"> & { key: number }) | null = null;
let degrees: Float64Array<ArrayBufferLike> = new Float64Array(0);
let bits: Int32Array<ArrayBufferLike> = new Int32Array(0);
let storedTotal = 0;
let expandedTotal = 0;
let generatedTotal = 0;
let depth = 0;
/** The state being expanded (null for the virtual root), its rank and entry, and successors so far. */
let current: Int32Array | null = null;
let parentRank = 0;
let parent = -1;
let emitted = 0;

/**
 * Receives a successor: gathered (canonical, fingerprinted) into the batch, whose slots are read
 * together and then looked up in order (`record`), as in the one-thread search.
 */
function emit(action: number, words: Int32Array, length: number): void {
  const index = emitted++;
  if (stepInvariants !== undefined && current !== null) {
    const key = parentRank * KEY_SPAN + index;
    if (step === null || key < step.key) {
      for (const property of stepInvariants) {
        if (!property.holds(current, action, words, length)) {
          step = {
            key,
            invariant: property.id,
            from: parent,
            action,
            after: words.slice(0, length),
          };
          break;
        }
      }
    }
  }
  canonicalize?.(words, length);
  fingerprint(words, length);
  batch.add(action, fingerprintOut[0]!, fingerprintOut[1]!, words, length);
}

/**
 * Looks the batch's successors up, in order. Most were stored before (by this worker, or in an
 * earlier level): that path stays in this loop, and the rest go to {@link fresh}.
 */
function record(): void {
  const n = batch.size;
  if (lastLevel) {
    for (let k = 0; k < n; k++) unstored(k);
  } else {
    table.prefetch(batch.hi, batch.lo, n);
    for (let k = 0; k < n; k++) {
      const inserted = table.insert(batch.hi[k]!, batch.lo[k]!, packParent(size, id));
      if (inserted !== 0 || parentWorker(table.found) > id) fresh(k, inserted);
    }
  }
  batch.clear();
}

function handle(command: Command): void {
  switch (command.type) {
    case "expand":
      return expand(command.depth, command.firstRanks, command.lastLevel, command.degrees);
    case "mark":
      return mark(command.bits);
    case "rank":
      return rank(command.before, command.cut, command.base, command.positions, command.entries);
    case "adopt": {
      levelChunks[HANDED_OVER] = command.chunks.map((buffer) => new Uint8Array(buffer));
      rankedChunks = levelChunks;
      rankPositions = new Float64Array(command.positions);
      rankEntries = new Int32Array(command.entries);
      return reply({ type: "adopted" });
    }
    case "dump": {
      const parents = new Int32Array(size);
      const steps = new Int32Array(size);
      for (let local = 0; local < size; local++) {
        parents[local] = links.parent(local);
        steps[local] = links.step(local);
      }
      return reply({
        type: "dumped",
        numbers: numbers.slice(0, size),
        parents,
        steps,
        roots: roots.slice(),
      });
    }
    case "frontier": {
      const frontier = new StateQueue();
      for (let r = 0; r < rankPositions.length; r++) {
        const packed = rankPositions[r]!;
        const position = Math.floor(packed / OWNERS);
        const state = reader.read(rankedChunks[packed - position * OWNERS]!, position);
        frontier.push(state, state.length);
      }
      const saved = frontier.save();
      return reply({ type: "frontier", bytes: saved.bytes, length: saved.length });
    }
    case "entry": {
      const local = command.local;
      const entryParent = links.parent(local);
      return reply({
        type: "entry",
        root: entryParent < 0 ? [roots[2 * local]!, roots[2 * local + 1]!] : null,
        parent: entryParent,
        step: links.step(local),
      });
    }
  }
}

/**
 * Expands this worker's stretch of the level's ranks (worker 0 makes the initial states when
 * `level` is 0), then waits until every worker is done.
 */
function expand(
  level: number,
  firstRanks: readonly number[],
  last: boolean,
  degreesBuffer: SharedArrayBuffer,
): void {
  const started = performance.now();
  degrees = new Float64Array(degreesBuffer);
  depth = level;
  lastLevel = last;
  generated = 0;
  storedTotal += stored;
  stored = 0;
  unstoredKey = -1;
  step = null;
  violators = [];
  newStart = size;
  arena.restart();
  // A handover may have grown the table before the search began.
  table.refresh();

  if (level === 0) {
    // The initial states, as successors of a virtual root of rank 0, found by worker 0.
    if (id === 0) {
      current = null;
      parentRank = 0;
      parent = -1;
      emitted = 0;
      for (const initial of system.initialStates()) emit(-1, initial.slice(), initial.length);
      record();
      degrees[0] = emitted;
      generatedTotal += emitted;
    }
  } else {
    const first = firstRanks[id]!;
    const end = firstRanks[id + 1]!;
    for (let r = first; r < end; r++) {
      // Not `packed % OWNERS`: on a double that is a call to fmod, dearer than this.
      const packed = rankPositions[r]!;
      const position = Math.floor(packed / OWNERS);
      const owner = packed - position * OWNERS;
      const state = reader.read(levelChunks[owner]!, position);
      current = state;
      parent = rankEntries[r]!;
      parentRank = r;
      emitted = 0;
      checkRenaming?.(state);
      system.successors(state, emit);
      record();
      degrees[r] = emitted;
      generated += emitted;
      generatedTotal += emitted;
      expandedTotal++;
      if (pacer.tick()) {
        publish(end - r - 1);
        if (++polls % 64 === 0 && outOfHeap()) {
          Atomics.compareExchange(control, Control.stop, StopReason.none, StopReason.memory);
        }
        // Leave the rest of the level unexpanded: the search ends after this phase.
        if (Atomics.load(control, Control.stop) !== StopReason.none) break;
      }
    }
  }
  // The level's states are read: drop them, and hand this worker's new ones to the others.
  levelChunks = owners();
  const chunks = arena.buffers;
  peers.forEach((port, w) => {
    port?.postMessage({ depth, chunks, taken: taken[w] } satisfies LevelEnd);
    taken[w] = [];
  });
  // Wait for every worker, taking part in the table's growth meanwhile (only a worker still
  // expanding asks for it: this one's inserts are counted before it says it is done).
  publish(0);
  const busy = performance.now() - started;
  const done = Atomics.add(control, Control.finished, 1) + 1;
  for (let seen = done; seen < count; seen = Atomics.load(control, Control.finished)) {
    if (table.growing) table.standStill();
    Atomics.wait(control, Control.finished, seen, 1);
  }
  reply({ type: "expanded", generated, stored, unstored: unstoredKey, step, busy });
}

/** On the last level: notes successor k's key if it is not stored (the search cannot end). */
function unstored(k: number): void {
  const key = parentRank * KEY_SPAN + k;
  if (unstoredKey >= 0 && key >= unstoredKey) return;
  if (table.lookup(batch.hi[k]!, batch.lo[k]!) < 0) unstoredKey = key;
}

/**
 * Successor k, after an insert that did not find it stored by this worker or in an earlier
 * level: a new entry if it is new, or if it is taken over.
 */
function fresh(k: number, inserted: number): void {
  const hi = batch.hi[k]!;
  const lo = batch.lo[k]!;
  const mine = packParent(size, id);
  while (inserted === FULL) {
    table.growNow();
    inserted = table.insert(hi, lo, mine);
  }
  if (inserted === 1) {
    stored++;
    add(hi, lo, k);
    return;
  }
  // Found. A worker of a higher number expands higher ranks, so if it found the state in this
  // level, this worker's key is smaller: the entry becomes this worker's, and the other is told
  // at the end of the level.
  let ref = table.found;
  const at = table.foundAt;
  for (;;) {
    const owner = parentWorker(ref);
    if (owner <= id || parentLocal(ref) < levelStarts[owner]!) return;
    if (table.replace(at, ref, mine)) {
      taken[owner]!.push(parentLocal(ref));
      add(hi, lo, k);
      return;
    }
    ref = table.reference(at);
  }
}

/** A new entry for this worker: the batch's successor k, found or taken over. */
function add(hi: number, lo: number, k: number): void {
  const state = batch.state(k);
  const local = size++;
  if (local >= MAX_ENTRIES) throw new Error(`a worker keeps at most ${MAX_ENTRIES} states`);
  links.append(parent, k);
  if (keepNumbers) {
    if (local === numbers.length) numbers = grown(numbers);
    numbers[local] = -1;
  }
  if (parent < 0) roots.push(hi, lo);
  const j = local - newStart;
  if (j === keys.length) {
    keys = grown(keys);
    positions = grown(positions);
  }
  keys[j] = parentRank * KEY_SPAN + k;
  positions[j] = arena.push(state, state.length);
  for (let i = 0; i < invariants.length; i++) {
    if (!invariants[i]!.holds(state)) {
      violators.push(local, i);
      break;
    }
  }
}

/**
 * Keeps the entries the table still points to (another worker may have taken one over), turns
 * their keys into transition numbers and marks those in the shared bitset.
 */
function mark(bitsBuffer: SharedArrayBuffer): void {
  bits = new Int32Array(bitsBuffer);
  const n = size - newStart;
  if (alive.length < n) alive = new Uint8Array(Math.max(n, 2 * alive.length));
  alive.fill(1, 0, n);
  // What each other worker says it took over, and where it wrote the level's new states (each
  // posted that before it replied "expanded").
  levelChunks[id] = arena.buffers.map((buffer) => new Uint8Array(buffer));
  peers.forEach((port, w) => {
    if (port === null) return;
    for (;;) {
      const received = receiveMessageOnPort(port);
      if (received === undefined) throw new Error(`worker ${w}'s states did not arrive`);
      const message = received.message as LevelEnd;
      if (message.depth !== depth) continue;
      levelChunks[w] = message.chunks.map((buffer) => new Uint8Array(buffer));
      for (const local of message.taken) alive[local - newStart] = 0;
      break;
    }
  });
  for (let j = 0; j < n; j++) {
    if (alive[j] === 0) continue;
    const t = transition(degrees, keys[j]!);
    keys[j] = t;
    Atomics.or(bits, t >>> 5, 1 << (t & 31));
  }
  let state: { t: number; invariant: string; local: number } | null = null;
  for (let i = 0; i < violators.length; i += 2) {
    const local = violators[i]!;
    const j = local - newStart;
    if (alive[j] === 0) continue;
    const t = keys[j]!;
    if (state === null || t < state.t) {
      state = { t, invariant: invariants[violators[i + 1]!]!.id, local };
    }
  }
  reply({ type: "marked", state });
}

/**
 * Each kept entry's rank in the next level, from the set bits before its transition; by rank,
 * where its state is and which entry it is, for the next level's expansion.
 */
function rank(
  beforeBuffer: SharedArrayBuffer,
  cut: number,
  base: number,
  positionsBuffer: SharedArrayBuffer,
  entriesBuffer: SharedArrayBuffer,
): void {
  const before = new Int32Array(beforeBuffer);
  rankPositions = new Float64Array(positionsBuffer);
  rankEntries = new Int32Array(entriesBuffer);
  const n = size - newStart;
  let cutAt = -1;
  for (let j = 0; j < n; j++) {
    if (alive[j] === 0) continue;
    const t = keys[j]!;
    const word = t >>> 5;
    const below = bits[word]! & ((1 << (t & 31)) - 1);
    const place = before[word]! + popcount(below);
    rankPositions[place] = positions[j]! * OWNERS + id;
    rankEntries[place] = packParent(newStart + j, id);
    if (keepNumbers) numbers[newStart + j] = base + place;
    if (place === cut) cutAt = t;
  }
  rankedChunks = levelChunks;
  // Entries made from here on belong to the next level.
  Atomics.store(levelStarts, id, size);
  reply({ type: "ranked", cutAt });
}

/** Progress counters for the coordinator, and the table's growth if it is due. */
function publish(queued: number): void {
  table.publish();
  if (table.growing) table.standStill();
  const base = id * COUNTERS_PER_WORKER;
  counters[base] = storedTotal + stored;
  counters[base + 1] = generatedTotal;
  counters[base + 2] = queued + size - newStart;
}

/** Per owner: no chunks. */
function owners(): Uint8Array[][] {
  return Array.from({ length: OWNERS }, () => []);
}

/** True if this worker's heap is nearly full. */
function outOfHeap(): boolean {
  const heap = getHeapStatistics();
  return heap.used_heap_size > 0.9 * heap.heap_size_limit;
}

Atomics.add(control, Control.ready, 1);
reply({ type: "ready", initial: system.initialStates().length });
parentPort!.on("message", (command: Command) => {
  try {
    handle(command);
  } catch (error) {
    reply({ type: "failed", ...thrownError(error) });
  }
});
