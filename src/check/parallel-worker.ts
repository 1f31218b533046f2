/**
 * One worker of a parallel search (see parallel-protocol.ts for the phases). It builds the same
 * system as the coordinator, owns the states whose fingerprint falls in its share, and trades
 * successors with the other workers in batches over message ports.
 */
import {
  parentPort,
  receiveMessageOnPort,
  workerData,
  type MessagePort,
} from "node:worker_threads";
import { getHeapStatistics } from "node:v8";
import { fingerprint, fingerprintOut } from "./fingerprint.ts";
import { StateQueue } from "./state-queue.ts";
import { StateStore } from "./state-store.ts";
import type { TransitionSystem } from "./transition-system.ts";
import {
  Control,
  COUNTERS_PER_WORKER,
  KEY_SPAN,
  packParent,
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
  readonly exact: boolean;
  /** Ports to the other workers, indexed by worker (null for this one). */
  readonly peers: (MessagePort | null)[];
  readonly control: SharedArrayBuffer;
  /** Float64Array: per worker, states stored, generated and queued (for progress). */
  readonly counters: SharedArrayBuffer;
  /** One doorbell word per worker: bumped after each batch posted to it. */
  readonly doorbells: SharedArrayBuffer;
}

const setup = workerData as Setup;
const { id, count, peers } = setup;
const control = new Int32Array(setup.control);
const doorbells = new Int32Array(setup.doorbells);
const counters = new Float64Array(setup.counters);
const reply = (message: Reply): void => parentPort!.postMessage(message);

/** Words of a successor record before its state: length, hi, lo, parent rank, index, parent, action. */
const HEAD = 7;
const BATCH_WORDS = 1 << 16;
/** A batch whose first word is END closes the sender's level. */
const END = -1;
/** A batch whose first word is SPENT is a buffer sent back, read, for the sender to reuse. */
const SPENT = -2;

/** Slots of the table of fingerprints sent (see WorkerSearch.sent): 2^SENT_BITS. */
const SENT_BITS = 20;
const SENT_SLOTS = 1 << SENT_BITS;

/** How often (in states expanded) to read other workers' batches and check for a stop. */
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

class WorkerSearch {
  private readonly store: StateStore;
  private readonly queue = new StateQueue();
  private readonly invariants;
  private readonly stepInvariants;
  private readonly canonicalize;
  /** Local numbers of the level being expanded: [frontierStart, frontierEnd). */
  private frontierStart = 0;
  private frontierEnd = 0;
  /** Local number of the first state found at this level; they follow it. */
  private newStart = 0;
  /** Rank in the level of each state found (local number − newStart), then being expanded. */
  private ranks = new Int32Array(0);
  /** For the states found at this level (local number − newStart): smallest discovery key. */
  private keys = new Float64Array(1024);
  /** For the states found at this level: where the queue holds them. */
  private positions = new Float64Array(1024);
  /** The level being expanded: where the queue holds each state, and their order by rank. */
  private frontierPositions = new Float64Array(0);
  private frontierOrder = new Int32Array(0);
  /**
   * Fingerprints sent to other workers, direct-mapped (hi, lo): a state this worker already sent
   * is not sent again. States are expanded in rank order, so the first send of a state had the
   * smallest key this worker can give it, and a state sent in an earlier level is stored.
   */
  private readonly sent = new Int32Array(2 * SENT_SLOTS);
  /** New states that break an invariant: local number, and the invariant's index. */
  private violators: number[] = [];
  private outboxes: Int32Array[];
  private outboxUsed: number[];
  /** Per worker: buffers it sent back, to fill with the next batch for it. */
  private readonly spare: Int32Array[][] = peers.map(() => []);
  private endsSeen = 0;
  private generated = 0;
  private stored = 0;
  private lastLevel = false;
  private unstoredKey = -1;
  private step: (Omit<StepViolationReport, "t"> & { key: number }) | null = null;
  private degrees: Float64Array<ArrayBufferLike> = new Float64Array(0);
  private bits: Int32Array<ArrayBufferLike> = new Int32Array(0);
  private expandedTotal = 0;
  private generatedTotal = 0;

  constructor(private readonly system: TransitionSystem) {
    this.store = new StateStore({ exact: setup.exact, indexed: true });
    this.invariants = system.invariants;
    this.stepInvariants =
      system.stepInvariants !== undefined && system.stepInvariants.length > 0
        ? system.stepInvariants
        : undefined;
    this.canonicalize = system.canonicalize?.bind(system);
    this.outboxes = peers.map(() => new Int32Array(BATCH_WORDS));
    this.outboxUsed = peers.map(() => 1);
  }

  handle(command: Command): void {
    switch (command.type) {
      case "expand":
        return this.expand(command.depth, command.lastLevel, command.degrees);
      case "mark":
        return this.mark(command.bits);
      case "rank":
        return this.rank(command.before, command.cut);
      case "entry": {
        const { store } = this;
        const local = command.local;
        const parent = store.parent(local);
        return reply({
          type: "entry",
          root: parent < 0 ? store.rootFingerprint(local) : null,
          parent,
          action: store.action(local),
        });
      }
    }
  }

  /** Expands the level (the initial states when `depth` is 0) and trades successors. */
  private expand(depth: number, lastLevel: boolean, degrees: SharedArrayBuffer): void {
    this.degrees = new Float64Array(degrees);
    this.lastLevel = lastLevel;
    this.generated = 0;
    this.stored = 0;
    this.unstoredKey = -1;
    this.step = null;
    this.violators = [];
    this.endsSeen = 0;
    const { system, store, queue } = this;
    this.newStart = store.size;

    let rank = 0;
    let parent = -1;
    let emitted = 0;
    let current: Int32Array | null = null;
    const { stepInvariants, canonicalize } = this;
    const sent = this.sent;
    const emit = (action: number, words: Int32Array, length: number): void => {
      const index = emitted++;
      const key = rank * KEY_SPAN + index;
      if (stepInvariants !== undefined && current !== null) {
        if (this.step === null || key < this.step.key) {
          for (const property of stepInvariants) {
            if (!property.holds(current, action, words, length)) {
              this.step = {
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
      const hi = fingerprintOut[0]!;
      const lo = fingerprintOut[1]!;
      const owner = hi % count;
      if (owner === id) this.accept(hi, lo, rank, index, parent, action, words, 0, length);
      else if (depth > 0) {
        const slot = 2 * ((hi ^ Math.imul(lo, 0x85ebca6b)) >>> (32 - SENT_BITS));
        if (sent[slot] === (hi | 0) && sent[slot + 1] === (lo | 0)) return;
        sent[slot] = hi;
        sent[slot + 1] = lo;
        this.send(owner, hi, lo, rank, index, parent, action, words, length);
      }
    };

    if (depth === 0) {
      // The initial states, as successors of a virtual root of rank 0: every worker computes
      // them all and keeps its own; the coordinator counts them once, and so does worker 0's
      // progress.
      for (const initial of system.initialStates()) emit(-1, initial.slice(), initial.length);
      this.degrees[0] = emitted;
      if (id === 0) this.generatedTotal += emitted;
    } else {
      const stopped = (): boolean => Atomics.load(control, Control.stop) !== StopReason.none;
      // In rank order (see `sent`); the queue holds the level from `levelStart` on.
      const levelStart = queue.tail;
      const size = this.frontierEnd - this.frontierStart;
      for (let k = 0; k < size; k++) {
        const j = this.frontierOrder[k]!;
        const state = queue.peek(this.frontierPositions[j]!);
        current = state;
        parent = packParent(this.frontierStart + j, id);
        rank = this.ranks[j]!;
        emitted = 0;
        system.successors(state, emit);
        this.degrees[rank] = emitted;
        this.generated += emitted;
        this.generatedTotal += emitted;
        if (++this.expandedTotal % POLL_EVERY === 0) {
          this.drain();
          this.publish();
          if (this.expandedTotal % (POLL_EVERY * 64) === 0 && outOfHeap()) {
            Atomics.compareExchange(control, Control.stop, StopReason.none, StopReason.memory);
          }
          // Leave the rest of the level unexpanded: the search ends after this phase.
          if (stopped()) break;
        }
      }
      queue.release(levelStart, size);
    }
    // Close the level with every other worker, then take in what they sent.
    for (let w = 0; w < count; w++) {
      if (w === id) continue;
      this.flush(w);
      peers[w]!.postMessage(new Int32Array([END]));
      ring(w);
    }
    while (this.endsSeen < count - 1) {
      const seen = Atomics.load(doorbells, id);
      if (!this.drain()) Atomics.wait(doorbells, id, seen, 50);
    }
    this.publish();
    reply({
      type: "expanded",
      generated: this.generated,
      stored: this.stored,
      unstored: this.unstoredKey,
      step: this.step,
    });
  }

  /** Records a successor this worker owns: stores it if new, or lowers its key. */
  private accept(
    hi: number,
    lo: number,
    rank: number,
    index: number,
    parent: number,
    action: number,
    words: Int32Array,
    offset: number,
    length: number,
  ): void {
    const key = rank * KEY_SPAN + index;
    const { store } = this;
    // Only exact mode reads the words to compare states; otherwise a view is made only for a
    // new state (most successors are states already stored).
    const compared = offset === 0 || !store.exact ? words : words.subarray(offset, offset + length);
    if (this.lastLevel) {
      if (
        (this.unstoredKey < 0 || key < this.unstoredKey) &&
        !store.has(hi, lo, compared, length)
      ) {
        this.unstoredKey = key;
      }
      return;
    }
    const local = store.insert(hi, lo, parent, action, compared, length);
    const first = this.newStart;
    if (local >= 0) {
      const j = local - first;
      if (j === this.keys.length) {
        this.keys = doubled(this.keys);
        this.positions = doubled(this.positions);
      }
      this.keys[j] = key;
      this.stored++;
      const state = words.subarray(offset, offset + length);
      for (let k = 0; k < this.invariants.length; k++) {
        if (!this.invariants[k]!.holds(state)) {
          this.violators.push(local, k);
          break;
        }
      }
      this.positions[j] = this.queue.push(state, length);
    } else {
      const found = store.found;
      if (found >= first && key < this.keys[found - first]!) {
        this.keys[found - first] = key;
        store.relink(found, parent, action);
      }
    }
  }

  private send(
    owner: number,
    hi: number,
    lo: number,
    rank: number,
    index: number,
    parent: number,
    action: number,
    words: Int32Array,
    length: number,
  ): void {
    if (this.outboxUsed[owner]! + HEAD + length > BATCH_WORDS) this.flush(owner);
    if (HEAD + length + 1 > BATCH_WORDS) throw new Error("a state is too long for a batch");
    const box = this.outboxes[owner]!;
    let at = this.outboxUsed[owner]!;
    box[at] = length;
    box[at + 1] = hi;
    box[at + 2] = lo;
    box[at + 3] = rank;
    box[at + 4] = index;
    box[at + 5] = parent;
    box[at + 6] = action;
    at += HEAD;
    for (let i = 0; i < length; i++) box[at + i] = words[i]!;
    this.outboxUsed[owner] = at + length;
  }

  /** Sends the owner's batch: word 0 says how many words are used; the buffer is transferred. */
  private flush(owner: number): void {
    const used = this.outboxUsed[owner]!;
    if (used === 1) return;
    const box = this.outboxes[owner]!;
    box[0] = used;
    peers[owner]!.postMessage(box, [box.buffer as ArrayBuffer]);
    ring(owner);
    // Buffers go back and forth: a batch read is sent back to be filled again, so memory does
    // not wait for the collector to free a stream of spent buffers.
    this.outboxes[owner] = this.spare[owner]!.pop() ?? new Int32Array(BATCH_WORDS);
    this.outboxUsed[owner] = 1;
  }

  /** Takes in every batch waiting from other workers; false if there was none. */
  private drain(): boolean {
    let any = false;
    for (let w = 0; w < count; w++) {
      const port = peers[w];
      if (port === null || port === undefined) continue;
      for (;;) {
        const received = receiveMessageOnPort(port);
        if (received === undefined) break;
        any = true;
        const batch = received.message as Int32Array;
        if (batch.length === 1 && batch[0] === END) {
          this.endsSeen++;
          continue;
        }
        if (batch[0] === SPENT) {
          this.spare[w]!.push(batch);
          continue;
        }
        for (let at = 1, used = batch[0]!; at < used;) {
          const length = batch[at]!;
          this.accept(
            batch[at + 1]! >>> 0,
            batch[at + 2]! >>> 0,
            batch[at + 3]!,
            batch[at + 4]!,
            batch[at + 5]!,
            batch[at + 6]!,
            batch,
            at + HEAD,
            length,
          );
          at += HEAD + length;
        }
        batch[0] = SPENT;
        port.postMessage(batch, [batch.buffer as ArrayBuffer]);
      }
    }
    return any;
  }

  /** Turns each new state's key into its transition number and marks it in the shared bitset. */
  private mark(bitsBuffer: SharedArrayBuffer): void {
    const bits = new Int32Array(bitsBuffer);
    this.bits = bits;
    const { degrees, keys } = this;
    const n = this.store.size - this.newStart;
    for (let j = 0; j < n; j++) {
      const t = transition(degrees, keys[j]!);
      keys[j] = t;
      Atomics.or(bits, t >>> 5, 1 << (t & 31));
    }
    let state: { t: number; invariant: string; local: number } | null = null;
    for (let i = 0; i < this.violators.length; i += 2) {
      const local = this.violators[i]!;
      const t = keys[local - this.newStart]!;
      if (state === null || t < state.t) {
        state = { t, invariant: this.invariants[this.violators[i + 1]!]!.id, local };
      }
    }
    reply({ type: "marked", state });
  }

  /** Each new state's rank in the next level, from the set bits before its transition. */
  private rank(beforeBuffer: SharedArrayBuffer, cut: number): void {
    const before = new Int32Array(beforeBuffer);
    const { bits, keys } = this;
    const n = this.store.size - this.newStart;
    if (this.ranks.length < n) this.ranks = new Int32Array(Math.max(n, this.ranks.length * 2));
    let cutAt = -1;
    for (let j = 0; j < n; j++) {
      const t = keys[j]!;
      const word = t >>> 5;
      const below = bits[word]! & ((1 << (t & 31)) - 1);
      const rank = before[word]! + popcount(below);
      this.ranks[j] = rank;
      if (rank === cut) cutAt = t;
    }
    // The states found are the next level to expand, in rank order: ranks are distinct, so a
    // table over the ranks sorts them.
    let top = -1;
    for (let j = 0; j < n; j++) top = Math.max(top, this.ranks[j]!);
    const byRank = new Int32Array(top + 1).fill(-1);
    for (let j = 0; j < n; j++) byRank[this.ranks[j]!] = j;
    const order = new Int32Array(n);
    for (let r = 0, k = 0; r <= top; r++) if (byRank[r]! >= 0) order[k++] = byRank[r]!;
    this.frontierOrder = order;
    this.frontierPositions = this.positions.slice(0, n);
    this.frontierStart = this.newStart;
    this.frontierEnd = this.store.size;
    reply({ type: "ranked", cutAt });
  }

  /** Progress counters for the coordinator. */
  private publish(): void {
    const base = id * COUNTERS_PER_WORKER;
    counters[base] = this.store.size;
    counters[base + 1] = this.generatedTotal;
    counters[base + 2] = this.queue.length;
  }
}

/** A copy twice as long. */
function doubled(array: Float64Array): Float64Array<ArrayBuffer> {
  const grown = new Float64Array(array.length * 2);
  grown.set(array);
  return grown;
}

function ring(worker: number): void {
  Atomics.add(doorbells, worker, 1);
  Atomics.notify(doorbells, worker);
}

function outOfHeap(): boolean {
  const heap = getHeapStatistics();
  return heap.used_heap_size > 0.9 * heap.heap_size_limit;
}

await main();
