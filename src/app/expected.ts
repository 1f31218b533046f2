/**
 * A check's result against the model's `expect` block: the verdict, the counts and the
 * counterexample's length it states. A search a limit stopped is not compared (its counts are
 * partial), and a count the block leaves out is not compared either.
 */
import type { Expectation } from "../core/model.ts";
import type { ExploreResult } from "../check/search.ts";

/** How a result compares with what the model expects. */
export interface Comparison {
  /** True if every stated expectation is met; null if the search stopped before the end. */
  readonly met: boolean | null;
  /** Each difference in words: `states 12 (expected 10)`. */
  readonly differences: readonly string[];
}

const n = (x: number): string => x.toLocaleString("en-US");

/** Compares a result with the model's expectations. */
export function compareExpectation(expect: Expectation, result: ExploreResult): Comparison {
  if (result.verdict === "incomplete") return { met: null, differences: [] };
  const differences: string[] = [];
  const verdict = result.verdict === "ok" ? "holds" : `violates ${result.violated}`;
  const wanted =
    expect.verdict.kind === "holds" ? "holds" : `violates ${expect.verdict.property.name}`;
  if (verdict !== wanted) differences.push(`${verdict} (expected ${wanted})`);
  const steps = result.trace === null ? null : result.trace.length - 1;
  const actual: [string, number | null, number | null][] = [
    ["states", result.distinctStates, expect.states],
    ["generated", result.generatedStates, expect.generated],
    ["edges", result.edges, expect.edges],
    ["depth", result.depth, expect.depth],
    ["steps", steps, expect.steps],
    ["loop", result.loop, expect.loop],
  ];
  for (const [what, got, want] of actual) {
    if (want === null || got === want) continue;
    differences.push(`${what} ${got === null ? "none" : n(got)} (expected ${n(want)})`);
  }
  return { met: differences.length === 0, differences };
}
