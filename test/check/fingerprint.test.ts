/**
 * Fingerprints: structured vectors (short, of small and extreme words, zero-padded, permuted)
 * get distinct fingerprints, and distinct halves too. The halves' quality on whole state spaces
 * is measured in docs/performance.md.
 */
import { describe, expect, it } from "vitest";
import { fingerprint, fingerprintOut } from "../../src/check/fingerprint.ts";

const WORDS = [0, 1, 2, 3, -1, 0x7fffffff, -0x80000000, 12345];

/** Every vector of length 0 to `longest` over WORDS. */
function vectors(longest: number): Int32Array[] {
  const all: Int32Array[] = [new Int32Array(0)];
  let previous: Int32Array[] = [new Int32Array(0)];
  for (let length = 1; length <= longest; length++) {
    const next: Int32Array[] = [];
    for (const prefix of previous) {
      for (const word of WORDS) {
        const vector = new Int32Array(length);
        vector.set(prefix);
        vector[length - 1] = word;
        next.push(vector);
      }
    }
    all.push(...next);
    previous = next;
  }
  return all;
}

describe("fingerprint", () => {
  it("gives the 4,681 vectors of up to four words from eight values distinct halves", () => {
    const all = vectors(4);
    expect(all).toHaveLength(4_681);
    const his = new Set<number>();
    const los = new Set<number>();
    for (const vector of all) {
      fingerprint(vector, vector.length);
      his.add(fingerprintOut[0]!);
      los.add(fingerprintOut[1]!);
    }
    expect(his.size).toBe(4_681);
    expect(los.size).toBe(4_681);
  });

  it("reads only the first `length` words", () => {
    const words = Int32Array.of(5, 6, 7, 8);
    fingerprint(words, 2);
    const prefix = [...fingerprintOut];
    fingerprint(Int32Array.of(5, 6), 2);
    expect([...fingerprintOut]).toEqual(prefix);
  });

  it("tells a vector from the same vector with a zero appended, and from its words swapped", () => {
    const of = (...words: number[]) => {
      fingerprint(Int32Array.from(words), words.length);
      return [...fingerprintOut].join(":");
    };
    const seen = new Set([of(1, 2), of(1, 2, 0), of(2, 1), of(1, 0, 2), of(0, 1, 2)]);
    expect(seen.size).toBe(5);
  });
});
