/**
 * Which copy of the search worker's entry module a worker thread runs: the compiled copy when
 * it matches the sources (it starts in half the time, loading no tsx), else the sources through
 * tsx. The engine does not decide this: the application puts it in the workers' recipe, and the
 * command line gives it to the workers it starts early.
 */
import { compiledUrl, sourceUrl } from "./compiled.ts";

/** The worker entry's two forms. */
export interface WorkerEntry {
  /** The compiled copy's entry, or null if there is none that matches the sources. */
  readonly compiled: string | null;
  /** The entry that runs the sources through tsx. */
  readonly source: string;
}

/**
 * Where a worker's entry module is, in each copy: the parallel search's (`parallel-worker`), or
 * the random walks' (`walk-worker`), in src/check/.
 */
export function workerEntry(name = "parallel-worker"): WorkerEntry {
  const here = sourceUrl(import.meta.url);
  return {
    compiled: compiledUrl(new URL(`../check/${name}.ts`, here).href),
    source: new URL(`../check/${name}.mjs`, here).href,
  };
}

/** The compiled copy of one of synod's modules (`../app/build.ts`, from here), or null. */
export function compiledModule(path: string): string | null {
  return compiledUrl(new URL(path, sourceUrl(import.meta.url)).href);
}
