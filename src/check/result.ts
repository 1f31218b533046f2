/** A search's result, assembled the same way by every kind of search. */
import type { Outcome } from "./level-loop.ts";
import type { ExploreResult, HandedOver, Limit, Progress, Spilled, TraceStep } from "./search.ts";

/** What a search adds to its outcome's counts to make its result. */
export interface ResultParts {
  readonly seconds: number;
  /** True if states were stored whole. */
  readonly exact: boolean;
  readonly workers: number;
  /** The violated property's id: the outcome's violation's, or a liveness property's. */
  readonly violated: string | null;
  readonly trace: readonly TraceStep[] | null;
  /** For a liveness violation: where its cycle starts, and whether it stutters. */
  readonly loop?: number | null;
  readonly stutters?: boolean;
  /** Edges of the state graph kept for liveness. */
  readonly edges?: number;
  /** True if a limit stopped the liveness check after every state was seen. */
  readonly inLiveness?: boolean;
  readonly handedOver?: HandedOver;
  readonly spilled?: Spilled;
}

/** The result of a search that ended with `outcome`. */
export function searchResult(outcome: Outcome<unknown>, parts: ResultParts): ExploreResult {
  const { seconds, violated, inLiveness, handedOver } = parts;
  const distinct = outcome.distinct;
  const generated = outcome.generated;
  return {
    verdict: violated !== null ? "violation" : outcome.limit !== null ? "incomplete" : "ok",
    violated,
    limit: outcome.limit,
    distinctStates: distinct,
    generatedStates: generated,
    depth: outcome.depth,
    seconds,
    statesPerSecond: seconds > 0 ? distinct / seconds : distinct,
    exact: parts.exact,
    collisionProbability: parts.exact ? 0 : collisionEstimate(distinct, generated),
    trace: parts.trace,
    loop: parts.loop ?? null,
    stutters: parts.stutters ?? false,
    edges: parts.edges ?? 0,
    workers: parts.workers,
    ...(inLiveness === true ? { inLiveness } : {}),
    ...(handedOver !== undefined ? { handedOver } : {}),
    ...(parts.spilled !== undefined ? { spilled: parts.spilled } : {}),
  };
}

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
  const outcome = {
    distinct: progress?.distinctStates ?? 0,
    generated: progress?.generatedStates ?? 0,
    depth: progress?.depth ?? 0,
    violation: null,
    limit,
  };
  const parts = { seconds, exact: false, workers: progress?.workers ?? 1, violated: null };
  return { ...searchResult(outcome, { ...parts, trace: null }), abandoned: true };
}
