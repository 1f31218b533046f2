// Entry point of the search worker: registers tsx in the worker (it does not inherit the main
// thread's loader), then runs the TypeScript worker.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
// The search's own workers start first, and are up by the time this one has loaded synod's
// modules and read the model (src/check/prestart.ts).
const { prestartWorkers } = await import("../check/prestart.ts");
if (workerData.options.exact !== true) prestartWorkers(workerData.options.workers ?? 1);
await import("./search-worker.ts");
