/**
 * The shipped models: exact state counts for the correct ones; for each buggy variant, the
 * invariant it breaks and the exact length of the shortest counterexample.
 */
import { describe, expect, it } from "vitest";
import { checkFile } from "../src/run.ts";

describe("correct models hold, with exact counts", () => {
  const cases: [file: string, distinct: number, generated: number, depth: number][] = [
    ["models/paxos.synod", 2_178_410, 14_572_303, 27],
    ["models/paxos-set.synod", 60_845, 1_033_081, 23],
    ["models/paxos-any-value.synod", 279_297, 1_412_925, 25],
    ["models/paxos-retry.synod", 145_690, 2_607_432, 24],
    ["models/paxos-duplicates.synod", 1_720_257, 10_465_470, 27],
    ["models/paxos-flexible.synod", 108_000, 550_799, 29],
    ["models/multipaxos/one-leader.synod", 849_480, 5_057_156, 31],
    ["models/multipaxos/leader-change.synod", 395_924, 2_272_414, 28],
    ["models/multipaxos/star-quorums.synod", 366_678, 2_004_525, 30],
    // The Multi-Paxos scale model: 2 proposers, 2 slots, a drop and a crash, `symmetry replicas`.
    ["models/multipaxos/scale.synod", 233_733, 1_473_966, 30],
  ];
  it.each(cases)("%s", async (file, distinct, generated, depth) => {
    const { result } = await checkFile(file);
    expect(result.verdict).toBe("ok");
    expect(result.violated).toBeNull();
    expect(result.distinctStates).toBe(distinct);
    expect(result.generatedStates).toBe(generated);
    expect(result.depth).toBe(depth);
  });
});

describe("each buggy variant breaks the invariant it names, by a shortest trace", () => {
  const cases: [file: string, invariant: string, steps: number][] = [
    ["models/variants/forget-promise.synod", "agreement", 16],
    ["models/variants/no-adopt.synod", "agreement", 14],
    ["models/variants/accept-below-promise.synod", "agreement", 14],
    ["models/variants/stale-promises.synod", "agreement", 15],
    ["models/variants/count-duplicates.synod", "agreement", 14],
    ["models/variants/half-quorum.synod", "agreement", 10],
    ["models/variants/shared-ballots.synod", "agreement", 14],
    ["models/examples/zero-value.synod", "validity", 7],
    ["models/multipaxos/variants/no-recovery.synod", "slot-agreement", 18],
    ["models/multipaxos/variants/no-gap-fill.synod", "applied-in-order", 14],
    ["models/multipaxos/variants/old-ballot-acks.synod", "committed-is-chosen", 17],
    ["models/multipaxos/variants/no-dedup.synod", "at-most-once", 19],
  ];
  it.each(cases)("%s", async (file, invariant, steps) => {
    const report = await checkFile(file);
    expect(report.result.verdict).toBe("violation");
    expect(report.result.violated).toBe(invariant);
    expect(report.loaded.variant!.breaks).toBe(invariant);
    // Steps are actions; the trace also holds the initial state.
    expect(report.counterexample).toHaveLength(steps + 1);
    expect(report.result.depth).toBe(steps + 1);
  });

  it("forget-promise's trace crashes an acceptor, which then votes against its promise", async () => {
    const report = await checkFile("models/variants/forget-promise.synod");
    const actions = report.counterexample!.map((s) => s.action);
    const crash = actions.findIndex((a) => / crashes$/.test(a));
    expect(crash).toBeGreaterThan(0);
    const crashed = actions[crash]!.split(" ")[0]!;
    expect(actions.slice(crash + 1)).toContain(`${crashed} recovers from its stable storage`);
    expect(report.explanation).toMatch(/^2 different values are chosen: /);
  });

  it("with every invariant checked, half-quorum first breaks learned-is-chosen", async () => {
    const { loadModel } = await import("../src/app/load.ts");
    const { checkModel } = await import("../src/run.ts");
    const loaded = await loadModel("models/variants/half-quorum.synod");
    const all = { ...loaded, invariants: loaded.protocol.invariants };
    const report = checkModel(all);
    expect(report.result.violated).toBe("learned-is-chosen");
    expect(report.counterexample).toHaveLength(6);
    expect(report.explanation).toBe(
      "l1 learned a, but a is not chosen: only a1 (ballot 1.p1) voted for it, and a majority is 2 of 3 in one ballot.",
    );
  });
});

describe("quorums that do not intersect, explored anyway", () => {
  it("single-decree Paxos with phase-1 quorums of 1 and phase-2 quorums of 2 of 3 chooses two values", async () => {
    const report = await checkFile("models/variants/disjoint-quorums.synod");
    expect(report.result.violated).toBe("agreement");
    expect(report.counterexample).toHaveLength(11);
  });

  it("Multi-Paxos with quorums {r1} and {r2, r3} chooses two commands in slot 1", async () => {
    const report = await checkFile("models/multipaxos/variants/disjoint-quorums.synod");
    expect(report.result.violated).toBe("slot-agreement");
    expect(report.counterexample).toHaveLength(14);
    expect(report.explanation).toBe(
      "Slot 1 has 2 chosen commands: x by r2, r3 in ballot 1.p1 and y by r1 in ballot 1.p2.",
    );
  });
});
