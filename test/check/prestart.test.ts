/**
 * `synod check` starts its search workers before it has read the model (src/cli/early.ts); a
 * pool made for the search adopts them if they fit, and the answer is the one any pool gives.
 */
import { afterEach, describe, expect, it } from "vitest";
import { compiledUrl } from "../../src/runtime/compiled.ts";
import { workerEntry } from "../../src/runtime/workers.ts";
import { explore } from "../../src/check/explorer.ts";
import { exploreParallel, WorkerPool } from "../../src/check/parallel.ts";
import {
  adoptPrestarted,
  discardPrestarted,
  hasPrestarted,
  prestartWorkers,
} from "../../src/check/prestart.ts";
import { startWorkersEarly } from "../../src/cli/early.ts";
import { loadModel } from "../../src/app/load.ts";
import { buildSystem, checkModelAsync } from "../../src/run.ts";
import { workerRecipe } from "../../src/app/build.ts";

/** Workers are started early only from a compiled copy that matches the sources. */
const compiled =
  compiledUrl(new URL("../../src/check/parallel-worker.ts", import.meta.url).href) !== null;

const counts = (result: ReturnType<typeof explore>) => [
  result.verdict,
  result.distinctStates,
  result.generatedStates,
  result.depth,
];

describe("workers started early", () => {
  afterEach(() => discardPrestarted());

  it("are adopted by a pool of their count, and search as workers started by it", async () => {
    const loaded = await loadModel("models/tla/paxos-3a-2v-b1.synod");
    const system = buildSystem(loaded);
    prestartWorkers(2, workerEntry().compiled);
    expect(hasPrestarted()).toBe(compiled);
    const pool = new WorkerPool(workerRecipe(loaded, system), 2);
    expect(hasPrestarted()).toBe(false);
    expect(pool.compiled).toBe(compiled);
    expect(counts(await exploreParallel(system, pool))).toEqual(counts(explore(system)));
  });

  it("are ended when the pool wants another count, which starts its own", async () => {
    const loaded = await loadModel("models/tla/paxos-3a-2v-b1.synod");
    const system = buildSystem(loaded);
    prestartWorkers(2, workerEntry().compiled);
    const pool = new WorkerPool(workerRecipe(loaded, system), 3);
    expect(hasPrestarted()).toBe(false);
    expect(pool.peers).toHaveLength(3);
    expect(counts(await exploreParallel(system, pool))).toEqual(counts(explore(system)));
  });

  it("are ended when the search runs on one thread", async () => {
    prestartWorkers(2, workerEntry().compiled);
    const loaded = await loadModel("models/liveness/one-proposer.synod");
    const report = await checkModelAsync(loaded, { workers: 2 });
    expect(report.result.workers).toBe(1);
    expect(hasPrestarted()).toBe(false);
  });

  it("take a search over as soon as a level is worth it", async () => {
    prestartWorkers(2, workerEntry().compiled);
    const loaded = await loadModel("models/bench/tla-2v-b3-sym.synod");
    const report = await checkModelAsync(loaded, { workers: 2 });
    expect(hasPrestarted()).toBe(false);
    expect(report.result.workers).toBe(2);
    expect(report.result.distinctStates).toBe(710_709);
    expect(report.result.generatedStates).toBe(5_874_622);
  });

  it("are started for `synod check` only when it will search on workers", async () => {
    startWorkersEarly(["check", "models/paxos-one-ballot.synod", "--json", "--workers", "1"]);
    expect(hasPrestarted()).toBe(false);
    startWorkersEarly(["check", "models/paxos-one-ballot.synod", "--json", "--exact"]);
    expect(hasPrestarted()).toBe(false);
    startWorkersEarly(["trace", "models/paxos-one-ballot.synod", "--json"]);
    expect(hasPrestarted()).toBe(false);
    startWorkersEarly(["check", "models/paxos-one-ballot.synod", "--json", "--workers", "many"]);
    expect(hasPrestarted()).toBe(false);
    startWorkersEarly(["check", "models/paxos-one-ballot.synod", "--json", "--workers=3"]);
    expect(hasPrestarted()).toBe(compiled);
    const threads = adoptPrestarted(3) ?? [];
    expect(threads).toHaveLength(compiled ? 3 : 0);
    await Promise.all(threads.map((thread) => thread.terminate()));
  });
});
