/**
 * 64-bit fingerprints of integer vectors: two independent 32-bit hashes over the same words, in
 * the style of xxHash32 (each word multiplied into an accumulator, rotated, multiplied again;
 * the accumulators merged and avalanched at the end). Each hash keeps two accumulators, one for
 * the even words and one for the odd, so that the four chains of multiplications run side by
 * side; the two hashes use different constants and rotations. Written for the hot path: integer
 * arithmetic only, no allocation.
 *
 * It replaced two MurmurHash3-style chains, which cost about twice the operations a
 * word: 54 against 42 ns for 17 words. In breadth-first searches that kept every state, each half
 * collided as often as a random 32-bit function's would (7,065,351 states of the bench model
 * then named `paxos-large`: 5,863 and 5,839 collisions where 5,811 are expected;
 * docs/notes/2026-11-performance-log.md).
 */

/** The two halves of the last fingerprint computed (read them before the next call). */
export const fingerprintOut = new Uint32Array(2);

// xxHash32's primes for the first hash, two others for the second.
const A1 = 0x9e3779b1;
const A2 = 0x85ebca77;
const B1 = 0xc2b2ae3d;
const B2 = 0x27d4eb2f;

/** Fingerprints `words[0..length)` into {@link fingerprintOut}. */
export function fingerprint(words: Int32Array, length: number): void {
  let a0 = 0x243f6a88;
  let a1 = 0x85a308d3;
  let b0 = 0x13198a2e;
  let b1 = 0x03707344;
  let i = 0;
  for (; i + 1 < length; i += 2) {
    const even = words[i]!;
    const odd = words[i + 1]!;
    a0 = (a0 + Math.imul(even, A2)) | 0;
    a0 = Math.imul((a0 << 13) | (a0 >>> 19), A1);
    a1 = (a1 + Math.imul(odd, A2)) | 0;
    a1 = Math.imul((a1 << 13) | (a1 >>> 19), A1);
    b0 = (b0 + Math.imul(even, B2)) | 0;
    b0 = Math.imul((b0 << 15) | (b0 >>> 17), B1);
    b1 = (b1 + Math.imul(odd, B2)) | 0;
    b1 = Math.imul((b1 << 15) | (b1 >>> 17), B1);
  }
  if (i < length) {
    const last = words[i]!;
    a0 = (a0 + Math.imul(last, A2)) | 0;
    a0 = Math.imul((a0 << 13) | (a0 >>> 19), A1);
    b0 = (b0 + Math.imul(last, B2)) | 0;
    b0 = Math.imul((b0 << 15) | (b0 >>> 17), B1);
  }
  // The length goes in with the merge: vectors that differ only by trailing words differ here.
  fingerprintOut[0] = avalanche1(
    (((a0 << 1) | (a0 >>> 31)) + ((a1 << 7) | (a1 >>> 25)) + length) | 0,
  );
  fingerprintOut[1] = avalanche2(
    (((b0 << 3) | (b0 >>> 29)) + ((b1 << 11) | (b1 >>> 21)) + (length ^ 0x5f356495)) | 0,
  );
}

/** xxHash32's final mix. */
function avalanche1(h: number): number {
  h ^= h >>> 15;
  h = Math.imul(h, A2);
  h ^= h >>> 13;
  h = Math.imul(h, B1);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Another final mix (Chris Wellons's "lowbias32" constants), for the second hash. */
function avalanche2(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}
