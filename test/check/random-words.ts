/** Deterministic pseudo-random 32-bit words (xorshift32), in shared memory if asked. */
export function randomWords(count: number, seed: number, shared = false): Uint32Array {
  const out = new Uint32Array(
    shared ? new SharedArrayBuffer(4 * count) : new ArrayBuffer(4 * count),
  );
  let x = seed;
  for (let i = 0; i < count; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x >>> 0;
  }
  return out;
}
