// Entry point of a random-walk worker: registers tsx in the worker (it does not inherit the main
// thread's loader), then runs the TypeScript worker.
import { register } from "tsx/esm/api";

register();
await import("./walk-worker.ts");
