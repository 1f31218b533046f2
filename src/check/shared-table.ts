/**
 * The visited set of a parallel search: one open-addressing table of 64-bit fingerprints in
 * shared memory, which every worker reads and inserts into at once.
 *
 * A slot is three words: the fingerprint's two halves and a reference to the state's entry (which
 * worker keeps its parent, action and discovery key, and under which number). A slot whose first
 * word is 0 is empty. A worker claims an empty slot by a compare-and-swap on that word, then
 * writes the reference, then the second half: a reader that meets a slot whose second half is
 * still 0 waits the few instructions until it is written. Fingerprint halves that are 0 are
 * stored as 1, so that 0 can mean "empty" and "being written".
 *
 * The table doubles in place, inside a growable SharedArrayBuffer (typed arrays of a fixed
 * length over it index as fast as over any other buffer, in Node 20). Growing moves entries, so
 * every worker must stand still: a worker that finds the table half full asks for it, each
 * worker stops at its next safe point (between two states, or while waiting at the end of a
 * level), and the last to stop grows the buffer, faults its new pages in and cuts the old slots
 * into parts; then every worker moves parts' entries until none is left.
 */

/** Words of a slot: hi, lo, reference. */
const STRIDE = 3;
/** Slots after the last home slot, where probes that reach the end go on. */
const OVERFLOW_SLOTS = 1 << 12;
/** Home slots of a new table: enough that the slack between two checks of the load fits. */
const FIRST_BITS = 16;
/** The most home slots: 2^28 (about 130 million states at half load). */
const MAX_BITS = 28;

/** Words of the control array. */
const Word = {
  /** log2 of the home slots. */
  bits: 0,
  /** 1 while a worker has asked the table to grow. */
  grow: 1,
  /** Workers standing still for the growth. */
  paused: 2,
  /** Bumped after each growth. */
  epoch: 3,
  /** Slots in use, as last published by the workers (see {@link SharedTable.publish}). */
  occupied: 4,
  /** 1 while the workers move the entries of a growth's parts. */
  moving: 5,
  /** Parts of the growth taken by a worker so far. */
  partsTaken: 6,
  /** Workers done with the growth's parts, the one that grows the table aside. */
  helped: 7,
  /** log2 of the most home slots the table may grow to. */
  maxBits: 8,
} as const;
const CONTROL_WORDS = 9;
/** Words of a memory page (4 KiB). */
const PAGE_WORDS = 1024;
/** Old home slots per part of a growth; the workers move the parts' entries at once. */
const PART_SLOTS = 1 << 16;

/** What a worker needs to attach to the table: its slots and its control words. */
export interface SharedTableBuffers {
  readonly slots: SharedArrayBuffer;
  readonly control: SharedArrayBuffer;
  /** Int32Array: where each part of a growth begins (and the old size, last). */
  readonly parts: SharedArrayBuffer;
}

/** `insert` found no free slot before the end of the table: grow it and try again. */
export const FULL = -2;

/** A fingerprint's home slot (both halves already made nonzero). */
const home = (hi: number, lo: number, mask: number): number =>
  (lo ^ Math.imul(hi, 0x9e3779b1)) & mask;

const bytesFor = (bits: number): number => ((1 << bits) + OVERFLOW_SLOTS) * STRIDE * 4;

export class SharedTable {
  private slots: Int32Array;
  private mask = 0;
  private limit = 0;
  private readonly control: Int32Array;
  /** Inserts by this worker not yet added to the shared count of slots in use. */
  private unpublished = 0;
  /** After an `insert` that found the state: the slot's reference, and where it is. */
  found = 0;
  foundAt = 0;
  /** The last prefetch's reads, combined: kept, so that they are not optimised away. */
  prefetched = 0;

  /** A new, empty table's buffers; it may grow to 2^`maxBits` home slots. */
  static create(maxBits = MAX_BITS): SharedTableBuffers {
    const control = new Int32Array(new SharedArrayBuffer(4 * CONTROL_WORDS));
    control[Word.bits] = FIRST_BITS;
    control[Word.maxBits] = maxBits;
    return {
      slots: new SharedArrayBuffer(bytesFor(FIRST_BITS), { maxByteLength: bytesFor(maxBits) }),
      control: control.buffer as SharedArrayBuffer,
      parts: new SharedArrayBuffer(4 * ((1 << maxBits) / PART_SLOTS + 1)),
    };
  }

  /** Attaches to a table, as one of `parties` workers that all take part in its growth. */
  constructor(
    private readonly buffers: SharedTableBuffers,
    private readonly parties: number,
  ) {
    this.control = new Int32Array(buffers.control);
    this.slots = new Int32Array(0);
    this.attach();
  }

  /**
   * Inserts a fingerprint with the reference `ref`. Returns 1 if it is new, 0 if it was there
   * (its reference is then in `found`, and the word holding it at `slots[foundAt]`), or
   * {@link FULL}.
   */
  insert(hi: number, lo: number, ref: number): number {
    hi = hi | 0 || 1;
    lo = lo | 0 || 1;
    const { slots, limit } = this;
    let slot = home(hi, lo, this.mask);
    for (;;) {
      const at = slot * STRIDE;
      let h = slots[at]!;
      if (h === 0) {
        h = Atomics.compareExchange(slots, at, 0, hi);
        if (h === 0) {
          Atomics.store(slots, at + 2, ref);
          Atomics.store(slots, at + 1, lo);
          this.unpublished++;
          return 1;
        }
      }
      if (h === hi && this.lowHalf(at) === lo) {
        // A plain read: the reference was written before the second half, and a reference
        // replaced since is seen by the compare-and-swap of `replace`.
        this.found = slots[at + 2]!;
        this.foundAt = at + 2;
        return 0;
      }
      if (++slot === limit) return FULL;
    }
  }

  /**
   * Reads the slots where lookups of `n` fingerprints will start, so that the processor fetches
   * them together (see successor-batch.ts).
   */
  prefetch(his: Uint32Array, los: Uint32Array, n: number): void {
    const { slots, mask } = this;
    let seen = 0;
    for (let k = 0; k < n; k++) {
      const hi = his[k]! | 0 || 1;
      const lo = los[k]! | 0 || 1;
      seen ^= slots[home(hi, lo, mask) * STRIDE]!;
    }
    this.prefetched = seen;
  }

  /** The reference stored with a fingerprint, or -1 if it is not in the table. */
  lookup(hi: number, lo: number): number {
    hi = hi | 0 || 1;
    lo = lo | 0 || 1;
    const { slots, limit } = this;
    let slot = home(hi, lo, this.mask);
    for (;;) {
      const at = slot * STRIDE;
      const h = slots[at]!;
      if (h === 0) return -1;
      if (h === hi && this.lowHalf(at) === lo) return Atomics.load(slots, at + 2);
      if (++slot === limit) return -1;
    }
  }

  /** Replaces the reference at `foundAt` if it is still `expected`; true if it was replaced. */
  replace(at: number, expected: number, ref: number): boolean {
    return Atomics.compareExchange(this.slots, at, expected, ref) === expected;
  }

  /** The reference at `at` (a `foundAt`). */
  reference(at: number): number {
    return Atomics.load(this.slots, at);
  }

  /** A slot's second half, once the worker that claimed the slot has written it. */
  private lowHalf(at: number): number {
    let lo = this.slots[at + 1]!;
    while (lo === 0) lo = Atomics.load(this.slots, at + 1);
    return lo;
  }

  /**
   * Adds this worker's inserts to the shared count, and asks for growth if the table is half
   * full. Called at safe points; then call {@link standStill} if {@link growing}.
   */
  publish(): void {
    const occupied = Atomics.add(this.control, Word.occupied, this.unpublished) + this.unpublished;
    this.unpublished = 0;
    if (occupied * 2 > this.mask + 1) Atomics.store(this.control, Word.grow, 1);
  }

  /** True if a worker has asked the table to grow: every worker must {@link standStill}. */
  get growing(): boolean {
    return Atomics.load(this.control, Word.grow) === 1;
  }

  /** Asks for growth (after `insert` returned {@link FULL}) and stands still for it. */
  growNow(): void {
    Atomics.store(this.control, Word.grow, 1);
    this.standStill();
  }

  /**
   * Waits at a safe point (no insert of this worker half done) while the table grows; the last
   * worker to arrive grows it.
   */
  standStill(): void {
    const { control } = this;
    const epoch = Atomics.load(control, Word.epoch);
    if (Atomics.load(control, Word.grow) === 0) return;
    if (Atomics.add(control, Word.paused, 1) === this.parties - 1) {
      this.double();
      Atomics.store(control, Word.paused, 0);
      Atomics.store(control, Word.grow, 0);
      Atomics.add(control, Word.epoch, 1);
      Atomics.notify(control, Word.epoch);
    } else {
      // Take part in the moves, then wait for the growth to end.
      while (Atomics.load(control, Word.moving) === 0) Atomics.wait(control, Word.moving, 0);
      this.moveParts();
      Atomics.add(control, Word.helped, 1);
      Atomics.notify(control, Word.helped);
      while (Atomics.load(control, Word.epoch) === epoch) {
        Atomics.wait(control, Word.epoch, epoch);
      }
    }
    this.attach();
  }

  /**
   * Grows the table until `states` fit at half load. Before fingerprints are copied in from
   * another table with the same hash (in its slot order): copied into a smaller table, they
   * would wrap around it in runs, and the clusters they leave make every later probe long.
   */
  reserve(states: number): void {
    while (this.mask + 1 < 2 * states) this.growNow();
  }

  /** Views the table at its size, if another thread grew it while this one was not searching. */
  refresh(): void {
    if (Atomics.load(this.control, Word.bits) !== Math.log2(this.mask + 1)) this.attach();
  }

  /** Calls `visit` with each fingerprint and its reference (while no worker inserts). */
  forEach(visit: (hi: number, lo: number, ref: number) => void): void {
    this.refresh();
    const { slots } = this;
    for (let at = 0; at < this.limit * STRIDE; at += STRIDE) {
      if (slots[at] !== 0) visit(slots[at]! >>> 0, slots[at + 1]! >>> 0, slots[at + 2]!);
    }
  }

  /** Bytes of the table. */
  get bytes(): number {
    return this.buffers.slots.byteLength;
  }

  /** Views the table at its current size. */
  private attach(): void {
    const bits = Atomics.load(this.control, Word.bits);
    const capacity = 1 << bits;
    this.slots = new Int32Array(this.buffers.slots, 0, (capacity + OVERFLOW_SLOTS) * STRIDE);
    this.mask = capacity - 1;
    this.limit = capacity + OVERFLOW_SLOTS;
  }

  /**
   * Doubles the home slots in place (every other worker stands still, and helps). The old slots
   * are cut into parts at empty slots: no run of entries crosses one, so each part's entries
   * move within the part or to the same part of the new upper half, and the workers move the
   * parts at once.
   */
  private double(): void {
    const control = this.control;
    const bits = Atomics.load(control, Word.bits);
    // As an allocation that failed: the search ends as its memory limit would, with its counts.
    const most = Atomics.load(control, Word.maxBits);
    if (bits >= most) {
      throw new RangeError(`out of memory: the shared state table is full (2^${most} slots)`);
    }
    this.buffers.slots.grow(bytesFor(bits + 1));
    const capacity = 1 << bits;
    const slots = new Int32Array(this.buffers.slots, 0, (2 * capacity + OVERFLOW_SLOTS) * STRIDE);
    // The overflow's entries are set aside, and the slots they held (now the start of the upper
    // half) emptied.
    const aside: number[] = [];
    const end = (capacity + OVERFLOW_SLOTS) * STRIDE;
    for (let at = capacity * STRIDE; at < end; at += STRIDE) {
      if (slots[at] !== 0) aside.push(slots[at]!, slots[at + 1]!, slots[at + 2]!);
    }
    slots.fill(0, capacity * STRIDE, end);
    // The new pages, faulted in here: workers that fault in pages of one mapping at once slow
    // each other down.
    for (let at = end; at < slots.length; at += PAGE_WORDS) slots[at] = 0;
    // Each part begins at the first empty slot from a multiple of PART_SLOTS.
    const parts = new Int32Array(this.buffers.parts);
    const count = capacity / PART_SLOTS;
    parts[0] = 0;
    for (let k = 1; k < count; k++) {
      let slot = Math.max(k * PART_SLOTS, parts[k - 1]!);
      while (slot < capacity && slots[slot * STRIDE] !== 0) slot++;
      parts[k] = slot;
    }
    parts[count] = capacity;
    Atomics.store(control, Word.partsTaken, 0);
    Atomics.store(control, Word.helped, 0);
    Atomics.store(control, Word.moving, 1);
    Atomics.notify(control, Word.moving);
    this.moveParts();
    for (let helped = 0; helped < this.parties - 1; helped = Atomics.load(control, Word.helped)) {
      Atomics.wait(control, Word.helped, helped);
    }
    Atomics.store(control, Word.moving, 0);
    this.slots = slots;
    this.mask = 2 * capacity - 1;
    this.limit = 2 * capacity + OVERFLOW_SLOTS;
    for (let i = 0; i < aside.length; i += 3) {
      place(slots, this.mask, this.limit, aside[i]!, aside[i + 1]!, aside[i + 2]!);
    }
    Atomics.store(control, Word.bits, bits + 1);
  }

  /**
   * Moves the entries of the growth's parts, as many parts as this worker can take: each entry
   * to the first empty slot from its new home, taken in slot order (see StateStore.growTable for
   * why no probe breaks).
   */
  private moveParts(): void {
    const bits = Atomics.load(this.control, Word.bits);
    const capacity = 1 << bits;
    const slots = new Int32Array(this.buffers.slots, 0, (2 * capacity + OVERFLOW_SLOTS) * STRIDE);
    const mask = 2 * capacity - 1;
    const limit = 2 * capacity + OVERFLOW_SLOTS;
    const parts = new Int32Array(this.buffers.parts);
    const count = capacity / PART_SLOTS;
    for (;;) {
      const k = Atomics.add(this.control, Word.partsTaken, 1);
      if (k >= count) return;
      const last = parts[k + 1]!;
      for (let slot = parts[k]!; slot < last; slot++) {
        const at = slot * STRIDE;
        const hi = slots[at]!;
        if (hi === 0) continue;
        const lo = slots[at + 1]!;
        const ref = slots[at + 2]!;
        slots[at] = 0;
        slots[at + 1] = 0;
        slots[at + 2] = 0;
        place(slots, mask, limit, hi, lo, ref);
      }
    }
  }
}

/** Puts an entry in the first empty slot from its home (while the table grows). */
function place(
  slots: Int32Array,
  mask: number,
  limit: number,
  hi: number,
  lo: number,
  ref: number,
): void {
  let slot = home(hi, lo, mask);
  for (;;) {
    const at = slot * STRIDE;
    if (slots[at] === 0) {
      slots[at] = hi;
      slots[at + 1] = lo;
      slots[at + 2] = ref;
      return;
    }
    if (++slot === limit) throw new Error("state table: no free slot while growing");
  }
}
