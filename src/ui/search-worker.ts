/**
 * The search, in a worker thread, for the live panel: the main thread draws while this thread
 * searches, so drawing never takes time from the search. Posts progress now and then, and the
 * result at the end.
 */
import { parentPort, workerData } from "node:worker_threads";
import { loadModel } from "../lang/load.ts";
import { checkModelAsync, type CheckOptions } from "../run.ts";

export type WorkerMessage =
  | { readonly type: "progress"; readonly progress: import("../check/explorer.ts").Progress }
  | {
      readonly type: "done";
      readonly result: import("../check/explorer.ts").ExploreResult;
      readonly explanation: string | null;
      readonly counterexample: import("../trace/counterexample.ts").CounterexampleStep[] | null;
    };

const { file, options } = workerData as { file: string; options: CheckOptions };
const post = (message: WorkerMessage) => parentPort!.postMessage(message);
const report = await checkModelAsync(await loadModel(file), {
  ...options,
  onProgress: (progress) => post({ type: "progress", progress }),
});
post({
  type: "done",
  result: report.result,
  explanation: report.explanation,
  counterexample: report.counterexample,
});
