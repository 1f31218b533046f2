/**
 * Ordered history facts (Cluster.events): each event is placed at its position in the history,
 * so runs that differ only in the order of events are different states, on one thread and on
 * workers that make the placed events again from the shared registry.
 */
import { describe, expect, it } from "vitest";
import { loadModel } from "../../src/app/load.ts";
import { workerRecipe } from "../../src/app/build.ts";
import { explore } from "../../src/check/explorer.ts";
import { exploreParallel, WorkerPool } from "../../src/check/parallel.ts";
import { buildSystem, checkModel } from "../../src/run.ts";
import { answer } from "../check/answer.ts";

const FILE = "test/fixtures/events/two.synod";
const FOUR = "test/fixtures/events/four.synod";

describe("events of an ordered history", () => {
  it("tell apart the orders of two clients' calls and returns: 19 states", async () => {
    const report = checkModel(await loadModel(FILE));
    expect([report.result.verdict, report.result.distinctStates, report.result.depth]).toEqual([
      "ok",
      19,
      5,
    ]);
  });

  it("count every order of every prefix: 7,365 states with 4 clients", async () => {
    const report = checkModel(await loadModel(FOUR));
    expect([report.result.verdict, report.result.distinctStates]).toEqual(["ok", 7365]);
  });

  it("without the declaration the facts are an unordered set, and unnumbered", async () => {
    const loaded = await loadModel(FILE);
    const build = loaded.protocol.build!;
    const protocol = {
      ...loaded.protocol,
      build: (...args: Parameters<typeof build>) => {
        const { events: _, ...cluster } = build(...args);
        return cluster;
      },
    };
    const report = checkModel({ ...loaded, protocol });
    expect(report.result.violated).toBe("ordered");
    expect(report.explanation).toBe("the events are not numbered 0, 1, 2, …");
  });

  it("are placed alike by workers that take the search over", async () => {
    const four = await loadModel(FOUR);
    const system = buildSystem(four);
    const one = answer(explore(system, {}));
    const first = explore(system, { handover: () => true, handoverLevelMs: 0 });
    expect(first.limit).toBe("handover");
    const pool = new WorkerPool(workerRecipe(four, system), 2);
    const result = await exploreParallel(system, pool, {}, first);
    expect(answer(result)).toEqual(one);
    expect(result.distinctStates).toBe(7365);
  });
});
