/**
 * Seeded random walks: the same walks for the same seed on a freshly built system; they find a
 * bug a model hides, and nothing in a correct model.
 */
import { describe, expect, it } from "vitest";
import { loadModel } from "../../src/app/load.ts";
import { buildSystem } from "../../src/run.ts";
import { randomWalks } from "../../src/check/strategies/random-walk.ts";

const systemOf = async (file: string) => buildSystem(await loadModel(file));

describe("random walks", () => {
  it("find the forgotten promise's broken agreement, the same walk for the same seed", async () => {
    const system = await systemOf("models/variants/forget-promise.synod");
    const options = { seed: 2, runs: 2000, maxSteps: 60 };
    const first = randomWalks(system, options);
    expect(first).toMatchObject({ violated: "agreement", run: 305, runs: 306, steps: 6772 });
    expect(first.trace).toHaveLength(17);
    // The same seed on a new build of the model: the same walks.
    const again = randomWalks(await systemOf("models/variants/forget-promise.synod"), options);
    expect(again.trace!.map((step) => step.action)).toEqual(first.trace!.map((s) => s.action));
    expect(again.trace!.map((step) => Array.from(step.state))).toEqual(
      first.trace!.map((step) => Array.from(step.state)),
    );
    // Each step of the walk is a transition of the system.
    for (let i = 1; i < first.trace!.length; i++) {
      const successors: number[][] = [];
      system.successors(first.trace![i - 1]!.state, (_action, words, length) =>
        successors.push(Array.from(words.subarray(0, length))),
      );
      expect(successors).toContainEqual(Array.from(first.trace![i]!.state));
    }
  });

  it("take every run and find nothing in a correct model", async () => {
    const system = await systemOf("models/paxos.synod");
    const result = randomWalks(system, { seed: 1, runs: 2000, maxSteps: 60 });
    expect(result).toMatchObject({ violated: null, run: null, trace: null, limit: null });
    expect(result).toMatchObject({ runs: 2000, steps: 43_526 });
  });
});
