/**
 * The successors of one state, each canonical and fingerprinted, gathered before any of them is
 * looked up in the visited set.
 *
 * The visited set is far bigger than the processor's caches, so looking a state up waits for
 * memory. Looked up one by one as they are made, a state's successors wait in turn; gathered
 * first, their table slots can all be read in one short loop, where the processor fetches them
 * at the same time, and the lookups that follow find them in the cache (see
 * docs/notes/2026-11-performance-log.md).
 */
export class SuccessorBatch {
  size = 0;
  actions = new Int32Array(64);
  hi = new Uint32Array(64);
  lo = new Uint32Array(64);
  /** Successor k's words are `words[starts[k] .. starts[k + 1])`. */
  starts = new Int32Array(65);
  words = new Int32Array(4096);

  clear(): void {
    this.size = 0;
  }

  /** Adds a successor: its action code, its fingerprint and a copy of `state[0..length)`. */
  add(action: number, hi: number, lo: number, state: Int32Array, length: number): void {
    const k = this.size;
    if (k + 1 === this.starts.length) this.growEntries();
    const start = this.starts[k]!;
    if (start + length > this.words.length) this.growWords(start + length);
    const words = this.words;
    for (let i = 0; i < length; i++) words[start + i] = state[i]!;
    this.actions[k] = action;
    this.hi[k] = hi;
    this.lo[k] = lo;
    this.starts[k + 1] = start + length;
    this.size = k + 1;
  }

  /** Successor k's words, as a view (made only when needed: most successors are not new). */
  state(k: number): Int32Array {
    return this.words.subarray(this.starts[k]!, this.starts[k + 1]!);
  }

  length(k: number): number {
    return this.starts[k + 1]! - this.starts[k]!;
  }

  private growEntries(): void {
    const n = this.actions.length * 2;
    const actions = new Int32Array(n);
    actions.set(this.actions);
    this.actions = actions;
    const hi = new Uint32Array(n);
    hi.set(this.hi);
    this.hi = hi;
    const lo = new Uint32Array(n);
    lo.set(this.lo);
    this.lo = lo;
    const starts = new Int32Array(n + 1);
    starts.set(this.starts);
    this.starts = starts;
  }

  private growWords(needed: number): void {
    const words = new Int32Array(Math.max(needed, this.words.length * 2));
    words.set(this.words);
    this.words = words;
  }
}
