/**
 * Seeded random walks: each walk is determined by the seed and its run index (alone or after
 * others, on a fresh build or a used one); they find a bug a model hides, and nothing in a
 * correct model.
 */
import { describe, expect, it } from "vitest";
import { loadModel } from "../../src/app/load.ts";
import { buildSystem } from "../../src/run.ts";
import { withLosses } from "../../src/app/reductions.ts";
import { randomWalks, Walker } from "../../src/check/strategies/random-walk.ts";
import { describeBias } from "../../src/check/strategies/swarm.ts";
import { Budget } from "../../src/check/budget.ts";
import type { CheckableSystem } from "../../src/core/checkable.ts";
import type { TraceStep } from "../../src/check/search.ts";

// As `synod simulate` builds it: walks may lose messages (app/reductions.ts).
const systemOf = async (file: string) => buildSystem(withLosses(await loadModel(file)));

/** A walk in words, which do not depend on how a build numbered its values. */
const story = (system: CheckableSystem, trace: readonly TraceStep[]): string[] =>
  trace.slice(1).map((step, i) => system.describeAction(trace[i]!.state, step.action!));

const KINDS = new Set(["deliver", "drop", "crash", "recover", "start", "retry"]);

describe("random walks", () => {
  it("find the forgotten promise's broken agreement, the same walk for the same seed", async () => {
    const system = await systemOf("models/variants/forget-promise.synod");
    const options = { seed: 2, runs: 5000, maxSteps: 60, swarm: true };
    const first = randomWalks(system, options);
    expect(first).toMatchObject({ violated: "agreement", run: 1746, runs: 1747, steps: 34_433 });
    expect(first.trace).toHaveLength(21);
    expect(describeBias(first.bias!, system.actions!, KINDS)).toBe(
      "deliver ×1.41, drop ×0.35, crash ×0.71, recover ×2.83, start ×2.83, retry ×1.41",
    );
    // The same seed on a new build of the model: the same walks.
    const again = randomWalks(await systemOf("models/variants/forget-promise.synod"), options);
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

  it("without the swarm's biases, every transition is equally likely", async () => {
    const system = await systemOf("models/variants/forget-promise.synod");
    const result = randomWalks(system, { seed: 2, runs: 5000, maxSteps: 60, swarm: false });
    expect(result).toMatchObject({ violated: "agreement", run: 1007, bias: null });
    expect(result.trace).toHaveLength(22);
  });

  it.each(["models/paxos-one-ballot.synod", "models/multipaxos/leader-change.synod"])(
    "take walk k alike alone on a fresh build and after 3,000 others (%s)",
    async (file) => {
      const loaded = withLosses(await loadModel(file));
      const used = buildSystem(loaded);
      randomWalks(used, { seed: 7, runs: 3000, maxSteps: 80, swarm: true });
      for (const run of [1, 500, 1234, 2999]) {
        const fresh = buildSystem(loaded);
        const alone: TraceStep[] = [];
        const after: TraceStep[] = [];
        new Walker(fresh, 80, true, Budget.unlimited()).walk(7, run, alone);
        new Walker(used, 80, true, Budget.unlimited()).walk(7, run, after);
        expect(story(fresh, alone)).toEqual(story(used, after));
      }
    },
  );

  it("split into slices by run index, find the same first violation", async () => {
    const system = await systemOf("models/variants/forget-promise.synod");
    const options = { seed: 2, runs: 5000, maxSteps: 60, swarm: true };
    const even = randomWalks(system, { ...options, first: 0, stride: 2 });
    const odd = randomWalks(system, { ...options, first: 1, stride: 2 });
    expect([even.run, even.runs, odd.run, odd.runs]).toEqual([1746, 874, 1831, 916]);
  });

  it("take every run and find nothing in a correct model", async () => {
    const system = await systemOf("models/paxos-one-ballot.synod");
    const result = randomWalks(system, { seed: 1, runs: 2000, maxSteps: 60, swarm: true });
    expect(result).toMatchObject({ violated: null, run: null, trace: null, limit: null });
    expect(result).toMatchObject({ runs: 2000, steps: 34_864, deepest: 24 });
  });
});
