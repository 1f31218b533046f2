/**
 * One thread of a simulation on workers (strategies/walk-workers.ts): it builds its copy of the
 * system, takes its slice of the walks, and says which walk (if any) broke which property. The
 * walk itself is not sent back: the coordinator takes it again, as it is determined by the seed
 * and its index.
 */
import { parentPort, workerData } from "node:worker_threads";
import { Budget } from "./budget.ts";
import { randomWalks } from "./strategies/random-walk.ts";
import { thrownError } from "./parallel-protocol.ts";
import type { TransitionSystem } from "../core/transition-system.ts";
import type { WalkWorkerSetup, WalkWorkerEnd } from "./strategies/walk-workers.ts";

const setup = workerData as WalkWorkerSetup;
const recipe = (await import(setup.recipe.module)) as {
  buildWorkerSystem(data: unknown): TransitionSystem | Promise<TransitionSystem>;
};
const system = await recipe.buildWorkerSystem(setup.recipe.data);
// Per worker: walks finished, steps, the longest walk, seconds.
const counters = new Float64Array(setup.counters);
const bound = new Int32Array(setup.bound);
const at = setup.id * 4;
try {
  const result = randomWalks(system, {
    ...setup.walks,
    budget: Budget.from(setup.budget),
    bound: () => Atomics.load(bound, 0),
    onProgress: (progress) => {
      counters[at] = progress.runs;
      counters[at + 1] = progress.steps;
      counters[at + 2] = progress.deepest;
      counters[at + 3] = progress.seconds;
    },
  });
  if (result.run !== null) {
    // The lowest violating run wins: walks above it, in any worker, need not be taken.
    for (let seen = Atomics.load(bound, 0); result.run < seen; seen = Atomics.load(bound, 0)) {
      if (Atomics.compareExchange(bound, 0, seen, result.run) === seen) break;
    }
  }
  parentPort!.postMessage({
    run: result.run,
    violated: result.violated,
    limit: result.limit,
    witnesses: result.witnesses,
  } satisfies WalkWorkerEnd);
} catch (error) {
  // The error as it was thrown here (the model's code, say), rebuilt by the coordinator.
  parentPort!.postMessage({ failed: thrownError(error) } satisfies WalkWorkerEnd);
}
