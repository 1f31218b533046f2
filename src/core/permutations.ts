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

/**
 * The number of an ordering of 0..n-1 in the order {@link permutations} lists them: the inverse
 * of {@link nthOrdering}. Allocates nothing (symmetry reduction calls it per state).
 */
export function orderingIndex(ordering: ArrayLike<number>): number {
  // nthOrdering puts item m at place a_m among the items 0..m, where a_m counts the smaller
  // items before it, and weighs that choice by (m+2)·(m+3)·…·n.
  const n = ordering.length;
  let index = 0;
  let scale = 1;
  for (let m = n - 1; m >= 0; m--) {
    let at = 0;
    for (let p = 0; ordering[p] !== m; p++) if (ordering[p]! < m) at++;
    index += at * scale;
    scale *= m + 1;
  }
  return index;
}
