/**
 * The parallel search gives the one-threaded search's answer for every worker count: counts,
 * depth, verdict, the violated property, the limit hit and the counterexample itself, also when
 * the search stops in the middle of a level.
 */
import { describe, expect, it } from "vitest";
import { explore } from "../../src/check/explorer.ts";
import { answer } from "./answer.ts";
import type { ExploreOptions } from "../../src/check/search.ts";
import { exploreParallel, split, WorkerPool } from "../../src/check/parallel.ts";
import { loadModel, modelFromSource, resolveModel } from "../../src/app/load.ts";
import { buildSystem, checkModelAsync } from "../../src/run.ts";
import { workerRecipe } from "../../src/app/build.ts";

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
    it(`${file} ${JSON.stringify(options)}: the same answer with 1, 2 and 3 workers`, async () => {
      const loaded = await loadModel(file);
      const system = buildSystem(loaded);
      const one = answer(explore(system, options));
      expect(one).toMatchObject(expected);
      for (const workers of [2, 3]) {
        const result = await exploreParallel(
          system,
          new WorkerPool(workerRecipe(loaded, system), workers),
          options,
        );
        expect(result.workers).toBe(workers);
        expect(answer(result)).toEqual(one);
      }
    });
  }

  // Actor systems number local states and messages as the threads meet them (intern.ts), so the
  // numbering, and with it the order of successors, may differ from run to run: the counts of a
  // complete search, the verdict, the property and the length of the shortest counterexample do
  // not.
  const actorCases: { file: string; expected: Partial<ReturnType<typeof answer>> }[] = [
    { file: "models/paxos-set.synod", expected: { verdict: "ok", distinctStates: 17_960 } },
    // Symmetry over replicas: one state per orbit, whatever the numbering.
    { file: "models/multipaxos/scale.synod", expected: { verdict: "ok", distinctStates: 233_733 } },
    { file: "models/variants/no-adopt.synod", expected: { verdict: "violation" } },
    { file: "models/multipaxos/variants/no-gap-fill.synod", expected: { verdict: "violation" } },
  ];
  for (const { file, expected } of actorCases) {
    it(`${file}: the same counts, verdict and trace length with 1, 2 and 3 workers`, async () => {
      const loaded = await loadModel(file);
      const one = explore(buildSystem(loaded));
      expect(answer(one)).toMatchObject(expected);
      for (const workers of [2, 3]) {
        // The coordinator's system shares its numbering with the workers' copies.
        const system = buildSystem(loaded);
        const result = await exploreParallel(
          system,
          new WorkerPool(workerRecipe(loaded, system), workers),
        );
        expect(result.workers).toBe(workers);
        expect(result.verdict).toBe(one.verdict);
        expect(result.violated).toBe(one.violated);
        expect(result.trace?.length).toBe(one.trace?.length);
        if (one.verdict === "ok") {
          expect([result.distinctStates, result.generatedStates, result.depth]).toEqual([
            one.distinctStates,
            one.generatedStates,
            one.depth,
          ]);
        }
      }
    });
  }

  it("a handler that throws in a worker is reported as thrown there, with its stack", async () => {
    const file = "test/fixtures/throwing/boom.synod";
    const loaded = await loadModel(file);
    const system = buildSystem(loaded);
    const pool = new WorkerPool(workerRecipe(loaded, system), 2);
    const failure = await exploreParallel(system, pool).catch((error: Error) => error);
    expect((failure as Error).message).toBe("not implemented yet");
    expect((failure as Error).stack).toContain("test/fixtures/throwing/boom.ts:9:13");
  });

  it("a model with a liveness property stays on one thread, and says why", async () => {
    const { parallelism } = await import("../../src/run.ts");
    const loaded = await loadModel("models/liveness/one-proposer.synod");
    expect(parallelism(loaded, buildSystem(loaded), 2)).toEqual({
      workers: 1,
      why: "liveness is checked on the whole state graph, in one thread",
    });
  });

  it("a model that was never a file is searched on workers too (they get it as parsed)", async () => {
    const source = `model inline {
  protocol  paxos-abstract
  acceptors 3
  values    v1, v2
  ballots   0..1
}
`;
    const loaded = await resolveModel(modelFromSource(source, ""));
    const system = buildSystem(loaded);
    const one = answer(explore(system));
    expect(one.distinctStates).toBe(3921);
    const pool = new WorkerPool(workerRecipe(loaded, system), 2);
    expect(answer(await exploreParallel(system, pool))).toEqual(one);
  });

  it("splits a level among workers in proportion to their speeds, lower ranks to lower workers", () => {
    expect(split(10, [1, 1])).toEqual([0, 5, 10]);
    expect(split(100, [1, 3])).toEqual([0, 25, 100]);
    expect(split(7, [2, 1, 1])).toEqual([0, 4, 5, 7]);
    expect(split(0, [1, 1])).toEqual([0, 0, 0]);
  });

  it("an exact search stays on one thread, and says why", async () => {
    const { parallelism } = await import("../../src/run.ts");
    const loaded = await loadModel("models/tla/paxos-3a-2v-b1.synod");
    const system = buildSystem(loaded);
    expect(parallelism(loaded, system, 2)).toEqual({ workers: 2, why: null });
    expect(parallelism(loaded, system, 2, true)).toEqual({
      workers: 1,
      why: "exact mode keeps every state whole, in one thread",
    });
  });

  // A one-thread search that hands over at the end of a level (it looks every 4,096 states
  // expanded), and workers that go on from there: the one-thread answer, the trace included,
  // whose start lies in the one-thread search's store.
  const handovers: { file: string; options?: ExploreOptions }[] = [
    { file: "models/bench/tla-2v-b2.synod" },
    { file: "test/fixtures/parallel/no-adopt-agreement.synod" },
    { file: "models/bench/tla-2v-b2.synod", options: { maxStates: 100_000 } },
    { file: "models/bench/tla-2v-b2.synod", options: { maxDepth: 12 } },
  ];
  for (const { file, options = {} } of handovers) {
    it(`${file} ${JSON.stringify(options)}: handed over to 2 workers, the same answer`, async () => {
      const loaded = await loadModel(file);
      const system = buildSystem(loaded);
      const one = answer(explore(system, options));
      const first = explore(system, { ...options, handover: () => true, handoverLevelMs: 0 });
      expect(first.limit).toBe("handover");
      expect(first.handedOver!.frontier.length).toBeGreaterThan(0);
      const pool = new WorkerPool(workerRecipe(loaded, system), 2);
      const result = await exploreParallel(system, pool, options, first);
      expect(answer(result)).toEqual(one);
    });
  }

  it("hands over only before a level worth it", async () => {
    const system = buildSystem(await loadModel("models/bench/tla-2v-b2.synod"));
    // No level of this model takes a minute: with the workers up from the start, the search
    // still ends on this thread.
    const kept = explore(system, { handover: () => true, handoverLevelMs: 60_000 });
    expect([kept.verdict, kept.limit, kept.distinctStates]).toEqual(["ok", null, 185_369]);
    const handed = explore(system, { handover: () => true, handoverLevelMs: 0 });
    expect(handed.limit).toBe("handover");
  });

  it("checkModelAsync hands a long search over to workers, with the same answer", async () => {
    // 710,709 states: not done on one thread by the time the workers are up, so the search
    // goes on on two workers from the end of a level.
    const loaded = await loadModel("models/bench/tla-2v-b3-sym.synod");
    const report = await checkModelAsync(loaded, { workers: 2 });
    expect(report.result.workers).toBe(2);
    expect(report.result.verdict).toBe("ok");
    expect(report.result.distinctStates).toBe(710_709);
    expect(report.result.generatedStates).toBe(5_874_622);
    expect(report.result.depth).toBe(33);
  });
});
