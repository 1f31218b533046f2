/**
 * Random simulation's demonstrations: buggy variants in models far too large for `synod check`
 * to finish, each found by a given seed within a given number of walks and shortened.
 */
import { describe, expect, it } from "vitest";
import { loadModel } from "../../src/app/load.ts";
import { simulateModel } from "../../src/app/simulate.ts";
import { Budget } from "../../src/check/budget.ts";

async function simulate(file: string, seed: number, runs: number) {
  const loaded = await loadModel(file);
  return simulateModel(loaded, {
    seed,
    runs,
    maxSteps: 100,
    swarm: true,
    run: null,
    shard: null,
    workers: 1,
    budget: Budget.unlimited(),
  });
}

describe("simulation finds what check cannot reach", () => {
  it("single-decree: the forgotten promise at 5 acceptors and 3 proposers, seed 12", async () => {
    const report = await simulate("models/simulate/forget-promise-large.synod", 12, 1100);
    expect(report.walks).toMatchObject({ violated: "agreement", run: 1002, runs: 1003 });
    expect(report.shrunk).toMatchObject({ walked: 56, searched: 24, cut: false });
    expect(report.counterexample).toHaveLength(25);
  });

  it("Multi-Paxos: a leader that skips recovery at 5 replicas and 3 proposers, seed 1", async () => {
    const report = await simulate("models/simulate/no-recovery-large.synod", 1, 100);
    expect(report.walks).toMatchObject({ violated: "slot-agreement", run: 4, runs: 5 });
    expect(report.shrunk).toMatchObject({ walked: 64, searched: 24, cut: false });
    expect(report.counterexample).toHaveLength(25);
  });

  it("key-value store: the old leader's local read, with two writes and two reads, seed 1", async () => {
    const report = await simulate("models/simulate/kv-leader-local-reads-large.synod", 1, 100);
    expect(report.walks).toMatchObject({ violated: "linearizable", run: 2, runs: 3 });
    expect(report.shrunk).toMatchObject({ walked: 39, searched: 21, cut: false });
    expect(report.counterexample).toHaveLength(22);
  });
});
