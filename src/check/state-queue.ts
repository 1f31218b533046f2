/**
 * The breadth-first frontier: encoded states in first-in first-out order, packed into large byte
 * chunks rather than one object per state. A frontier can hold a tenth of all states at once, so
 * each state is stored compressed, as its difference from the state pushed before it (mostly a
 * sibling, or a cousin, with most words the same): its length, then for each group of eight
 * words a byte that marks the words that differ, then each of those as a zigzag varint of the
 * two words' exclusive or. The states are taken in the order they were pushed, so the reader
 * always has the state before. At ballots 0..2 that is 11.5 bytes a state; at ballots 0..3 the
 * widest frontier took 16 MB where one varint per word took 36 (docs/notes/2026-11-performance-log.md).
 *
 * A chunk read to the end is written again: the queue holds its longest length's chunks, no
 * more, and does not leave the memory allocator a trail of freed chunks to reuse as it may
 * (which raised the peak of memory by tens of megabytes at ballots 0..3).
 */
import { grown } from "./grown.ts";

const CHUNK_BYTES = 1 << 22;
const RELEASED = new Uint8Array(0);

/** A copy of `bytes` in a chunk of the usual size, with room to push more. */
function copied(bytes: Uint8Array): Uint8Array {
  const chunk = new Uint8Array(CHUNK_BYTES);
  chunk.set(bytes);
  return chunk;
}
/** The most bytes a state of n words can take: its length, its marks, a varint per word. */
const worst = (n: number) => 5 + (n >>> 3) + 1 + 5 * n;

export class StateQueue {
  private chunks: Uint8Array[] = [new Uint8Array(CHUNK_BYTES)];
  /** How many bytes of each full chunk are used (the last chunk's is `writeAt`). */
  private used: number[] = [];
  /** Chunks read to the end, to write again. */
  private readonly spare: Uint8Array[] = [];
  private readChunk = 0;
  private readAt = 0;
  private writeAt = 0;
  /** The state pushed last (words past its length are 0). */
  private pushed = new Int32Array(64);
  private pushedLength = 0;
  /** The state taken last (words past its length are 0). */
  private taken = new Int32Array(64);
  private takenLength = 0;
  length = 0;

  /** Appends a state. */
  push(words: Int32Array, length: number): void {
    let chunk = this.chunks[this.chunks.length - 1]!;
    if (this.writeAt + worst(length) > chunk.length) {
      this.used[this.chunks.length - 1] = this.writeAt;
      const reused = this.spare.pop();
      chunk =
        reused !== undefined && reused.length >= worst(length)
          ? reused
          : new Uint8Array(Math.max(CHUNK_BYTES, worst(length)));
      this.chunks.push(chunk);
      this.writeAt = 0;
    }
    if (this.pushed.length < length) this.pushed = grown(this.pushed, length);
    const before = this.pushed;
    // Words past the new length are cleared, so that the next state compares with zeros there.
    for (let i = length; i < this.pushedLength; i++) before[i] = 0;
    this.pushedLength = length;
    let at = writeVarint(chunk, this.writeAt, length);
    for (let group = 0; group < length; group += 8) {
      const marks = at++;
      let mask = 0;
      const end = Math.min(group + 8, length);
      for (let i = group; i < end; i++) {
        const w = words[i]!;
        const x = w ^ before[i]!;
        if (x !== 0) {
          mask |= 1 << (i - group);
          at = writeVarint(chunk, at, ((x << 1) ^ (x >> 31)) >>> 0);
          before[i] = w;
        }
      }
      chunk[marks] = mask;
    }
    this.writeAt = at;
    this.length++;
  }

  /** A queue holding the states of a {@link SavedQueue}. */
  static restore(saved: SavedQueue): StateQueue {
    const queue = new StateQueue();
    const bytes = saved.bytes;
    queue.chunks = [bytes.length > CHUNK_BYTES ? bytes.slice() : copied(bytes)];
    queue.writeAt = bytes.length;
    queue.length = saved.length;
    // The last state pushed is the base the next push codes against: decode to find it.
    const reader = new StateQueue();
    reader.chunks = [queue.chunks[0]!];
    reader.writeAt = bytes.length;
    reader.length = saved.length;
    let last: Int32Array = new Int32Array(0);
    while (reader.length > 0) last = reader.take();
    queue.pushed = grown(queue.pushed, Math.max(64, last.length));
    queue.pushed.set(last);
    queue.pushedLength = last.length;
    return queue;
  }

  /** The queue's states as bytes; for a queue no state was taken from yet. */
  save(): SavedQueue {
    if (this.readChunk !== 0 || this.readAt !== 0) throw new Error("save: states were taken");
    const total =
      this.used.slice(0, this.chunks.length - 1).reduce((a, b) => a + b, 0) + this.writeAt;
    const bytes = new Uint8Array(total);
    let at = 0;
    this.chunks.forEach((chunk, i) => {
      const used = i === this.chunks.length - 1 ? this.writeAt : this.used[i]!;
      bytes.set(chunk.subarray(0, used), at);
      at += used;
    });
    return { bytes, length: this.length };
  }

  /** Calls `visit` with each state in order, without taking it (the words are valid until the next). */
  forEach(visit: (state: Int32Array) => void): void {
    const reader = new StateQueue();
    reader.chunks = this.chunks;
    reader.used = this.used;
    reader.readChunk = this.readChunk;
    reader.readAt = this.readAt;
    reader.writeAt = this.writeAt;
    reader.taken = this.taken.slice();
    reader.takenLength = this.takenLength;
    reader.length = this.length;
    // The reader must not hand chunks it passes to a spare list the queue would reuse.
    reader.forEachTake(visit);
  }

  /** Takes every state (of a reader over another queue's chunks), leaving the chunks be. */
  private forEachTake(visit: (state: Int32Array) => void): void {
    while (this.length > 0) {
      if (this.readChunk < this.chunks.length - 1 && this.readAt >= this.used[this.readChunk]!) {
        this.readChunk++;
        this.readAt = 0;
      }
      visit(this.decodeNext());
    }
  }

  /** Removes the oldest state and returns its words (valid until the next take). */
  take(): Int32Array {
    if (this.readChunk < this.chunks.length - 1 && this.readAt >= this.used[this.readChunk]!) {
      this.spare.push(this.chunks[this.readChunk]!);
      this.chunks[this.readChunk] = RELEASED;
      this.readChunk++;
      this.readAt = 0;
    }
    return this.decodeNext();
  }

  /** Decodes the state at the read position and moves past it. */
  private decodeNext(): Int32Array {
    const chunk = this.chunks[this.readChunk]!;
    let at = this.readAt;
    // Varints decoded inline: this runs once per state expanded.
    let length = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = chunk[at++]!;
      length |= (byte & 0x7f) << shift;
      if (byte < 0x80) break;
    }
    if (this.taken.length < length) this.taken = grown(this.taken, length);
    const words = this.taken;
    for (let i = length; i < this.takenLength; i++) words[i] = 0;
    this.takenLength = length;
    for (let group = 0; group < length; group += 8) {
      let mask = chunk[at++]!;
      for (let i = group; mask !== 0; i++, mask >>>= 1) {
        if ((mask & 1) === 0) continue;
        let z = 0;
        for (let shift = 0; ; shift += 7) {
          const byte = chunk[at++]!;
          z |= (byte & 0x7f) << shift;
          if (byte < 0x80) break;
        }
        words[i] = words[i]! ^ ((z >>> 1) ^ -(z & 1));
      }
    }
    this.readAt = at;
    this.length--;
    // A new view per state: the systems' memos know a state by its object (actor-system.ts).
    return words.subarray(0, length);
  }
}

/** A frontier as bytes, for a checkpoint: its states, each coded from the one before it. */
export interface SavedQueue {
  readonly bytes: Uint8Array;
  readonly length: number;
}

/** The states of `queue`, in order, without taking them; `first`, if given, before them. */
export function saveQueue(queue: StateQueue, first: Int32Array | null = null): SavedQueue {
  const copy = new StateQueue();
  if (first !== null) copy.push(first, first.length);
  queue.forEach((state) => copy.push(state, state.length));
  return copy.save();
}

/** A state decoded from its bytes (a length, then zigzag varints), in a buffer reused. */
export class DecodedState {
  private words = new Int32Array(64);
  private length = 0;

  /** Decodes the state at `at` of `chunk`; returns the position after it. */
  decode(chunk: Uint8Array, at: number): number {
    // Varints decoded inline: this runs once per state expanded.
    let length = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = chunk[at++]!;
      length |= (byte & 0x7f) << shift;
      if (byte < 0x80) break;
    }
    if (this.words.length < length) this.words = new Int32Array(length * 2);
    const words = this.words;
    for (let i = 0; i < length; i++) {
      let z = 0;
      for (let shift = 0; ; shift += 7) {
        const byte = chunk[at++]!;
        z |= (byte & 0x7f) << shift;
        if (byte < 0x80) break;
      }
      words[i] = (z >>> 1) ^ -(z & 1);
    }
    this.length = length;
    return at;
  }

  /** The state last decoded (valid until the next decode). */
  view(): Int32Array {
    return this.words.subarray(0, this.length);
  }
}

/** Writes `value` (an unsigned 32-bit integer) as a varint at `at`; returns the next position. */
export function writeVarint(bytes: Uint8Array, at: number, value: number): number {
  while (value >= 0x80) {
    bytes[at++] = (value & 0x7f) | 0x80;
    value >>>= 7;
  }
  bytes[at++] = value;
  return at;
}
