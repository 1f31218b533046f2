/**
 * The search, in a worker thread, for the live panel: the main thread draws while this thread
 * searches, so drawing never takes time from the search. Posts progress now and then, and the
 * result at the end.
 */
import { parentPort, workerData } from "node:worker_threads";
import { prestartWorkers } from "../check/prestart.ts";
import { compiledModule, workerEntry } from "../runtime/workers.ts";
import type { CheckOptions } from "../run.ts";
import type { BudgetData } from "../check/budget.ts";
import type { CheckpointSettings } from "../check/checkpoint.ts";
import { thrownError } from "../check/parallel-protocol.ts";

export type WorkerMessage =
  | { readonly type: "progress"; readonly progress: import("../check/search.ts").Progress }
  | { readonly type: "checkpoint"; readonly distinct: number; readonly depth: number }
  | {
      readonly type: "done";
      readonly result: import("../check/search.ts").ExploreResult;
      readonly explanation: string | null;
      readonly picture?: readonly string[] | null;
      readonly limits: import("../run.ts").EffectiveLimits;
      readonly counterexample: import("../trace/counterexample.ts").CounterexampleStep[] | null;
      readonly witnesses: readonly import("../app/witnesses.ts").WitnessReport[];
      readonly coverage?: import("../app/coverage.ts").CoverageReport;
    }
  // The search failed: rebuilt in the main thread as it was thrown (the model's code breaking
  // synod's contract is the user's error, not an internal one).
  | {
      readonly type: "failure";
      readonly name: string;
      readonly message: string;
      readonly stack: string;
      readonly hint?: string;
    };

const { file, options, budget, checkpoint, resume } = workerData as {
  file: string;
  options: CheckOptions;
  budget?: BudgetData;
  checkpoint: CheckpointSettings | null;
  resume: string | null;
};
// The search's own workers start first, and are up by the time this thread has loaded synod's
// modules and read the model (check/prestart.ts).
// Not under a memory limit: the search keeps to one thread then (run.ts, `parallelism`).
if (options.exact !== true && options.maxMemory == null) {
  prestartWorkers(options.workers ?? 1, workerEntry().compiled, compiledModule("../app/build.ts"));
}
const { loadModel } = await import("../app/load.ts");
const { checkModelAsync } = await import("../run.ts");
const post = (message: WorkerMessage) => parentPort!.postMessage(message);
const { Budget } = await import("../check/budget.ts");
const { folderCheckpointer, readCheckpoint } = await import("../check/checkpoint.ts");
try {
  // The command line loaded (and type-checked) the model before it started this thread.
  const read = await loadModel(file, { typecheck: false });
  const { withLosses } = await import("../app/reductions.ts");
  const loaded = options.exploreDrops === true ? withLosses(read) : read;
  const report = await checkModelAsync(loaded, {
    ...options,
    ...(budget === undefined ? {} : { budget: Budget.from(budget) }),
    ...(checkpoint === null
      ? {}
      : {
          checkpoint: folderCheckpointer(checkpoint, (snapshot) =>
            post({ type: "checkpoint", distinct: snapshot.store.size, depth: snapshot.depth }),
          ),
        }),
    ...(resume === null ? {} : { resume: readCheckpoint(resume, checkpoint!.identity).snapshot }),
    onProgress: (progress) => post({ type: "progress", progress }),
  });
  post({
    type: "done",
    result: report.result,
    explanation: report.explanation,
    picture: report.picture ?? null,
    limits: report.limits,
    counterexample: report.counterexample,
    witnesses: report.witnesses,
    ...(report.coverage === undefined ? {} : { coverage: report.coverage }),
  });
} catch (error) {
  post({ type: "failure", ...thrownError(error) });
}
