/**
 * One worker of a parallel search (see parallel-protocol.ts for the phases). All workers share
 * one table of fingerprints (shared-table.ts) and insert into it directly; each expands a
 * stretch of the level's ranks, reading the states wherever the worker that found them wrote
 * them (level-arena.ts).
 */
import {
  parentPort,
  receiveMessageOnPort,
  workerData,
  type MessagePort,
} from "node:worker_threads";
import { getHeapStatistics } from "node:v8";
import { fingerprint, fingerprintOut } from "./fingerprint.ts";
import { ArenaReader, LevelArena } from "./level-arena.ts";
import { SuccessorBatch } from "./successor-batch.ts";
import { FULL, SharedTable, type SharedTableBuffers } from "./shared-table.ts";
import type { TransitionSystem } from "./transition-system.ts";
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
  transition,
  type Command,
  type Reply,
  type StepViolationReport,
  type WorkerRecipe,
} from "./parallel-protocol.ts";

interface Setup {
  readonly id: number;
  readonly count: number;
  readonly recipe: WorkerRecipe;
  /** Ports to the other workers, indexed by worker (null for this one). */
  readonly peers: (MessagePort | null)[];
  readonly control: SharedArrayBuffer;
  /** Float64Array: per worker, states stored, generated and queued (for progress). */
  readonly counters: SharedArrayBuffer;
  readonly table: SharedTableBuffers;
  /**
   * Int32Array: per owner, the number of its first entry of the level being found (the states
   * handed over never are: MAX_ENTRIES).
   */
  readonly levelStarts: SharedArrayBuffer;
}

const setup = workerData as Setup;
const { id, count, peers } = setup;
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

/** How often (in states expanded) to publish progress, check for a stop and let the table grow. */
const POLL_EVERY = 256;

async function main(): Promise<void> {
  const module = (await import(setup.recipe.module)) as {
    buildWorkerSystem(data: unknown): TransitionSystem | Promise<TransitionSystem>;
  };
  const system = await module.buildWorkerSystem(setup.recipe.data);
  const search = new WorkerSearch(system);
  reply({ type: "ready", initial: system.initialStates().length });
  parentPort!.on("message", (command: Command) => {
    try {
      search.handle(command);
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      reply({ type: "failed", message: failure.message, stack: failure.stack ?? "" });
    }
  });
}

/**
 * A worker's entries: the states it found first at their smallest key (or took over from a
 * worker that found them at a larger one), numbered in the order it found them. Each keeps its
 * parent and action for good; while its level is being found and ranked, also its key and where
 * its words are.
 */
class WorkerSearch {
  private readonly table: SharedTable;
  private readonly arena = new LevelArena();
  private readonly reader = new ArenaReader();
  private readonly batch = new SuccessorBatch();
  /** Per worker: its entries of this level that this worker took over. */
  private taken: number[][] = peers.map(() => []);
  private readonly invariants;
  private readonly stepInvariants;
  private readonly canonicalize;
  private parents = new Int32Array(1024);
  private actions = new Int32Array(1024);
  /** Fingerprints of the entries without a parent (the initial states), in order. */
  private readonly roots: number[] = [];
  private size = 0;
  /** Number of this worker's first entry of the level being found; they follow it. */
  private newStart = 0;
  /** For the entries of this level (number − newStart): smallest key, then transition number. */
  private keys = new Float64Array(1024);
  /** For the entries of this level: their position in this worker's arena. */
  private positions = new Float64Array(1024);
  /** For the entries of this level, after `mark`: 0 if a lower worker took it over, else 1. */
  private alive = new Uint8Array(1024);
  /** The level being expanded: each worker's chunks, and by rank the state's place and entry. */
  private levelChunks: Uint8Array[][] = owners();
  private rankPositions: Float64Array<ArrayBufferLike> = new Float64Array(0);
  private rankEntries: Int32Array<ArrayBufferLike> = new Int32Array(0);
  /** Entries of this level that break an invariant: number, and the invariant's index. */
  private violators: number[] = [];
  private generated = 0;
  private stored = 0;
  private lastLevel = false;
  private unstoredKey = -1;
  private step: (Omit<StepViolationReport, "t"> & { key: number }) | null = null;
  private degrees: Float64Array<ArrayBufferLike> = new Float64Array(0);
  private bits: Int32Array<ArrayBufferLike> = new Int32Array(0);
  private storedTotal = 0;
  private expandedTotal = 0;
  private generatedTotal = 0;
  private depth = 0;
  /** The state being expanded (null for the virtual root), its rank and entry, and successors so far. */
  private current: Int32Array | null = null;
  private parentRank = 0;
  private parent = -1;
  private emitted = 0;

  /**
   * Receives a successor: gathered (canonical, fingerprinted) into the batch, whose slots are read
   * together and then looked up in order (`record`), as in the one-thread search. Made once: a
   * closure made anew for each level starts again unoptimised, and is not inlined where it is
   * called.
   */
  private readonly emit = (action: number, words: Int32Array, length: number): void => {
    const index = this.emitted++;
    const { stepInvariants, current } = this;
    if (stepInvariants !== undefined && current !== null) {
      const key = this.parentRank * KEY_SPAN + index;
      if (this.step === null || key < this.step.key) {
        for (const property of stepInvariants) {
          if (!property.holds(current, action, words, length)) {
            this.step = {
              key,
              invariant: property.id,
              from: this.parent,
              action,
              after: words.slice(0, length),
            };
            break;
          }
        }
      }
    }
    this.canonicalize?.(words, length);
    fingerprint(words, length);
    this.batch.add(action, fingerprintOut[0]!, fingerprintOut[1]!, words, length);
  };

  /**
   * Looks the batch's successors up, in order. Most were stored before (by this worker, or in an
   * earlier level): that path stays in this loop, and the rest go to {@link fresh}.
   */
  private record(): void {
    const { batch, table } = this;
    const n = batch.size;
    if (this.lastLevel) {
      for (let k = 0; k < n; k++) this.unstored(k);
    } else {
      table.prefetch(batch.hi, batch.lo, n);
      for (let k = 0; k < n; k++) {
        const inserted = table.insert(batch.hi[k]!, batch.lo[k]!, packParent(this.size, id));
        if (inserted !== 0 || parentWorker(table.found) > id) this.fresh(k, inserted);
      }
    }
    batch.clear();
  }

  constructor(private readonly system: TransitionSystem) {
    this.table = new SharedTable(setup.table, count);
    this.invariants = system.invariants;
    this.stepInvariants =
      system.stepInvariants !== undefined && system.stepInvariants.length > 0
        ? system.stepInvariants
        : undefined;
    this.canonicalize = system.canonicalize?.bind(system);
  }

  handle(command: Command): void {
    switch (command.type) {
      case "expand":
        return this.expand(command.depth, command.levelSize, command.lastLevel, command.degrees);
      case "mark":
        return this.mark(command.bits);
      case "rank":
        return this.rank(command.before, command.cut, command.positions, command.entries);
      case "adopt": {
        this.levelChunks[HANDED_OVER] = command.chunks.map((buffer) => new Uint8Array(buffer));
        this.rankPositions = new Float64Array(command.positions);
        this.rankEntries = new Int32Array(command.entries);
        return reply({ type: "adopted" });
      }
      case "entry": {
        const local = command.local;
        const parent = this.parents[local]!;
        return reply({
          type: "entry",
          root: parent < 0 ? [this.roots[2 * local]!, this.roots[2 * local + 1]!] : null,
          parent,
          action: this.actions[local]!,
        });
      }
    }
  }

  /**
   * Expands this worker's stretch of the level's ranks (worker 0 makes the initial states when
   * `depth` is 0), then waits until every worker is done.
   */
  private expand(
    depth: number,
    levelSize: number,
    lastLevel: boolean,
    degrees: SharedArrayBuffer,
  ): void {
    this.degrees = new Float64Array(degrees);
    this.depth = depth;
    this.lastLevel = lastLevel;
    this.generated = 0;
    this.storedTotal += this.stored;
    this.stored = 0;
    this.unstoredKey = -1;
    this.step = null;
    this.violators = [];
    this.newStart = this.size;
    this.arena.restart();
    // A handover may have grown the table before the search began.
    this.table.refresh();
    const { system, table } = this;

    if (depth === 0) {
      // The initial states, as successors of a virtual root of rank 0, found by worker 0.
      if (id === 0) {
        this.current = null;
        this.parentRank = 0;
        this.parent = -1;
        this.emitted = 0;
        for (const initial of system.initialStates())
          this.emit(-1, initial.slice(), initial.length);
        this.record();
        this.degrees[0] = this.emitted;
        this.generatedTotal += this.emitted;
      }
    } else {
      const stopped = (): boolean => Atomics.load(control, Control.stop) !== StopReason.none;
      const first = Math.floor((levelSize * id) / count);
      const end = Math.floor((levelSize * (id + 1)) / count);
      const { rankPositions, rankEntries, levelChunks, reader } = this;
      for (let r = first; r < end; r++) {
        // Not `packed % OWNERS`: on a double that is a call to fmod, dearer than this.
        const packed = rankPositions[r]!;
        const position = Math.floor(packed / OWNERS);
        const owner = packed - position * OWNERS;
        const state = reader.read(levelChunks[owner]!, position);
        this.current = state;
        this.parent = rankEntries[r]!;
        this.parentRank = r;
        this.emitted = 0;
        system.successors(state, this.emit);
        this.record();
        const emitted = this.emitted;
        this.degrees[r] = emitted;
        this.generated += emitted;
        this.generatedTotal += emitted;
        if (++this.expandedTotal % POLL_EVERY === 0) {
          this.publish(end - r - 1);
          if (this.expandedTotal % (POLL_EVERY * 64) === 0 && outOfHeap()) {
            Atomics.compareExchange(control, Control.stop, StopReason.none, StopReason.memory);
          }
          // Leave the rest of the level unexpanded: the search ends after this phase.
          if (stopped()) break;
        }
      }
    }
    // The level's states are read: drop them, and hand this worker's new ones to the others.
    this.levelChunks = owners();
    const chunks = this.arena.buffers;
    peers.forEach((port, w) => {
      port?.postMessage({ depth, chunks, taken: this.taken[w] } satisfies LevelEnd);
      this.taken[w] = [];
    });
    // Wait for every worker, taking part in the table's growth meanwhile (only a worker still
    // expanding asks for it: this one's inserts are counted before it says it is done).
    this.publish(0);
    const done = Atomics.add(control, Control.finished, 1) + 1;
    for (let seen = done; seen < count; seen = Atomics.load(control, Control.finished)) {
      if (table.growing) table.standStill();
      Atomics.wait(control, Control.finished, seen, 1);
    }
    reply({
      type: "expanded",
      generated: this.generated,
      stored: this.stored,
      unstored: this.unstoredKey,
      step: this.step,
    });
  }

  /** On the last level: notes successor k's key if it is not stored (the search cannot end). */
  private unstored(k: number): void {
    const key = this.parentRank * KEY_SPAN + k;
    if (this.unstoredKey >= 0 && key >= this.unstoredKey) return;
    if (this.table.lookup(this.batch.hi[k]!, this.batch.lo[k]!) < 0) this.unstoredKey = key;
  }

  /**
   * Successor k, after an insert that did not find it stored by this worker or in an earlier
   * level: a new entry if it is new, or if it is taken over.
   */
  private fresh(k: number, inserted: number): void {
    const { batch, table } = this;
    const hi = batch.hi[k]!;
    const lo = batch.lo[k]!;
    const mine = packParent(this.size, id);
    while (inserted === FULL) {
      table.growNow();
      inserted = table.insert(hi, lo, mine);
    }
    if (inserted === 1) {
      this.stored++;
      this.add(hi, lo, k);
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
        this.taken[owner]!.push(parentLocal(ref));
        this.add(hi, lo, k);
        return;
      }
      ref = table.reference(at);
    }
  }

  /** A new entry for this worker: the batch's successor k, found or taken over. */
  private add(hi: number, lo: number, k: number): void {
    const { batch, parent } = this;
    const action = batch.actions[k]!;
    const state = batch.state(k);
    const local = this.size++;
    if (local >= MAX_ENTRIES) throw new Error(`a worker keeps at most ${MAX_ENTRIES} states`);
    if (local === this.parents.length) {
      this.parents = grown(this.parents);
      this.actions = grown(this.actions);
    }
    this.parents[local] = parent;
    this.actions[local] = action;
    if (parent < 0) this.roots.push(hi, lo);
    const j = local - this.newStart;
    if (j === this.keys.length) {
      this.keys = grown(this.keys);
      this.positions = grown(this.positions);
    }
    this.keys[j] = this.parentRank * KEY_SPAN + k;
    this.positions[j] = this.arena.push(state, state.length);
    for (let k = 0; k < this.invariants.length; k++) {
      if (!this.invariants[k]!.holds(state)) {
        this.violators.push(local, k);
        break;
      }
    }
  }

  /**
   * Keeps the entries the table still points to (another worker may have taken one over), turns
   * their keys into transition numbers and marks those in the shared bitset.
   */
  private mark(bitsBuffer: SharedArrayBuffer): void {
    const bits = new Int32Array(bitsBuffer);
    this.bits = bits;
    const { degrees, keys } = this;
    const n = this.size - this.newStart;
    if (this.alive.length < n) this.alive = new Uint8Array(Math.max(n, 2 * this.alive.length));
    this.alive.fill(1, 0, n);
    // What each other worker says it took over, and where it wrote the level's new states (each
    // posted that before it replied "expanded").
    this.levelChunks[id] = this.arena.buffers.map((buffer) => new Uint8Array(buffer));
    peers.forEach((port, w) => {
      if (port === null) return;
      for (;;) {
        const received = receiveMessageOnPort(port);
        if (received === undefined) throw new Error(`worker ${w}'s states did not arrive`);
        const message = received.message as LevelEnd;
        if (message.depth !== this.depth) continue;
        this.levelChunks[w] = message.chunks.map((buffer) => new Uint8Array(buffer));
        for (const local of message.taken) this.alive[local - this.newStart] = 0;
        break;
      }
    });
    for (let j = 0; j < n; j++) {
      if (this.alive[j] === 0) continue;
      const t = transition(degrees, keys[j]!);
      keys[j] = t;
      Atomics.or(bits, t >>> 5, 1 << (t & 31));
    }
    let state: { t: number; invariant: string; local: number } | null = null;
    for (let i = 0; i < this.violators.length; i += 2) {
      const local = this.violators[i]!;
      const j = local - this.newStart;
      if (this.alive[j] === 0) continue;
      const t = keys[j]!;
      if (state === null || t < state.t) {
        state = { t, invariant: this.invariants[this.violators[i + 1]!]!.id, local };
      }
    }
    reply({ type: "marked", state });
  }

  /**
   * Each kept entry's rank in the next level, from the set bits before its transition; by rank,
   * where its state is and which entry it is, for the next level's expansion.
   */
  private rank(
    beforeBuffer: SharedArrayBuffer,
    cut: number,
    positionsBuffer: SharedArrayBuffer,
    entriesBuffer: SharedArrayBuffer,
  ): void {
    const before = new Int32Array(beforeBuffer);
    const rankPositions = new Float64Array(positionsBuffer);
    const rankEntries = new Int32Array(entriesBuffer);
    const { bits, keys } = this;
    const n = this.size - this.newStart;
    let cutAt = -1;
    for (let j = 0; j < n; j++) {
      if (this.alive[j] === 0) continue;
      const t = keys[j]!;
      const word = t >>> 5;
      const below = bits[word]! & ((1 << (t & 31)) - 1);
      const rank = before[word]! + popcount(below);
      rankPositions[rank] = this.positions[j]! * OWNERS + id;
      rankEntries[rank] = packParent(this.newStart + j, id);
      if (rank === cut) cutAt = t;
    }
    this.rankPositions = rankPositions;
    this.rankEntries = rankEntries;
    // Entries made from here on belong to the next level.
    Atomics.store(levelStarts, id, this.size);
    reply({ type: "ranked", cutAt });
  }

  /** Progress counters for the coordinator, and the table's growth if it is due. */
  private publish(queued: number): void {
    this.table.publish();
    if (this.table.growing) this.table.standStill();
    const base = id * COUNTERS_PER_WORKER;
    counters[base] = this.storedTotal + this.stored;
    counters[base + 1] = this.generatedTotal;
    counters[base + 2] = queued + this.size - this.newStart;
  }
}

/** Per owner: no chunks. */
function owners(): Uint8Array[][] {
  return Array.from({ length: OWNERS }, () => []);
}

/** A copy twice as long. */
function grown<T extends Int32Array | Float64Array>(array: T): T {
  const copy = new (array.constructor as new (length: number) => T)(array.length * 2);
  copy.set(array);
  return copy;
}

function outOfHeap(): boolean {
  const heap = getHeapStatistics();
  return heap.used_heap_size > 0.9 * heap.heap_size_limit;
}

await main();
