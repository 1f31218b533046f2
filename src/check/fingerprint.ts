/**
 * 64-bit fingerprints of integer vectors: two independent 32-bit MurmurHash3-style hashes over
 * the same words. Written for the hot path: integer arithmetic only, no allocation.
 */

/** The two halves of the last fingerprint computed (read them before the next call). */
export const fingerprintOut = new Uint32Array(2);

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

function mix(h: number, word: number): number {
  let k = Math.imul(word, C1);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, C2);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function finish(h: number, length: number): number {
  h ^= length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Fingerprints `words[0..length)` into {@link fingerprintOut}. */
export function fingerprint(words: Int32Array, length: number): void {
  let h1 = 0x9747b28c;
  let h2 = 0x5bd1e995;
  for (let i = 0; i < length; i++) {
    const w = words[i]!;
    h1 = mix(h1, w);
    // The second hash sees each word rotated and offset by its position, so the two are independent.
    h2 = mix(h2, ((w << 7) | (w >>> 25)) ^ Math.imul(i + 1, 0x27d4eb2d));
  }
  fingerprintOut[0] = finish(h1, length);
  fingerprintOut[1] = finish(h2, length ^ 0x5f356495);
}
