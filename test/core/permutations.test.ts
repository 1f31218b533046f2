/** Orderings by number and numbers of orderings, which symmetry reduction converts per state. */
import { describe, expect, it } from "vitest";
import {
  factorial,
  nthOrdering,
  orderingIndex,
  permutations,
} from "../../src/core/permutations.ts";

describe("orderings by number", () => {
  it.each([0, 1, 2, 3, 4, 5, 6])(
    "n = %i: nthOrdering lists permutations, orderingIndex inverts it",
    (n) => {
      const all = permutations(n);
      expect(all).toHaveLength(factorial(n));
      expect(new Set(all.map((p) => p.join(","))).size).toBe(factorial(n));
      all.forEach((ordering, index) => {
        expect(nthOrdering(n, index)).toEqual(ordering);
        expect(orderingIndex(ordering)).toBe(index);
      });
    },
  );
});
