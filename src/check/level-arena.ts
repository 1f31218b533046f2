/**
 * One level of a parallel search's frontier, as one worker found it: states compressed (as in
 * StateQueue: a length, then zigzag varints) into chunks of shared memory, so that whichever
 * worker expands a state can read it where it was written. A state's position is its chunk's
 * number × 2^32 + its offset in the chunk. A new level starts new chunks; the old ones are
 * dropped once every worker has expanded them.
 */
import { DecodedState, writeVarint } from "./state-queue.ts";

const CHUNK_BYTES = 1 << 20;
const CHUNK_SPAN = 2 ** 32;

export class LevelArena {
  private chunks: Uint8Array<SharedArrayBuffer>[] = [];
  /** The level before's chunks (being read), and chunks free to reuse. */
  private previous: Uint8Array<SharedArrayBuffer>[] = [];
  private spare: Uint8Array<SharedArrayBuffer>[] = [];
  private chunk = new Uint8Array(new SharedArrayBuffer(0));
  private writeAt = 0;

  /** Appends a state; returns its position. */
  push(words: Int32Array, length: number): number {
    if (this.writeAt + 5 * (length + 1) > this.chunk.length) {
      const reused = this.spare.pop();
      this.chunk =
        reused !== undefined && reused.length >= 5 * (length + 1)
          ? reused
          : new Uint8Array(new SharedArrayBuffer(Math.max(CHUNK_BYTES, 5 * (length + 1))));
      this.chunks.push(this.chunk);
      this.writeAt = 0;
    }
    const position = (this.chunks.length - 1) * CHUNK_SPAN + this.writeAt;
    const chunk = this.chunk;
    let at = writeVarint(chunk, this.writeAt, length);
    for (let i = 0; i < length; i++) {
      const w = words[i]!;
      at = writeVarint(chunk, at, ((w << 1) ^ (w >> 31)) >>> 0);
    }
    this.writeAt = at;
    return position;
  }

  /** The level's chunks, to hand to the other workers. */
  get buffers(): SharedArrayBuffer[] {
    return this.chunks.map((chunk) => chunk.buffer);
  }

  /** Starts a new level (the chunks written so far belong to the one before). */
  restart(): void {
    this.spare.push(...this.previous);
    this.previous = this.chunks;
    this.chunks = [];
    this.chunk = new Uint8Array(new SharedArrayBuffer(0));
    this.writeAt = 0;
  }
}

/** Reads states from the chunks of a level, wherever they were written. */
export class ArenaReader {
  private readonly decoded = new DecodedState();

  /** The state at `position` of `chunks` (valid until the next read). */
  read(chunks: readonly Uint8Array[], position: number): Int32Array {
    const c = Math.floor(position / CHUNK_SPAN);
    this.decoded.decode(chunks[c]!, position - c * CHUNK_SPAN);
    return this.decoded.view();
  }
}
