/**
 * The parallel search gives the one-threaded search's answer for every worker count: counts,
 * depth, verdict, the violated property, the limit hit and the counterexample itself, also when
 * the search stops in the middle of a level.
 */
import { describe, expect, it } from "vitest";
import { explore, type ExploreOptions } from "../../src/check/explorer.ts";
import { exploreParallel } from "../../src/check/parallel.ts";
import { loadModel } from "../../src/lang/load.ts";
import { buildSystem, checkModelAsync } from "../../src/run.ts";

const recipe = (file: string) => ({
  module: new URL("../../src/run.ts", import.meta.url).href,
  data: { file },
});

/** What must not depend on the worker count. */
const answer = (result: ReturnType<typeof explore>) => ({
  verdict: result.verdict,
  violated: result.violated,
  limit: result.limit,
  distinctStates: result.distinctStates,
  generatedStates: result.generatedStates,
  depth: result.depth,
  trace: result.trace?.map((step) => ({ action: step.action, state: Array.from(step.state) })),
});

const cases: {
  file: string;
  options?: ExploreOptions;
  expected: Partial<ReturnType<typeof answer>>;
}[] = [
  { file: "models/tla/paxos-3a-2v-b1.synod", expected: { verdict: "ok", distinctStates: 3921 } },
  { file: "models/tla/paxos-3a-2v-b1-sym.synod", expected: { verdict: "ok", distinctStates: 443 } },
  // A step property (refinement) broken in the middle of a level.
  {
    file: "models/tla/variants/no-adopt-voting.synod",
    expected: { verdict: "violation", violated: "voting-refinement", distinctStates: 1490 },
  },
  // A state invariant broken.
  {
    file: "test/fixtures/parallel/no-adopt-agreement.synod",
    expected: { verdict: "violation", violated: "agreement", generatedStates: 170_610 },
  },
  // Limits that cut a level short.
  {
    file: "models/tla/paxos-3a-2v-b1.synod",
    options: { maxStates: 1000 },
    expected: { verdict: "incomplete", limit: "states", distinctStates: 1000 },
  },
  {
    file: "models/tla/paxos-3a-2v-b1.synod",
    options: { maxDepth: 6 },
    expected: { verdict: "incomplete", limit: "depth" },
  },
];

describe("a search on worker threads", () => {
  for (const { file, options = {}, expected } of cases) {
    it(`${file} ${JSON.stringify(options)}: the same answer with 1, 2 and 4 workers`, async () => {
      const system = buildSystem(await loadModel(file));
      const one = answer(explore(system, options));
      expect(one).toMatchObject(expected);
      for (const workers of [2, 4]) {
        const result = await exploreParallel(system, recipe(file), workers, options);
        expect(result.workers).toBe(workers);
        expect(answer(result)).toEqual(one);
      }
    });
  }

  it("an actor-style model stays on one thread, and says why", async () => {
    const { parallelism } = await import("../../src/run.ts");
    const loaded = await loadModel("models/paxos.synod");
    expect(parallelism(loaded, buildSystem(loaded), 2)).toEqual({
      workers: 1,
      why: "protocol paxos is an actor system, whose local states and messages are numbered per thread; only message-set models (paxos-abstract) are split among workers so far",
    });
  });

  it("checkModelAsync uses workers past the one-thread head start, with the same answer", async () => {
    // 710,709 states: past ONE_THREAD_STATES, so the search restarts on two workers.
    const loaded = await loadModel("models/bench/tla-2v-b3-sym.synod");
    const report = await checkModelAsync(loaded, { workers: 2 });
    expect(report.result.workers).toBe(2);
    expect(report.result.verdict).toBe("ok");
    expect(report.result.distinctStates).toBe(710_709);
    expect(report.result.generatedStates).toBe(5_874_622);
    expect(report.result.depth).toBe(33);
  });
});
