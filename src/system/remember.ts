/**
 * Remembering a property's results: a predicate whose value depends only on part of a state is
 * evaluated once per distinct part, found again by an exact key built from that part. Keys are
 * sequences of integers, numbered by an {@link IntKeys} table over typed arrays and compared
 * exactly, so nothing is allocated per state (a string key cost a string per state).
 */
import { grown } from "../check/grown.ts";

/** A numbering of integer sequences: the n-th distinct sequence given gets id n. */
export class IntKeys {
  /** Open addressing: an id, or -1. */
  private slots = new Int32Array(1 << 12).fill(-1);
  private mask = (1 << 12) - 1;
  /** Id i's sequence is words[starts[i], starts[i + 1]). */
  private starts = new Int32Array(1025);
  private words = new Int32Array(1 << 14);
  private hashes = new Int32Array(1024);
  /** Sequences numbered so far. */
  size = 0;

  /** The id of `key[0, length)`, numbering it if it is new. */
  id(key: Int32Array, length: number): number {
    let h = 0x811c9dc5 | 0;
    for (let i = 0; i < length; i++) h = Math.imul(h ^ key[i]!, 0x01000193);
    h ^= h >>> 15;
    const { slots, mask } = this;
    let slot = h & mask;
    for (;;) {
      const id = slots[slot]!;
      if (id === -1) break;
      if (this.hashes[id] === h && this.same(id, key, length)) return id;
      slot = (slot + 1) & mask;
    }
    return this.add(slot, h, key, length);
  }

  private same(id: number, key: Int32Array, length: number): boolean {
    const start = this.starts[id]!;
    if (this.starts[id + 1]! - start !== length) return false;
    const words = this.words;
    for (let i = 0; i < length; i++) if (words[start + i] !== key[i]) return false;
    return true;
  }

  private add(slot: number, h: number, key: Int32Array, length: number): number {
    const id = this.size++;
    if (id + 1 === this.hashes.length) {
      this.hashes = grown(this.hashes);
      this.starts = grown(this.starts);
    }
    const start = this.starts[id]!;
    if (start + length > this.words.length) {
      this.words = grown(this.words, start + length);
    }
    this.words.set(key.subarray(0, length), start);
    this.starts[id + 1] = start + length;
    this.hashes[id] = h;
    this.slots[slot] = id;
    if (this.size * 2 > this.slots.length) this.rehash();
    return id;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = slots.length - 1;
    for (let id = 0; id < this.size; id++) {
      let slot = this.hashes[id]! & mask;
      while (slots[slot] !== -1) slot = (slot + 1) & mask;
      slots[slot] = id;
    }
    this.slots = slots;
    this.mask = mask;
  }
}

/**
 * A predicate remembered by the id of the part of the state it depends on (`idOf`, usually an
 * {@link IntKeys} id): evaluated once per id.
 */
export function rememberedById<A extends unknown[]>(
  idOf: (...args: A) => number,
  predicate: (...args: A) => boolean,
): (...args: A) => boolean {
  /** By id: 0 not known yet, 1 false, 2 true. */
  let known = new Uint8Array(1024);
  return (...args) => {
    const id = idOf(...args);
    if (id >= known.length) {
      const more = new Uint8Array(Math.max(known.length * 2, id + 1));
      more.set(known);
      known = more;
    }
    const value = known[id]!;
    if (value !== 0) return value === 2;
    const holds = predicate(...args);
    known[id] = holds ? 2 : 1;
    return holds;
  };
}

/**
 * A predicate whose value depends only on some integers of the state (`extract` writes them
 * into `out`, at most `width` of them, and returns how many), remembered by them.
 */
export function rememberedByInts(
  extract: (state: Int32Array, out: Int32Array) => number,
  width: number,
  predicate: (state: Int32Array) => boolean,
): (state: Int32Array) => boolean {
  const scratch = new Int32Array(width);
  const keys = new IntKeys();
  return rememberedById(
    (state: Int32Array) => keys.id(scratch, extract(state, scratch)),
    predicate,
  );
}
