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

/** n! (exactly while it is below 2^53). */
export function factorial(n: number): number {
  let product = 1;
  for (let k = 2; k <= n; k++) product *= k;
  return product;
}

/**
 * Ordering number `index` of 0..n-1, in the order {@link permutations} lists them, made from
 * its number alone (no list of all n!): `nthOrdering(n, i)` equals `permutations(n)[i]`.
 */
export function nthOrdering(n: number, index: number): number[] {
  // permutations(n) inserts n-1 into each ordering of n-1 items at every place, in turn.
  if (n === 0) return [];
  const rest = nthOrdering(n - 1, Math.floor(index / n));
  const at = index % n;
  return [...rest.slice(0, at), n - 1, ...rest.slice(at)];
}
