import { BackLinks, type SavedLinks } from "./back-links.ts";
import { collectGarbage } from "./collect.ts";
import { DiskFingerprints } from "./disk-fingerprints.ts";
import { PendingStates } from "./pending-states.ts";
import type { Spill } from "./spill.ts";

/** Slots after the last home slot, where probes that reach the end go on. */
const OVERFLOW_SLOTS = 1 << 12;
/** From this many home slots, the table lives in a reservation and doubles in place. */
const IN_PLACE_FROM = 1 << 18;
/**
 * A reservation has room for this many times the home slots it starts with: four doublings in
 * place, then a copy into the next. Pages of it never written cost no memory (the system gives
 * them on first use), but V8 counts it all as memory outside its heap, and a reservation much
 * bigger than the table made it collect garbage several times as often (a tenth slower on
 * `tla-2v-b2`, with a 4 GiB one).
 */
const RESERVE_FACTOR = 16;
/** States that wait at most for their lookup on disk (pending-states.ts). */
const PENDING_AT_MOST = 1 << 18;
/** What `insert` returns for a state to be looked up on disk later (see `deferTo`). */
export const PENDING = -2;

/** A store as a checkpoint keeps it (see `StateStore.save`). */
export interface SavedStore {
  readonly exact: boolean;
  readonly indexed: boolean;
  readonly size: number;
  /** Every stored fingerprint, as hi, lo pairs (in no particular order). */
  readonly fingerprints: Uint32Array;
  /** An indexed store's: each fingerprint's state number (in the order of `fingerprints`). */
  readonly numbers: Int32Array | null;
  /** The initial states' fingerprints, as hi, lo pairs, in order. */
  readonly roots: Uint32Array;
  readonly links: SavedLinks;
  /** Exact mode: every state's words, and where each starts (and the last ends). */
  readonly encodings: Int32Array | null;
  readonly offsets: Int32Array | null;
}

/**
 * The visited set: 64-bit fingerprints in an open-addressing table over typed arrays.
 *
 * States are numbered in the order they are found (breadth-first, so by depth). For each number
 * the store keeps the parent's number and the step that led here (back-links.ts, about a byte a
 * state); a counterexample is rebuilt by replaying those steps. The table's slots hold the
 * fingerprints themselves, so that looking a state up reads one place in memory (most successors
 * are states already stored, and the table is too big for the cache).
 *
 * Past a small size the table mostly doubles in place, inside an array reserved with room to
 * grow into: the entries move within it, so the table does not exist twice, as it does for a
 * moment when it is copied into one twice the size (at a large size that moment would be the
 * search's peak of memory). JavaScript's resizable buffers would do without a reservation, but
 * typed arrays over them index at half the speed in Node 20. Probes do not wrap around at the end of the
 * table; overflow slots follow the last home slot, and are emptied into the table when it
 * doubles.
 *
 * An indexed store also keeps each state's number in its slot, so that a lookup can say which
 * state it found (`found`): the liveness graph, exact mode and the parallel workers need that;
 * the plain search does not, and saves the 4 bytes per slot. The table is at most half full, and
 * at least a quarter once grown: 16 to 32 bytes per state plain (24 to 48 indexed), and the
 * back-links' one.
 *
 * Under a memory limit (`spillTo`), a plain store whose table would grow past its share of the
 * limit moves the table's fingerprints to disk instead (disk-fingerprints.ts) and starts it
 * again empty, at the size it had: a state not in the table is then looked up on disk too. The
 * back-links stay in memory.
 *
 * In exact mode the store also keeps every state's full encoding, and two states are the same
 * only if their encodings are equal: no fingerprint collision can merge two states, at the cost
 * of the encodings' memory. For small models, and for checking that fingerprints lose nothing.
 */
export class StateStore {
  readonly exact: boolean;
  /** Words per slot: the fingerprint (two words), and in an indexed store the number + 1. */
  private readonly stride: 2 | 3;
  /** Exact mode: every state's encoding, back to back; state i is at [offsets[i], offsets[i+1]). */
  private encodings = new Int32Array(0);
  private offsets = new Int32Array(0);
  private used = 0;

  private links = new BackLinks();
  /**
   * Open addressing, linear probing; a slot whose fingerprint words are both 0 is empty. Slot s
   * is at `slots[s × stride]`: the home slots, then the overflow slots (then, in a reservation,
   * room to grow).
   */
  private slots = new Uint32Array(0);
  /** Home slots − 1 (a power of two less one). */
  private mask = 0;
  /** Home slots plus overflow slots: a probe that reaches it has run off the table. */
  private limit = 0;
  /** Where the last `probe` stopped: the slot's first word. */
  private at = 0;
  /** Fingerprints of the states stored without a parent (the initial states), in order. */
  private readonly roots: number[] = [];
  size = 0;
  /** The last prefetch's reads, combined: kept, so that they are not optimised away. */
  prefetched = 0;
  /** Indexed store, after an `insert` that returned -1: the number of the state already stored. */
  found = -1;
  /** Set when a large old table was dropped: collect it at the next insert (`growTable`). */
  private collectDue = false;
  /** Fingerprints in the table (the others are on disk). */
  private held = 0;
  /** Under a memory limit: when to spill, and (once it has) the fingerprints on disk. */
  private spill: Spill | null = null;
  private disk: DiskFingerprints | null = null;
  /** Once spilled: states not in the table, to look up on disk, and who is told of new ones. */
  private pending: PendingStates | null = null;
  private onNew: ((index: number, state: Int32Array, tag: number) => boolean) | null = null;
  private admit: (index: number, tag: number) => boolean = () => true;

  constructor(options: { readonly exact?: boolean; readonly indexed?: boolean } = {}) {
    this.exact = options.exact ?? false;
    this.stride = this.exact || options.indexed === true ? 3 : 2;
    this.allocate(2048);
    if (this.exact) {
      this.encodings = new Int32Array(1 << 16);
      this.offsets = new Int32Array(1025);
    }
  }

  /**
   * Adds a state by fingerprint (and, in exact mode, by its encoding `words[0..length)`), reached
   * from state `parent` (-1 for none) as its successor number `step`. Returns its new number, or
   * -1 if it was already there (in an indexed store, its number is then in `found`), or
   * {@link PENDING} if that is known later (`deferTo`: `tag` is handed back then).
   */
  insert(
    hi: number,
    lo: number,
    parent: number,
    step: number,
    words: Int32Array,
    length: number,
    tag = 0,
  ): number {
    if (this.collectDue) {
      this.collectDue = false;
      collectGarbage();
    }
    const givenHi = hi;
    const given = lo;
    // (0, 0) marks an empty slot: a half that is 0 is kept as 1, as the workers' shared table
    // keeps it, so that a checkpoint of either is read the same by both.
    hi = hi || 1;
    lo = lo || 1;
    if (!this.probe(hi, lo, words, length)) {
      this.growTable();
      if (!this.probe(hi, lo, words, length)) throw new Error("state table: no free slot");
    }
    const { slots, at } = this;
    if (slots[at] !== 0 || slots[at + 1] !== 0) {
      if (this.stride === 3) this.found = slots[at + 2]! - 1;
      return -1;
    }
    if (this.disk !== null) return this.defer(hi, lo, parent, step, tag, words, length);
    if (parent < 0) this.roots.push(givenHi, given);
    const index = this.size;
    this.links.append(parent, step);
    slots[at] = hi;
    slots[at + 1] = lo;
    if (this.stride === 3) slots[at + 2] = index + 1;
    if (this.exact) this.keep(index, words, length);
    this.size++;
    // Keep the table at most half full so probes stay short.
    if (++this.held * 2 > this.mask + 1) {
      if (
        this.spill !== null &&
        this.mask + 1 >= this.spill.tableFrom &&
        (this.disk !== null || this.spill.due(this.tableBytes(2)))
      ) {
        this.moveToDisk();
      } else {
        this.growTable();
      }
    }
    return index;
  }

  /**
   * Reads the slots where lookups of `n` fingerprints will start. Called for a batch of states
   * before they are looked up: the reads do not wait for each other, so the processor fetches
   * the slots together, and the lookups find them in the cache.
   */
  prefetch(his: Uint32Array, los: Uint32Array, n: number): void {
    const { slots, mask, stride } = this;
    let seen = 0;
    for (let k = 0; k < n; k++) {
      const hi = his[k]! || 1;
      const lo = los[k]! || 1;
      seen ^= slots[((lo ^ Math.imul(hi, 0x9e3779b1)) & mask) * stride]!;
    }
    this.prefetched = seen;
  }

  /** True if the state is stored. */
  has(hi: number, lo: number, words: Int32Array, length: number): boolean {
    hi = hi || 1;
    lo = lo || 1;
    if (!this.probe(hi, lo, words, length)) return this.disk?.has(hi, lo) ?? false;
    return (
      (this.slots[this.at]! | this.slots[this.at + 1]!) !== 0 || (this.disk?.has(hi, lo) ?? false)
    );
  }

  /**
   * From now on, a table that would grow past `spill`'s share of the memory limit moves to disk
   * instead. Plain stores only: an indexed store's numbers stay in memory.
   */
  spillTo(spill: Spill): void {
    if (this.stride !== 2) throw new Error("StateStore.spillTo: only a plain store spills");
    this.spill = spill;
    this.pending = new PendingStates(spill);
  }

  /** True if `insert` reads the words it is given (else only the fingerprint). */
  get readsWords(): boolean {
    return this.exact || this.disk !== null;
  }

  /** The fingerprints on disk, and the merges that put them there (0, 0 if none). */
  get spilled(): { readonly fingerprints: number; readonly merges: number } {
    return { fingerprints: this.disk?.size ?? 0, merges: this.disk?.merges ?? 0 };
  }

  /**
   * Once the store spilled, a state not in the table is looked up on disk later, with others
   * (pending-states.ts): `insert` returns {@link PENDING}, and `onNew` is told of each state
   * found new, with its number and the `tag` it was inserted with, in the order inserted; it
   * returns false to drop the rest. `admit` is asked first whether a new state may be stored
   * (a state limit): if not, it and the rest are dropped.
   */
  deferTo(
    onNew: (index: number, state: Int32Array, tag: number) => boolean,
    admit: (index: number, tag: number) => boolean = () => true,
  ): void {
    this.onNew = onNew;
    this.admit = admit;
  }

  /** Looks up on disk every state waiting for it, and numbers the new ones (see `deferTo`). */
  settlePending(): void {
    if (this.disk === null || this.pending!.size === 0) return;
    this.pending!.settle(this.disk, (fresh, parent, step, tag, hi, lo, words) => {
      if (!fresh) return true;
      if (!this.admit(this.size, tag)) return false;
      const index = this.size++;
      if (parent < 0) this.roots.push(hi, lo);
      this.links.append(parent, step);
      return this.onNew?.(index, words, tag) ?? true;
    });
  }

  /** A state not in the table of a store that spilled: into the table, and pending. */
  private defer(
    hi: number,
    lo: number,
    parent: number,
    step: number,
    tag: number,
    words: Int32Array,
    length: number,
  ): number {
    // In the table at once, so that meeting it again finds it.
    this.slots[this.at] = hi;
    this.slots[this.at + 1] = lo;
    const pending = this.pending!;
    pending.add(hi, lo, parent, step, tag, words, length);
    const full = ++this.held * 2 > this.mask + 1;
    if (full || pending.size >= PENDING_AT_MOST) this.settlePending();
    if (full) this.moveToDisk();
    return PENDING;
  }

  /**
   * Once spilled, moves the table to disk: its fingerprints are then each stored once (the table
   * may hold states also on disk, looked up late). Nothing may be pending.
   */
  private allToDisk(): void {
    if (this.disk === null) return;
    if (this.pending!.size > 0) throw new Error("StateStore: states are pending (settlePending)");
    this.moveToDisk();
  }

  /**
   * Moves every fingerprint in the table to disk, and empties the table. The entries are packed
   * at the table's start as lo, hi pairs (each slot is written only after it was read), and
   * sorted there: no second copy of them.
   */
  private moveToDisk(): void {
    if (this.disk === null) {
      this.disk = new DiskFingerprints(this.spill!);
      this.links.spillTo(this.spill!);
    }
    const slots = this.slots;
    const end = this.limit * 2;
    let k = 0;
    for (let at = 0; at < end; at += 2) {
      const hi = slots[at]!;
      const lo = slots[at + 1]!;
      if ((hi | lo) === 0) continue;
      slots[k++] = lo;
      slots[k++] = hi;
    }
    this.disk.add(slots, k / 2);
    this.held = 0;
    // Memory still short (the back-links and the rest have grown since): a table half the size.
    const capacity = this.mask + 1;
    if (capacity > this.spill!.tableFrom && this.spill!.due(0)) {
      this.allocate(capacity / 2);
      this.collectDue = true;
    } else {
      slots.fill(0, 0, end);
    }
  }

  /** Bytes of a table `factor` times the present one's home slots. */
  private tableBytes(factor: number): number {
    return (this.mask + 1) * factor * this.stride * 4;
  }

  /** Indexed store: true if stored state `index` is this state. */
  same(index: number, hi: number, lo: number, words: Int32Array, length: number): boolean {
    if (this.stride !== 3) throw new Error("StateStore.same needs an indexed store");
    hi = hi || 1;
    lo = lo || 1;
    return this.probe(hi, lo, words, length) && this.slots[this.at + 2] === index + 1;
  }

  /**
   * Finds this state's slot, or the empty slot where it would go, and leaves its first word in
   * `at`; false if the probe ran off the end of the table. Written for the hot path: the
   * comparisons read the slot itself, and only exact mode looks further (at the encoding).
   */
  private probe(hi: number, lo: number, words: Int32Array, length: number): boolean {
    const { slots, stride, limit } = this;
    let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & this.mask;
    for (;;) {
      const at = slot * stride;
      const h = slots[at]!;
      const l = slots[at + 1]!;
      if (
        (h === hi &&
          l === lo &&
          (!this.exact || this.sameWords(slots[at + 2]! - 1, words, length))) ||
        (h | l) === 0
      ) {
        this.at = at;
        return true;
      }
      if (++slot === limit) return false;
    }
  }

  private sameWords(index: number, words: Int32Array, length: number): boolean {
    const start = this.offsets[index]!;
    if (this.offsets[index + 1]! - start !== length) return false;
    for (let i = 0; i < length; i++) if (this.encodings[start + i] !== words[i]) return false;
    return true;
  }

  private keep(index: number, words: Int32Array, length: number): void {
    if (this.used + length > this.encodings.length) {
      const grown = new Int32Array(Math.max(this.encodings.length * 2, this.used + length));
      grown.set(this.encodings.subarray(0, this.used));
      this.encodings = grown;
    }
    if (index + 2 > this.offsets.length) {
      const grown = new Int32Array(this.offsets.length * 2);
      grown.set(this.offsets);
      this.offsets = grown;
    }
    this.encodings.set(words.subarray(0, length), this.used);
    this.used += length;
    this.offsets[index + 1] = this.used;
  }

  /** State `index`'s parent's number, or -1 for an initial state. */
  parent(index: number): number {
    return this.links.parent(index);
  }

  /** The position of state `index` among its parent's successors, as the system emits them. */
  step(index: number): number {
    return this.links.step(index);
  }

  /**
   * The fingerprint of a state stored without a parent (an initial state: these are stored
   * first, so `index` is below the number of them), as [hi, lo].
   */
  rootFingerprint(index: number): [number, number] {
    if (2 * index + 1 >= this.roots.length) throw new Error(`state ${index} is not a root`);
    return [this.roots[2 * index]!, this.roots[2 * index + 1]!];
  }

  /** Calls `visit` with each stored fingerprint (in slot order; a half that is 0 is kept as 1). */
  forEachFingerprint(visit: (hi: number, lo: number) => void): void {
    this.allToDisk();
    const { slots, stride } = this;
    const end = this.limit * stride;
    for (let at = 0; at < end; at += stride) {
      if ((slots[at]! | slots[at + 1]!) !== 0) visit(slots[at]!, slots[at + 1]!);
    }
    this.disk?.forEach(visit);
  }

  /** Everything, for a checkpoint. */
  save(): SavedStore {
    this.allToDisk();
    const { slots, stride } = this;
    const fingerprints = new Uint32Array(2 * this.size);
    const numbers = stride === 3 ? new Int32Array(this.size) : null;
    let k = 0;
    const end = this.limit * stride;
    for (let at = 0; at < end; at += stride) {
      if ((slots[at]! | slots[at + 1]!) === 0) continue;
      fingerprints[2 * k] = slots[at]!;
      fingerprints[2 * k + 1] = slots[at + 1]!;
      if (numbers !== null) numbers[k] = slots[at + 2]! - 1;
      k++;
    }
    this.disk?.forEach((hi, lo) => {
      fingerprints[2 * k] = hi;
      fingerprints[2 * k + 1] = lo;
      k++;
    });
    return {
      exact: this.exact,
      indexed: stride === 3,
      size: this.size,
      fingerprints,
      numbers,
      roots: Uint32Array.from(this.roots),
      links: this.links.save(),
      encodings: this.exact ? this.encodings.slice(0, this.used) : null,
      offsets: this.exact ? this.offsets.slice(0, this.size + 1) : null,
    };
  }

  /** A store as a checkpoint saved it. */
  static restore(saved: SavedStore): StateStore {
    const store = new StateStore({ exact: saved.exact, indexed: saved.indexed });
    let capacity = 2048;
    while (saved.size * 2 > capacity) capacity *= 2;
    store.allocate(capacity);
    const { fingerprints, numbers } = saved;
    for (let k = 0; k < fingerprints.length / 2; k++) {
      store.place(fingerprints[2 * k]!, fingerprints[2 * k + 1]!, (numbers?.[k] ?? -1) + 1);
    }
    store.size = saved.size;
    store.held = saved.size;
    store.roots.push(...saved.roots);
    store.links = BackLinks.restore(saved.links);
    if (saved.exact) {
      store.encodings = saved.encodings!.slice();
      store.used = store.encodings.length;
      store.offsets = new Int32Array(Math.max(1025, saved.offsets!.length * 2));
      store.offsets.set(saved.offsets!);
    }
    return store;
  }

  /** Bytes held by the store's arrays. */
  get bytes(): number {
    return (
      this.links.bytes +
      this.limit * this.stride * 4 +
      this.encodings.byteLength +
      this.offsets.byteLength +
      (this.disk?.bytes ?? 0)
    );
  }

  /**
   * An empty table of `capacity` home slots (a power of two). A big one is made in a
   * reservation, so that it can double in place.
   */
  private allocate(capacity: number): void {
    const room = capacity >= IN_PLACE_FROM ? capacity * RESERVE_FACTOR : capacity;
    const words = (room + OVERFLOW_SLOTS) * this.stride;
    this.slots = new Uint32Array(words);
    this.mask = capacity - 1;
    this.limit = capacity + OVERFLOW_SLOTS;
  }

  /** Puts an entry into the first empty slot from its home (growing never meets it again). */
  private place(hi: number, lo: number, number: number): void {
    const { slots, stride, limit } = this;
    let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & this.mask;
    for (;;) {
      const at = slot * stride;
      if ((slots[at]! | slots[at + 1]!) === 0) {
        slots[at] = hi;
        slots[at + 1] = lo;
        if (stride === 3) slots[at + 2] = number;
        return;
      }
      if (++slot === limit) throw new Error("state table: no free slot while growing");
    }
  }

  /** Copies the table, of `capacity` home slots, into a new one of twice as many. */
  private copyTable(capacity: number): void {
    const { slots, stride } = this;
    this.allocate(capacity * 2);
    for (let at = 0; at < (capacity + OVERFLOW_SLOTS) * stride; at += stride) {
      if ((slots[at]! | slots[at + 1]!) !== 0) {
        this.place(slots[at]!, slots[at + 1]!, stride === 3 ? slots[at + 2]! : 0);
      }
    }
  }

  /** Doubles the number of home slots. */
  private growTable(): void {
    const stride = this.stride;
    const capacity = this.mask + 1;
    if ((capacity * 2 + OVERFLOW_SLOTS) * stride > this.slots.length) {
      // Copied into a new table (a small one, or one past its reservation).
      this.copyTable(capacity);
      // The old table, once a reservation (32 MB and more), is to be freed now, not at the next
      // full collection (collect.ts): at the next insert, when no frame of this one's (a
      // register of an interpreted frame, say) can still refer to it.
      if (capacity >= IN_PLACE_FROM) this.collectDue = true;
      return;
    }
    const slots = this.slots;
    // In place. The overflow's entries are set aside, and the slots they held (now the start of
    // the upper half) emptied.
    const aside: number[] = [];
    const end = (capacity + OVERFLOW_SLOTS) * stride;
    for (let at = capacity * stride; at < end; at += stride) {
      if ((slots[at]! | slots[at + 1]!) !== 0) {
        aside.push(slots[at]!, slots[at + 1]!, stride === 3 ? slots[at + 2]! : 0);
      }
    }
    slots.fill(0, capacity * stride, end);
    this.mask = capacity * 2 - 1;
    this.limit = capacity * 2 + OVERFLOW_SLOTS;
    // Each entry moves to the first empty slot from its new home, taken in slot order. An entry's
    // new home is its old home h or h + capacity. From h, the first empty slot is at most the
    // entry's own (emptied first); slots below it have all moved already, so none of them empties
    // later and breaks a probe. Above `capacity` are only entries already moved.
    for (let slot = 0; slot < capacity; slot++) {
      const at = slot * stride;
      const hi = slots[at]!;
      const lo = slots[at + 1]!;
      if ((hi | lo) === 0) continue;
      const number = stride === 3 ? slots[at + 2]! : 0;
      slots[at] = 0;
      slots[at + 1] = 0;
      if (stride === 3) slots[at + 2] = 0;
      this.place(hi, lo, number);
    }
    for (let i = 0; i < aside.length; i += 3) this.place(aside[i]!, aside[i + 1]!, aside[i + 2]!);
  }
}
