/**
 * The visited set: 64-bit fingerprints in an open-addressing table over typed arrays.
 *
 * States are numbered in the order they are found (breadth-first, so by depth). For each number
 * the store keeps the fingerprint, the parent's number and the action code that led here, in
 * parallel typed arrays; a counterexample is rebuilt by replaying those actions. The table maps
 * a fingerprint to its state number. About 20 bytes per state, grown by doubling.
 *
 * In exact mode the store also keeps every state's full encoding, and two states are the same
 * only if their encodings are equal: no fingerprint collision can merge two states, at the cost
 * of the encodings' memory. For small models, and for checking that fingerprints lose nothing.
 */
export class StateStore {
  /** Exact mode: every state's encoding, back to back; state i is at [offsets[i], offsets[i+1]). */
  private encodings = new Int32Array(0);
  private offsets = new Int32Array(0);
  private used = 0;

  constructor(readonly exact = false) {
    if (exact) {
      this.encodings = new Int32Array(1 << 16);
      this.offsets = new Int32Array(1025);
    }
  }

  private hi = new Uint32Array(1024);
  private lo = new Uint32Array(1024);
  private parents = new Int32Array(1024);
  private actions = new Int32Array(1024);
  /** Open addressing: state number + 1, or 0 for an empty slot. */
  private table = new Int32Array(2048);
  private mask = 2047;
  size = 0;
  /** After an `insert` that returned -1: the number of the state already stored. */
  found = -1;

  /**
   * Adds a state by fingerprint (and, in exact mode, by its encoding `words[0..length)`).
   * Returns its new number, or -1 if it was already there (its number is then in `found`).
   */
  insert(
    hi: number,
    lo: number,
    parent: number,
    action: number,
    words: Int32Array,
    length: number,
  ): number {
    let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & this.mask;
    for (;;) {
      const entry = this.table[slot]!;
      if (entry === 0) break;
      if (this.same(entry - 1, hi, lo, words, length)) {
        this.found = entry - 1;
        return -1;
      }
      slot = (slot + 1) & this.mask;
    }
    const index = this.size;
    if (index === this.hi.length) this.growArrays();
    this.hi[index] = hi;
    this.lo[index] = lo;
    this.parents[index] = parent;
    this.actions[index] = action;
    this.table[slot] = index + 1;
    if (this.exact) this.keep(index, words, length);
    this.size++;
    // Keep the table at most half full so probes stay short.
    if (this.size * 2 > this.table.length) this.growTable();
    return index;
  }

  /** True if the state is stored. */
  has(hi: number, lo: number, words: Int32Array, length: number): boolean {
    let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & this.mask;
    for (;;) {
      const entry = this.table[slot]!;
      if (entry === 0) return false;
      if (this.same(entry - 1, hi, lo, words, length)) return true;
      slot = (slot + 1) & this.mask;
    }
  }

  /** True if stored state `index` is this state (same fingerprint; in exact mode, same words). */
  same(index: number, hi: number, lo: number, words: Int32Array, length: number): boolean {
    if (this.lo[index] !== lo || this.hi[index] !== hi) return false;
    if (!this.exact) return true;
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

  /** Records another parent and action for a stored state (one found first by a shorter key). */
  relink(index: number, parent: number, action: number): void {
    this.parents[index] = parent;
    this.actions[index] = action;
  }

  parent(index: number): number {
    return this.parents[index]!;
  }

  action(index: number): number {
    return this.actions[index]!;
  }

  fingerprintHi(index: number): number {
    return this.hi[index]!;
  }

  fingerprintLo(index: number): number {
    return this.lo[index]!;
  }

  /** Bytes held by the store's arrays. */
  get bytes(): number {
    return (
      this.hi.byteLength +
      this.lo.byteLength +
      this.parents.byteLength +
      this.actions.byteLength +
      this.table.byteLength +
      this.encodings.byteLength +
      this.offsets.byteLength
    );
  }

  private growArrays(): void {
    const grow = <T extends Uint32Array | Int32Array>(a: T, make: (n: number) => T): T => {
      const b = make(a.length * 2);
      b.set(a);
      return b;
    };
    this.hi = grow(this.hi, (n) => new Uint32Array(n));
    this.lo = grow(this.lo, (n) => new Uint32Array(n));
    this.parents = grow(this.parents, (n) => new Int32Array(n));
    this.actions = grow(this.actions, (n) => new Int32Array(n));
  }

  private growTable(): void {
    const table = new Int32Array(this.table.length * 2);
    const mask = table.length - 1;
    for (let index = 0; index < this.size; index++) {
      let slot = (this.lo[index]! ^ Math.imul(this.hi[index]!, 0x9e3779b1)) & mask;
      while (table[slot] !== 0) slot = (slot + 1) & mask;
      table[slot] = index + 1;
    }
    this.table = table;
    this.mask = mask;
  }
}
