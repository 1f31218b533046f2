/**
 * What `synod check` starts before it loads its own modules: the search workers it will most
 * likely use (check/prestart.ts). Reads the command line on its own, loosely: a command line it
 * does not understand starts nothing, and the search then starts its workers itself.
 */
import { availableParallelism } from "node:os";
import { MAX_WORKERS } from "../check/parallel-protocol.ts";
import { prestartWorkers } from "../check/prestart.ts";
import { compiledModule, workerEntry } from "../runtime/workers.ts";

/** Starts search workers for `synod check` run with these arguments, when it will want them. */
export function startWorkersEarly(argv: readonly string[]): void {
  // Under --max-memory the search keeps to one thread (it can go on on disk; workers cannot).
  if (argv[0] !== "check" || argv.includes("--exact")) return;
  if (argv.some((arg) => arg === "--max-memory" || arg.startsWith("--max-memory="))) return;
  // The live panel searches in a thread of its own, which starts its own workers.
  const live =
    !argv.includes("--json") && !argv.includes("--no-tui") && process.stdout.isTTY === true;
  if (live) return;
  let workers = Math.min(MAX_WORKERS, availableParallelism());
  const at = argv.findIndex((arg) => arg === "--workers" || arg.startsWith("--workers="));
  if (at >= 0) {
    const text = argv[at] === "--workers" ? argv[at + 1] : argv[at]!.slice("--workers=".length);
    workers = Number(text);
    if (!Number.isInteger(workers) || workers > MAX_WORKERS) return;
  }
  prestartWorkers(workers, workerEntry().compiled, compiledModule("../app/build.ts"));
}
