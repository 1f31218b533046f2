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
 *
 * Under a memory limit (`spillTo`), once a new chunk would bring the process past its share of
 * the limit, each chunk filled goes to a file instead, and is read back when the reader gets to
 * it: memory then holds the chunk being read, the one being written, and a spare.
 */
import { readSync, writeSync } from "node:fs";
import { grown } from "./grown.ts";
import type { Spill } from "./spill.ts";

const CHUNK_BYTES = 1 << 22;
/** Chunks once the queue spills: memory holds about three of them, the file the rest. */
const SPILLED_CHUNK_BYTES = 1 << 20;
const RELEASED = new Uint8Array(0);
/** Marks a chunk that is in the file. */
const ON_DISK = new Uint8Array(0);

/** A copy of `bytes` in a chunk of the usual size, with room to push more. */
function copied(bytes: Uint8Array): Uint8Array {
  const chunk = new Uint8Array(CHUNK_BYTES);
  chunk.set(bytes);
  return chunk;
}
/** The most bytes a state of n words can take: its length, its marks, a varint per word. */
const worst = (n: number) => 5 + (n >>> 3) + 1 + 5 * n;

export class StateQueue {
  private chunks: Uint8Array[];
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
  /** Under a memory limit: when to spill, the file (-1 until it spills), where each chunk is. */
  private spill: Spill | null = null;
  private fd = -1;
  private diskAt: number[] = [];
  /** Where the next chunk goes in the file, and how many chunks there are still to read. */
  private fileEnd = 0;
  private unread = 0;
  private always = false;
  /** Bytes written to the file in all, for reports. */
  spilledBytes = 0;

  /** `chunkBytes`: the size of the chunks states are packed into. */
  constructor(private chunkBytes = CHUNK_BYTES) {
    this.chunks = [new Uint8Array(chunkBytes)];
  }

  /**
   * From now on, chunks go to disk once memory is short (see the module's comment), or at once
   * if `always`.
   */
  spillTo(spill: Spill, always = false): void {
    this.spill = spill;
    this.always = always;
  }

  /** Appends a state. */
  push(words: Int32Array, length: number): void {
    let chunk = this.chunks[this.chunks.length - 1]!;
    if (this.writeAt + worst(length) > chunk.length) {
      const full = this.chunks.length - 1;
      this.used[full] = this.writeAt;
      if (this.toDisk(full) && chunk.length >= worst(length) && chunk.length <= this.chunkBytes) {
        // The chunk is in the file: its memory takes the states that come next.
      } else {
        const reused = this.spare.pop();
        chunk =
          reused !== undefined && reused.length >= worst(length)
            ? reused
            : new Uint8Array(Math.max(this.chunkBytes, worst(length)));
      }
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
    const scratch = (size: number): Uint8Array => new Uint8Array(size);
    this.chunks.forEach((_, i) => {
      const used = i === this.chunks.length - 1 ? this.writeAt : this.used[i]!;
      bytes.set(this.chunkAt(i, scratch).subarray(0, used), at);
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
    reader.fd = this.fd;
    reader.diskAt = this.diskAt;
    // The reader must not hand chunks it passes to a spare list the queue would reuse.
    reader.forEachTake(visit);
  }

  /** Takes every state (of a reader over another queue's chunks), leaving the chunks be. */
  private forEachTake(visit: (state: Int32Array) => void): void {
    // Chunks in the file are read into one buffer of the reader's, in turn.
    let buffer = new Uint8Array(0);
    const scratch = (size: number): Uint8Array =>
      buffer.length >= size ? buffer : (buffer = new Uint8Array(Math.max(this.chunkBytes, size)));
    const shared = this.chunks;
    this.chunks = shared.slice();
    while (this.length > 0) {
      if (this.readChunk < this.chunks.length - 1 && this.readAt >= this.used[this.readChunk]!) {
        this.readChunk++;
        this.readAt = 0;
        if (shared[this.readChunk] === ON_DISK) {
          this.chunks[this.readChunk] = this.chunkAt(this.readChunk, scratch);
        }
      }
      visit(this.decodeNext());
    }
  }

  /**
   * Writes full chunk `i` to the file if the queue spills (and it is not being read); true if it
   * did. The first chunk that would pass the memory share starts the spilling, for good.
   */
  private toDisk(i: number): boolean {
    if (this.spill === null || i === this.readChunk) return false;
    if (this.fd < 0) {
      if (!this.always && !this.spill.due(this.chunkBytes)) return false;
      this.fd = this.spill.open("frontier");
      // Smaller chunks from now on: the big ones go as they are read.
      this.chunkBytes = Math.min(this.chunkBytes, SPILLED_CHUNK_BYTES);
      this.spare.length = 0;
    }
    const used = this.used[i]!;
    writeSync(this.fd, this.chunks[i]!, 0, used, this.fileEnd);
    this.diskAt[i] = this.fileEnd;
    this.fileEnd += used;
    this.spilledBytes += used;
    this.unread++;
    this.chunks[i] = ON_DISK;
    return true;
  }

  /** Chunk `i`'s bytes, read from the file into `into` if it is there. */
  private chunkAt(i: number, into: (size: number) => Uint8Array): Uint8Array {
    const chunk = this.chunks[i]!;
    if (chunk !== ON_DISK) return chunk;
    const buffer = into(this.used[i]!);
    readSync(this.fd, buffer, 0, this.used[i]!, this.diskAt[i]!);
    return buffer;
  }

  /** Removes the oldest state and returns its words (valid until the next take). */
  take(): Int32Array {
    if (this.readChunk < this.chunks.length - 1 && this.readAt >= this.used[this.readChunk]!) {
      const done = this.chunks[this.readChunk]!;
      if (done.length <= this.chunkBytes) this.spare.push(done);
      this.chunks[this.readChunk] = RELEASED;
      this.readChunk++;
      this.readAt = 0;
      if (this.chunks[this.readChunk] === ON_DISK) {
        this.chunks[this.readChunk] = this.chunkAt(this.readChunk, (size) => {
          const spare = this.spare.pop();
          return spare !== undefined && spare.length >= size
            ? spare
            : new Uint8Array(Math.max(this.chunkBytes, size));
        });
        // Every chunk in the file read: the next one written goes at its start.
        if (--this.unread === 0) this.fileEnd = 0;
      }
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
