/**
 * The exhaustive breadth-first search. It starts on this thread; when it may use workers, they
 * start once it has run {@link WORKERS_AFTER_MS} (or at once, if `synod check` started them
 * early: prestart.ts), and when they are up the one-thread search stops at the end of a level
 * worth handing over and the workers go on from there, within the same budget. The answer does
 * not depend on the worker count.
 */
import { exploreAsync } from "../explorer.ts";
import type { ExploreResult } from "../search.ts";
import { exploreParallel, WorkerPool } from "../parallel.ts";
import { discardPrestarted, hasPrestarted } from "../prestart.ts";
import type { SearchOptions, SearchStrategy } from "../strategy.ts";
import type { TransitionSystem } from "../../core/transition-system.ts";

/**
 * How long a search runs on one thread before workers are started for it, in milliseconds:
 * starting them takes 0.2-0.4 s (and both cores while it lasts), longer than a small model takes
 * on one thread, and a model done by then never pays for it.
 */
export const WORKERS_AFTER_MS = 300;

export const breadthFirst: SearchStrategy = {
  name: "breadth-first",
  search,
};

async function search(system: TransitionSystem, options: SearchOptions): Promise<ExploreResult> {
  const { workers, recipe, ...explore } = options;
  if (workers <= 1 || recipe === undefined) {
    discardPrestarted();
    return exploreAsync(system, explore);
  }
  const started = performance.now();
  let pool: WorkerPool | null = null;
  const startPool = (): void => {
    pool = new WorkerPool(recipe(), workers, explore.checkpoint !== undefined);
  };
  if (hasPrestarted()) startPool();
  const handover = (): boolean => {
    if (pool === null && performance.now() - started > WORKERS_AFTER_MS) startPool();
    return (pool as WorkerPool | null)?.up === true;
  };
  let result: ExploreResult;
  let spent: number;
  try {
    const first = await exploreAsync(system, { ...explore, handover });
    if (first.limit !== "handover") return first;
    // The one-thread search's time (a resumed search's earlier runs included).
    spent = first.seconds;
    // Progress shows the time already spent.
    const onProgress = explore.onProgress;
    result = await exploreParallel(
      system,
      pool!,
      {
        ...explore,
        onProgress: (progress) => onProgress?.({ ...progress, seconds: progress.seconds + spent }),
      },
      first,
    );
  } finally {
    // Also when a handler throws: live workers would keep the process from exiting.
    await (pool as WorkerPool | null)?.close();
  }
  // The time on one thread counts: it is part of the answer's cost.
  const seconds = result.seconds + spent;
  return { ...result, seconds, statesPerSecond: result.distinctStates / seconds };
}
