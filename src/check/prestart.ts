/**
 * Search workers started before their search is known. A worker takes about 0.2 s to start (a
 * fresh isolate loading synod's compiled modules); the command line takes longer than that to
 * load its own modules and read the model, so `synod check` starts its workers first
 * (cli/early.ts) and they are up by the time the search begins, or soon after. A worker started
 * this way waits for its setup message (parallel-worker.ts); a {@link WorkerPool} made for a
 * matching search adopts it, and one that is never adopted is terminated or, being unreferenced,
 * does not keep the process alive.
 */
import { Worker } from "node:worker_threads";

interface Early {
  readonly thread: Worker;
  /** Set if the thread failed or exited before it was adopted. */
  failed: boolean;
}

let early: Early[] = [];

/**
 * Starts `count` workers of the compiled copy's entry `worker` (none if it is null: a worker that
 * must run the sources through tsx is started by its pool, as before). Each loads the module `preload`
 * (a URL: the one that builds the search's system, most likely) while it waits for its setup.
 */
export function prestartWorkers(
  count: number,
  worker: string | null,
  preload: string | null = null,
): void {
  if (count < 2 || early.length > 0 || worker === null) return;
  for (let i = 0; i < count; i++) {
    const thread = new Worker(new URL(worker), { workerData: { preload } });
    thread.unref();
    const entry: Early = { thread, failed: false };
    thread.once("error", () => (entry.failed = true));
    thread.once("exit", () => (entry.failed = true));
    early.push(entry);
  }
}

/** True if workers were started early and not yet adopted or discarded. */
export function hasPrestarted(): boolean {
  return early.length > 0;
}

/**
 * The workers started early, for a pool of `count` compiled workers, or null if there are none
 * that fit (those that do not are terminated).
 */
export function adoptPrestarted(count: number): Worker[] | null {
  const taken = early;
  early = [];
  if (taken.length === count && taken.every((entry) => !entry.failed)) {
    return taken.map(({ thread }) => {
      thread.ref();
      return thread;
    });
  }
  for (const { thread } of taken) void thread.terminate();
  return null;
}

/** Terminates the workers started early, if any (their search will not use them). */
export function discardPrestarted(): void {
  adoptPrestarted(-1);
}
