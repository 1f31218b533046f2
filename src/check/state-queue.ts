/**
 * The breadth-first frontier: encoded states in first-in first-out order, packed into large
 * Int32Array chunks as (length, words…) rather than one object per state. A chunk is released
 * once it has been read to the end.
 */
const CHUNK_WORDS = 1 << 20;
const RELEASED = new Int32Array(0);

export class StateQueue {
  private chunks: Int32Array[] = [new Int32Array(CHUNK_WORDS)];
  /** How many words of each full chunk are used (the last chunk's is `writeAt`). */
  private used: number[] = [];
  private readChunk = 0;
  private readAt = 0;
  private writeAt = 0;
  length = 0;

  push(words: Int32Array, length: number): void {
    let chunk = this.chunks[this.chunks.length - 1]!;
    if (this.writeAt + length + 1 > chunk.length) {
      this.used[this.chunks.length - 1] = this.writeAt;
      chunk = new Int32Array(Math.max(CHUNK_WORDS, length + 1));
      this.chunks.push(chunk);
      this.writeAt = 0;
    }
    chunk[this.writeAt] = length;
    chunk.set(words.subarray(0, length), this.writeAt + 1);
    this.writeAt += length + 1;
    this.length++;
  }

  /** Removes the oldest state and returns a view of its words (valid until the next take). */
  take(): Int32Array {
    if (this.readChunk < this.chunks.length - 1 && this.readAt >= this.used[this.readChunk]!) {
      this.chunks[this.readChunk] = RELEASED;
      this.readChunk++;
      this.readAt = 0;
    }
    const chunk = this.chunks[this.readChunk]!;
    const length = chunk[this.readAt]!;
    const words = chunk.subarray(this.readAt + 1, this.readAt + 1 + length);
    this.readAt += length + 1;
    this.length--;
    return words;
  }
}
