/**
 * Fingerprints on disk: the part of the visited set that no longer fits in memory, as TLC's
 * disk-based fingerprint set keeps it. The file holds every fingerprint moved out of the table,
 * sorted, as 64-bit little-endian numbers (hi × 2³² + lo); memory keeps only the first of every
 * page of {@link PAGE} of them. A lookup finds its page by binary search in that index, reads the
 * page (one system call: the file stays in the system's page cache, outside the process's
 * resident memory) and searches it. A batch of fingerprints joins the file by a merge of the two
 * sorted runs into the other of two files, which then takes its place.
 */
import { ftruncateSync, readSync, writeSync } from "node:fs";
import { grown } from "./grown.ts";
import type { Spill } from "./spill.ts";

/** Fingerprints per page: 4 KB, a read from the page cache. */
const PAGE = 512;
/** Fingerprints read or written at a time while merging. */
const BLOCK = 1 << 16;

export class DiskFingerprints {
  /** The two files; `current` holds the fingerprints, the other is the next merge's output. */
  private readonly files: [number, number];
  private current = 0;
  /** Fingerprints in the file. */
  size = 0;
  /** The first fingerprint of each page, as hi and lo words. */
  private indexHi = new Uint32Array(1024);
  private indexLo = new Uint32Array(1024);
  private pages = 0;
  /** A page read, as lo, hi pairs. */
  private readonly page = new Uint32Array(2 * PAGE);
  /** Merges done so far. */
  merges = 0;

  constructor(spill: Spill) {
    this.files = [spill.open("fingerprints-a"), spill.open("fingerprints-b")];
  }

  /** True if the fingerprint is on disk. */
  has(hi: number, lo: number): boolean {
    const pages = this.pages;
    if (pages === 0) return false;
    const indexHi = this.indexHi;
    const indexLo = this.indexLo;
    if (hi < indexHi[0]! || (hi === indexHi[0]! && lo < indexLo[0]!)) return false;
    // The last page whose first fingerprint is at most this one.
    let a = 0;
    let b = pages - 1;
    while (a < b) {
      const m = (a + b + 1) >>> 1;
      const h = indexHi[m]!;
      if (h < hi || (h === hi && indexLo[m]! <= lo)) a = m;
      else b = m - 1;
    }
    const count = Math.min(PAGE, this.size - a * PAGE);
    const page = this.page;
    readSync(this.files[this.current], page, 0, count * 8, a * PAGE * 8);
    return positionOf(page, count, hi, lo) >= 0;
  }

  /**
   * Adds `count` fingerprints, given as lo, hi pairs in `pairs` (which this sorts in place);
   * those already on disk are kept once.
   */
  add(pairs: Uint32Array, count: number): void {
    const sorted = new BigUint64Array(pairs.buffer, pairs.byteOffset, count).sort();
    const fresh = new Uint32Array(sorted.buffer, sorted.byteOffset, 2 * count);
    const from = this.files[this.current];
    const to = this.files[1 - this.current];
    const old = new Uint32Array(2 * BLOCK);
    const out = new Uint32Array(2 * BLOCK);
    let oldRead = 0;
    let oldAt = 0;
    let oldEnd = 0;
    let outAt = 0;
    let written = 0;
    let k = 0;
    this.pages = 0;
    const emit = (lo: number, hi: number): void => {
      if (written % PAGE === 0) this.index(hi, lo);
      out[2 * outAt] = lo;
      out[2 * outAt + 1] = hi;
      written++;
      if (++outAt === BLOCK) {
        writeSync(to, out, 0, BLOCK * 8, (written - BLOCK) * 8);
        outAt = 0;
      }
    };
    for (;;) {
      if (oldAt === oldEnd && oldRead < this.size) {
        const n = Math.min(BLOCK, this.size - oldRead);
        readSync(from, old, 0, n * 8, oldRead * 8);
        oldRead += n;
        oldAt = 0;
        oldEnd = n;
      }
      const haveOld = oldAt < oldEnd;
      if (!haveOld && k === count) break;
      // -1: the old one comes first, 1: the new one, 0: the same (the table held a state already
      // on disk: one of those a store looked up late, pending-states.ts).
      const order = !haveOld
        ? 1
        : k === count
          ? -1
          : compare(old[2 * oldAt + 1]!, old[2 * oldAt]!, fresh[2 * k + 1]!, fresh[2 * k]!);
      if (order <= 0) {
        emit(old[2 * oldAt]!, old[2 * oldAt + 1]!);
        oldAt++;
        if (order === 0) k++;
      } else {
        emit(fresh[2 * k]!, fresh[2 * k + 1]!);
        k++;
      }
    }
    if (outAt > 0) writeSync(to, out, 0, outAt * 8, (written - outAt) * 8);
    ftruncateSync(from, 0);
    this.current = 1 - this.current;
    this.size = written;
    this.merges++;
  }

  /**
   * Which of `count` fingerprints, given sorted as lo, hi pairs, are on disk: 1 at each one's
   * position in the result. Reads the file once, from start to end.
   */
  whichOf(sorted: Uint32Array, count: number): Uint8Array {
    const found = new Uint8Array(count);
    const block = new Uint32Array(2 * BLOCK);
    let k = 0;
    for (let at = 0; at < this.size && k < count; at += BLOCK) {
      const n = Math.min(BLOCK, this.size - at);
      readSync(this.files[this.current], block, 0, n * 8, at * 8);
      let i = 0;
      while (i < n && k < count) {
        const order = compare(block[2 * i + 1]!, block[2 * i]!, sorted[2 * k + 1]!, sorted[2 * k]!);
        if (order < 0) i++;
        else {
          if (order === 0) found[k] = 1;
          k++;
        }
      }
    }
    return found;
  }

  /** Calls `visit` with every fingerprint on disk, in order. */
  forEach(visit: (hi: number, lo: number) => void): void {
    const block = new Uint32Array(2 * BLOCK);
    for (let at = 0; at < this.size; at += BLOCK) {
      const n = Math.min(BLOCK, this.size - at);
      readSync(this.files[this.current], block, 0, n * 8, at * 8);
      for (let i = 0; i < n; i++) visit(block[2 * i + 1]!, block[2 * i]!);
    }
  }

  /** Bytes of memory the index takes. */
  get bytes(): number {
    return this.indexHi.byteLength + this.indexLo.byteLength + this.page.byteLength;
  }

  private index(hi: number, lo: number): void {
    if (this.pages === this.indexHi.length) {
      this.indexHi = grown(this.indexHi);
      this.indexLo = grown(this.indexLo);
    }
    this.indexHi[this.pages] = hi;
    this.indexLo[this.pages++] = lo;
  }
}

/** Where a fingerprint is among `count` sorted lo, hi pairs, or -1. */
export function positionOf(pairs: Uint32Array, count: number, hi: number, lo: number): number {
  let low = 0;
  let high = count - 1;
  while (low <= high) {
    const m = (low + high) >>> 1;
    const order = compare(pairs[2 * m + 1]!, pairs[2 * m]!, hi, lo);
    if (order === 0) return m;
    if (order < 0) low = m + 1;
    else high = m - 1;
  }
  return -1;
}

/** The order of two fingerprints, each as hi, lo: negative, 0 or positive. */
function compare(hi1: number, lo1: number, hi2: number, lo2: number): number {
  return hi1 !== hi2 ? (hi1 < hi2 ? -1 : 1) : lo1 !== lo2 ? (lo1 < lo2 ? -1 : 1) : 0;
}
