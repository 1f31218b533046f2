/**
 * The breadth-first frontier: encoded states in first-in first-out order, packed into large byte
 * chunks rather than one object per state. A frontier can hold a tenth of all states at once, so
 * each state is stored compressed: its length, then each word as a zigzag varint (most words are
 * small ids, ballots and counts: one or two bytes instead of four). A chunk is released once it
 * has been read to the end.
 */
const CHUNK_BYTES = 1 << 22;
/** A position is chunk × CHUNK_SPAN + offset (a chunk is never longer than this). */
const CHUNK_SPAN = 2 ** 32;
const RELEASED = new Uint8Array(0);
/** The most bytes a state of n words can take: a varint of an int32 is at most 5 bytes. */
const worst = (n: number) => 5 * (n + 1);

export class StateQueue {
  private chunks: Uint8Array[] = [new Uint8Array(CHUNK_BYTES)];
  /** How many bytes of each full chunk are used (the last chunk's is `writeAt`). */
  private used: number[] = [];
  private readChunk = 0;
  private readAt = 0;
  private writeAt = 0;
  /** The state last taken, decoded. */
  private readonly taken = new DecodedState();
  length = 0;

  /** Appends a state; returns its position, for {@link peek}. */
  push(words: Int32Array, length: number): number {
    let chunk = this.chunks[this.chunks.length - 1]!;
    if (this.writeAt + worst(length) > chunk.length) {
      this.used[this.chunks.length - 1] = this.writeAt;
      chunk = new Uint8Array(Math.max(CHUNK_BYTES, worst(length)));
      this.chunks.push(chunk);
      this.writeAt = 0;
    }
    const position = (this.chunks.length - 1) * CHUNK_SPAN + this.writeAt;
    let at = writeVarint(chunk, this.writeAt, length);
    for (let i = 0; i < length; i++) {
      const w = words[i]!;
      at = writeVarint(chunk, at, ((w << 1) ^ (w >> 31)) >>> 0);
    }
    this.writeAt = at;
    this.length++;
    return position;
  }

  /** Where the next state pushed will be. */
  get tail(): number {
    return (this.chunks.length - 1) * CHUNK_SPAN + this.writeAt;
  }

  /** Removes the oldest state and returns its words (valid until the next take or peek). */
  take(): Int32Array {
    if (this.readChunk < this.chunks.length - 1 && this.readAt >= this.used[this.readChunk]!) {
      this.chunks[this.readChunk] = RELEASED;
      this.readChunk++;
      this.readAt = 0;
    }
    this.readAt = this.taken.decode(this.chunks[this.readChunk]!, this.readAt);
    this.length--;
    return this.taken.view();
  }

  /**
   * The state at `position`, without removing it (valid until the next take or peek): for a
   * reader that visits a stretch of the queue in an order of its own, then {@link release}s it.
   */
  peek(position: number): Int32Array {
    const chunk = Math.floor(position / CHUNK_SPAN);
    this.taken.decode(this.chunks[chunk]!, position - chunk * CHUNK_SPAN);
    return this.taken.view();
  }

  /** Frees the chunks wholly before `position`, and forgets `count` states. */
  release(position: number, count: number): void {
    const chunk = Math.floor(position / CHUNK_SPAN);
    for (let i = 0; i < chunk; i++) this.chunks[i] = RELEASED;
    this.length -= count;
  }
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
