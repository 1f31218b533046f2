// Entry point of the search worker: registers tsx in the worker (it does not inherit the main
// thread's loader), then runs the TypeScript worker.
// (The compiled copy starts dist/src/ui/search-worker.js directly: live.tsx.)
import { register } from "tsx/esm/api";

register();
await import("./search-worker.ts");
