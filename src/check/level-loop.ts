/**
 * The one search core: a level-synchronous breadth-first loop, shared by the one-thread search
 * (explorer.ts) and the parallel one (parallel.ts). Each supplies a {@link LevelExpander} (its
 * stores and its way of expanding a level); the loop alone decides when the search ends, which
 * depth it reached, when a checkpoint is written, and, through {@link firstEvent}, which of the
 * events met in a level is the one reported.
 *
 * The loop is a generator so that one code serves a search that must not wait (on one thread, it
 * only pauses now and then for a UI to redraw: {@link runToEnd}, {@link runAsync}) and one that
 * waits for its workers at every phase (it yields their promises: {@link wait}).
 */
import type { ExploreOptions, Limit } from "./search.ts";
import type { SearchSnapshot } from "./snapshot.ts";

/**
 * A piece of search: it yields `undefined` to pause (a UI may redraw) or a promise it waits for
 * (the value is sent back in), and returns its answer.
 */
export type Step<T> = Generator<Promise<unknown> | undefined, T, unknown>;

/** Waits for `promise` within a {@link Step}. */
export function* wait<T>(promise: Promise<T>): Step<T> {
  return (yield promise) as T;
}

/** Runs a step that never waits to its end, without pausing. */
export function runToEnd<T>(step: Step<T>): T {
  let next = step.next();
  while (!next.done) {
    if (next.value !== undefined) throw new Error("a search that cannot wait waited");
    next = step.next();
  }
  return next.value;
}

/** Runs a step to its end, giving the event loop a turn at each pause, and awaiting each wait. */
export async function runAsync<T>(step: Step<T>): Promise<T> {
  let next = step.next();
  while (!next.done) {
    if (next.value === undefined) {
      await new Promise((resolve) => setImmediate(resolve));
      next = step.next();
      continue;
    }
    let value: unknown;
    try {
      value = await next.value;
    } catch (error) {
      // The step sees the failure where it waited (its own try and finally apply).
      next = step.throw(error);
      continue;
    }
    next = step.next(value);
  }
  return next.value;
}

/** A level to expand. */
export interface Level {
  /** Its depth: 0 is a virtual root whose successors are the initial states (at depth 1). */
  readonly depth: number;
  /** True if the depth limit forbids storing the level's successors. */
  readonly lastLevel: boolean;
}

/**
 * How a level's expansion ended: the counts so far (up to and including the first event, if the
 * level met one), and that event.
 */
export interface LevelEnd<V> {
  /** Distinct states stored, in all. */
  readonly distinct: number;
  /** States generated, in all. */
  readonly generated: number;
  /** The first violation of the level in the one-threaded order. */
  readonly violation: V | null;
  /** Or what stopped the level: a limit, a stop (time, interrupt, memory), or a handover. */
  readonly limit: Limit | null;
}

/** How a search ended. */
export interface Outcome<V> extends LevelEnd<V> {
  /** TLC's depth: the deepest level with a stored state (the initial states are at depth 1). */
  readonly depth: number;
}

/** What a kind of search supplies to the loop. */
export interface LevelExpander<V> {
  /** The first level to expand, and the distinct states stored before its successors. */
  readonly start: { readonly depth: number; readonly distinct: number };
  /** Expands a level, to its end or to its first event. */
  expand(level: Level): Step<LevelEnd<V>>;
  /** The search as it stands, for a checkpoint: between two levels, or where it stopped. */
  snapshot(): Step<SearchSnapshot>;
}

/**
 * Searches level by level to the end: no new state, a violation, a limit or a stop. A search
 * stopped by the clock or by the user writes a checkpoint, to go on from later.
 */
export function* levels<V>(
  expander: LevelExpander<V>,
  options: Pick<ExploreOptions, "maxDepth" | "checkpoint">,
): Step<Outcome<V>> {
  const maxDepth = options.maxDepth ?? null;
  const checkpoint = options.checkpoint;
  let { depth, distinct: before } = expander.start;
  for (;;) {
    if (depth >= 1 && checkpoint?.due() === true) checkpoint.write(yield* expander.snapshot());
    const lastLevel = depth >= 1 && maxDepth !== null && depth >= maxDepth;
    const end = yield* expander.expand({ depth, lastLevel });
    // States found while expanding a level lie one level deeper.
    const outcome = { ...end, depth: end.distinct > before ? depth + 1 : depth };
    if (end.violation !== null || end.limit !== null) {
      if (
        end.violation === null &&
        (end.limit === "time" || end.limit === "interrupt") &&
        depth >= 1 &&
        checkpoint !== undefined
      ) {
        checkpoint.write(yield* expander.snapshot());
      }
      return outcome;
    }
    if (end.distinct === before) return outcome;
    before = end.distinct;
    depth++;
  }
}

/** The kinds of event that end a search within a level. */
export type EventKind = "state" | "step" | "limit";

/**
 * Which event the one-threaded order meets first, given the number of the transition (in that
 * order) at which each happens, or Infinity if it does not: a broken state invariant, a broken
 * step property, a state or depth limit (a new state that may not be stored). At the same
 * transition a broken state invariant comes first (the simpler story, when the step that leads
 * to a bad state is also a bad step), then a broken step, then the limit.
 */
export function firstEvent(state: number, step: number, limit: number): EventKind | null {
  const first = Math.min(state, step, limit);
  if (first === Infinity) return null;
  return state === first ? "state" : step === first ? "step" : "limit";
}
