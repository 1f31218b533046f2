/**
 * States not in the table of a store that spilled, waiting to be looked up on disk together.
 *
 * One lookup on disk is a system call, and most states looked up are old: one at a time, the
 * lookups took over nine tenths of a spilled search. Gathered instead, in the order found, their
 * fingerprints are sorted and the file is read once, start to end, beside them (as Stern and
 * Dill's delayed duplicate detection does). The states not on disk are then new, and are
 * numbered in the order they were found: the numbers, and so the counterexamples, are those of a
 * search in memory.
 */
import { positionOf, type DiskFingerprints } from "./disk-fingerprints.ts";
import { grown } from "./grown.ts";
import type { Spill } from "./spill.ts";
import { StateQueue } from "./state-queue.ts";

/** Fewer pending states than this are looked up one by one (a read per state, not the file). */
const ONE_BY_ONE_BELOW = 2048;

/**
 * Receives a pending state: whether it is new, how it was reached, its tag, its fingerprint and
 * words; returns false to drop the states after it (the search stopped).
 */
export type Settle = (
  fresh: boolean,
  parent: number,
  step: number,
  tag: number,
  hi: number,
  lo: number,
  words: Int32Array,
) => boolean;

export class PendingStates {
  /** Their words, in chunks of a megabyte that go to disk as they fill (most are old states). */
  private readonly states = new StateQueue(1 << 20);
  private his = new Uint32Array(1024);
  private los = new Uint32Array(1024);
  private parents = new Int32Array(1024);
  private steps = new Int32Array(1024);
  private tags = new Float64Array(1024);
  size = 0;

  constructor(spill: Spill) {
    this.states.spillTo(spill, true);
  }

  /** Adds a state the table does not hold, with a number the caller wants back (`tag`). */
  add(
    hi: number,
    lo: number,
    parent: number,
    step: number,
    tag: number,
    words: Int32Array,
    length: number,
  ): void {
    const k = this.size;
    if (k === this.his.length) {
      this.his = grown(this.his);
      this.los = grown(this.los);
      this.parents = grown(this.parents);
      this.steps = grown(this.steps);
      this.tags = grown(this.tags);
    }
    this.his[k] = hi;
    this.los[k] = lo;
    this.parents[k] = parent;
    this.steps[k] = step;
    this.tags[k] = tag;
    this.states.push(words, length);
    this.size = k + 1;
  }

  /**
   * Looks every pending state up on `disk`, and passes each to `settle` in the order added; then
   * none is pending.
   */
  settle(disk: DiskFingerprints, settle: Settle): void {
    const n = this.size;
    if (n === 0) return;
    const onDisk = n < ONE_BY_ONE_BELOW ? null : this.lookUpAll(disk);
    try {
      for (let k = 0; k < n; k++) {
        const words = this.states.take();
        const hi = this.his[k]!;
        const lo = this.los[k]!;
        const old = onDisk === null ? disk.has(hi, lo) : onDisk(hi, lo);
        if (!settle(!old, this.parents[k]!, this.steps[k]!, this.tags[k]!, hi, lo, words)) break;
      }
    } finally {
      this.size = 0;
      while (this.states.length > 0) this.states.take();
    }
  }

  /** Reads the disk once for all pending states; returns a test of which of them are there. */
  private lookUpAll(disk: DiskFingerprints): (hi: number, lo: number) => boolean {
    const n = this.size;
    const pairs = new Uint32Array(2 * n);
    for (let k = 0; k < n; k++) {
      pairs[2 * k] = this.los[k]!;
      pairs[2 * k + 1] = this.his[k]!;
    }
    new BigUint64Array(pairs.buffer).sort();
    const found = disk.whichOf(pairs, n);
    return (hi, lo) => {
      const at = positionOf(pairs, n, hi, lo);
      if (at < 0) throw new Error("pending states: a fingerprint went missing");
      return found[at] === 1;
    };
  }
}
