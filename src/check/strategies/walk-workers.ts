/**
 * Random walks on worker threads. Worker w of W takes every W-th walk of the slice it is given
 * (walks first + w·stride, first + (w + W)·stride, …); a worker that finds a violation lowers a
 * shared bound to its walk's index, and every worker stops before a walk above the bound. The
 * answer is therefore the lowest violating walk of the slice, whatever the number of workers,
 * as on one thread (only the count of walks taken past it may differ). The coordinator takes
 * that walk again itself: a walk is determined by the seed and its index.
 */
import { Worker } from "node:worker_threads";
import type { BudgetData, Budget } from "../budget.ts";
import { rebuiltError, type WorkerRecipe } from "../parallel-protocol.ts";
import { firstSeen, type WalkOptions, type WalkProgress, type WitnessSeen } from "./random-walk.ts";
import type { Limit } from "../search.ts";

/** The walks a worker takes: a {@link WalkOptions} as data. */
export type WalkSlice = Pick<
  WalkOptions,
  "seed" | "runs" | "first" | "stride" | "maxSteps" | "swarm"
>;

/** What a walk worker is given. */
export interface WalkWorkerSetup {
  readonly id: number;
  readonly recipe: WorkerRecipe;
  readonly walks: WalkSlice;
  readonly budget: BudgetData;
  /** Int32Array: the lowest violating walk's index found so far (2^31 - 1: none). */
  readonly bound: SharedArrayBuffer;
  /** Float64Array: per worker, walks finished, steps, the longest walk, seconds. */
  readonly counters: SharedArrayBuffer;
}

/** What a walk worker says at its end: what it found, or the error it failed with. */
export type WalkWorkerEnd =
  | {
      readonly run: number | null;
      readonly violated: string | null;
      readonly limit: Limit | null;
      readonly witnesses: readonly WitnessSeen[];
    }
  | {
      readonly failed: {
        readonly name: string;
        readonly message: string;
        readonly stack: string;
        readonly hint?: string;
      };
    };

/** A walk worker's end that is not a failure. */
type Found = Extract<WalkWorkerEnd, { run: number | null }>;

/** The most walks a simulation takes: walk indices are 32-bit (the shared bound is). */
export const MAX_RUNS = 2 ** 31 - 1;

/** What the workers found, with each one's progress. */
export interface WorkersEnd extends WalkProgress {
  readonly run: number | null;
  readonly violated: string | null;
  readonly limit: Limit | null;
  /** Each witness some walk met, at the lowest such walk of all the workers'. */
  readonly witnesses: readonly WitnessSeen[];
  /** Each worker's walks, steps, longest walk and seconds. */
  readonly perWorker: readonly WalkProgress[];
}

/** Takes the walks of `walks` on `count` worker threads (started from `recipe.entry`). */
export async function walkOnWorkers(
  recipe: WorkerRecipe,
  count: number,
  walks: WalkSlice,
  budget: Budget,
  onProgress?: (progress: WalkProgress) => void,
): Promise<WorkersEnd> {
  const bound = new Int32Array(new SharedArrayBuffer(4));
  bound[0] = MAX_RUNS;
  const counters = new Float64Array(new SharedArrayBuffer(8 * 4 * count));
  const entry = recipe.entry;
  // The compiled copy when both it and the recipe's module have one (it starts faster).
  const compiled = entry.compiled !== null && recipe.compiledModule !== null;
  const url = new URL(compiled ? entry.compiled! : entry.source);
  const given = compiled ? { ...recipe, module: recipe.compiledModule! } : recipe;
  const first = walks.first ?? 0;
  const stride = walks.stride ?? 1;
  const perWorker = (): WalkProgress[] =>
    Array.from({ length: count }, (_, w) => ({
      runs: counters[w * 4]!,
      steps: counters[w * 4 + 1]!,
      deepest: counters[w * 4 + 2]!,
      seconds: counters[w * 4 + 3]!,
    }));
  const total = (): WalkProgress => {
    const each = perWorker();
    return {
      runs: each.reduce((sum, p) => sum + p.runs, 0),
      steps: each.reduce((sum, p) => sum + p.steps, 0),
      deepest: Math.max(...each.map((p) => p.deepest)),
      // The walks' time (the longest any worker walked), without the threads' start (about
      // 0.3 s, which would make the rate of a short simulation meaningless).
      seconds: Math.max(0, ...each.map((p) => p.seconds)),
      found: bound[0] === MAX_RUNS ? null : bound[0]!,
    };
  };
  const timer = onProgress === undefined ? null : setInterval(() => onProgress(total()), 200);
  const threads = Array.from({ length: count }, (_, id) => {
    const setup: WalkWorkerSetup = {
      id,
      recipe: given,
      walks: { ...walks, first: first + id * stride, stride: stride * count },
      budget: budget.toData(),
      bound: bound.buffer as SharedArrayBuffer,
      counters: counters.buffer as SharedArrayBuffer,
    };
    return new Worker(url, { workerData: setup });
  });
  try {
    const ends = await Promise.all(
      threads.map(
        (thread) =>
          new Promise<Found>((resolve, reject) => {
            thread.once("message", (end: WalkWorkerEnd) =>
              "failed" in end ? reject(rebuiltError(end.failed)) : resolve(end),
            );
            thread.once("error", reject);
            thread.once("exit", (code) =>
              reject(new Error(`a walk worker ended (exit code ${code}) before it reported`)),
            );
          }),
      ),
    );
    const found = ends.filter((end) => end.run !== null).sort((a, b) => a.run! - b.run!)[0];
    const end = total();
    onProgress?.(end);
    return {
      ...end,
      run: found?.run ?? null,
      violated: found?.violated ?? null,
      limit: found === undefined ? (ends.find((e) => e.limit !== null)?.limit ?? null) : null,
      witnesses: firstSeen(ends.flatMap((e) => e.witnesses)),
      perWorker: perWorker(),
    };
  } finally {
    if (timer !== null) clearInterval(timer);
    await Promise.all(threads.map((thread) => thread.terminate()));
  }
}
