/** What every kind of search reports in its result besides its own counts. */
import type { ExploreResult, Limit, Progress } from "./explorer.ts";

/**
 * TLC's optimistic estimate of the probability that two of `distinct` states shared a 64-bit
 * fingerprint, after `generated` lookups.
 */
export function collisionEstimate(distinct: number, generated: number): number {
  return (distinct * Math.max(0, generated - distinct)) / 2 ** 64;
}

/**
 * The result of a search that was abandoned in a step that did not return after it was asked to
 * stop: what it last reported (`progress`, or nothing if it never did).
 */
export function abandonedResult(
  limit: Limit,
  progress: Progress | null,
  seconds: number,
): ExploreResult {
  const distinct = progress?.distinctStates ?? 0;
  const generated = progress?.generatedStates ?? 0;
  return {
    verdict: "incomplete",
    violated: null,
    limit,
    distinctStates: distinct,
    generatedStates: generated,
    depth: progress?.depth ?? 0,
    seconds,
    statesPerSecond: seconds > 0 ? distinct / seconds : 0,
    exact: false,
    collisionProbability: collisionEstimate(distinct, generated),
    trace: null,
    loop: null,
    stutters: false,
    edges: 0,
    workers: progress?.workers ?? 1,
    abandoned: true,
  };
}
