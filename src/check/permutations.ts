/** Helpers for symmetry reduction: every ordering of n items, and the order on state vectors. */

/** All orderings of 0..n-1 (n! of them; the identity among them). */
export function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  return permutations(n - 1).flatMap((rest) =>
    Array.from({ length: n }, (_, i) => [...rest.slice(0, i), n - 1, ...rest.slice(i)]),
  );
}

/** Lexicographic order on the first `length` words: the representative is the smallest image. */
export function lexLess(a: Int32Array, b: Int32Array, length: number): boolean {
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return false;
}
