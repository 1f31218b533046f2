/**
 * Shortening a random walk's violation: delta debugging, then a bounded search, each keeping a
 * real run of the system that breaks the same property.
 */
import { describe, expect, it } from "vitest";
import { loadModel } from "../../src/app/load.ts";
import { buildSystem } from "../../src/run.ts";
import { randomWalks } from "../../src/check/strategies/random-walk.ts";
import { shrinkTrace } from "../../src/check/shrink.ts";
import { Budget } from "../../src/check/budget.ts";
import type { TransitionSystem } from "../../src/core/transition-system.ts";
import type { TraceStep } from "../../src/check/search.ts";

const walkTo = async (file: string, seed: number) => {
  const system = buildSystem(await loadModel(file));
  const found = randomWalks(system, { seed, runs: 100_000, maxSteps: 100, swarm: true });
  return { system, found };
};

/** Each step is a transition of the system, and the last state breaks `property`. */
function expectRealViolation(system: TransitionSystem, trace: readonly TraceStep[], id: string) {
  for (let i = 1; i < trace.length; i++) {
    const successors: string[] = [];
    system.successors(trace[i - 1]!.state, (action, words, length) =>
      successors.push(`${action}:${words.subarray(0, length).join(",")}`),
    );
    expect(successors).toContain(`${trace[i]!.action}:${trace[i]!.state.join(",")}`);
  }
  const last = trace[trace.length - 1]!.state;
  expect(system.invariants.find((p) => p.id === id)!.holds(last)).toBe(false);
}

describe("shrinking a violating walk", () => {
  it("takes the forgotten promise's walk of 20 steps down to the shortest, 16", async () => {
    const { system, found } = await walkTo("models/variants/forget-promise.synod", 2);
    expect(found).toMatchObject({ violated: "agreement", run: 1746 });
    const shrunk = shrinkTrace(system, found.trace!, "agreement");
    expect(shrunk).toMatchObject({ walked: 20, debugged: 16, searched: 16, cut: false });
    expectRealViolation(system, shrunk.trace, "agreement");
  });

  it("finds by search what delta debugging left: Multi-Paxos with disjoint quorums, 26 to 16 to 13", async () => {
    const { system, found } = await walkTo("models/multipaxos/variants/disjoint-quorums.synod", 1);
    expect(found).toMatchObject({ violated: "slot-agreement", run: 69 });
    const shrunk = shrinkTrace(system, found.trace!, "slot-agreement");
    expect(shrunk).toMatchObject({ walked: 26, debugged: 16, searched: 13, cut: false });
    expectRealViolation(system, shrunk.trace, "slot-agreement");
  });

  it("stops when asked and keeps the walk as it was", async () => {
    const { system, found } = await walkTo("models/variants/forget-promise.synod", 2);
    const budget = Budget.unlimited();
    budget.request("interrupt");
    const shrunk = shrinkTrace(system, found.trace!, "agreement", budget);
    expect(shrunk).toMatchObject({ walked: 20, debugged: 20, searched: 20, cut: true });
    expect(shrunk.trace).toBe(found.trace);
  });
});
