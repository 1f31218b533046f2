/**
 * The Multi-Paxos models: exact counts for the correct ones, and for each buggy variant the
 * invariant it breaks and the length of the shortest counterexample.
 */
import { describe, expect, it } from "vitest";
import { checkFile } from "../../src/run.ts";

describe("correct Multi-Paxos models hold, with exact counts", () => {
  const cases: [file: string, distinct: number, generated: number, depth: number][] = [
    ["models/multipaxos/one-leader.synod", 849_480, 5_057_156, 31],
    ["models/multipaxos/leader-change.synod", 395_924, 2_272_414, 28],
    ["models/multipaxos/star-quorums.synod", 366_678, 2_004_525, 30],
    // The scale model: 2 proposers, 2 slots, a drop and a crash, `symmetry replicas`.
    ["models/multipaxos/scale.synod", 233_733, 1_473_966, 30],
  ];
  it.each(cases)("%s", async (file, distinct, generated, depth) => {
    const { result, loaded } = await checkFile(file);
    expect(loaded.invariants.map((i) => i.id)).toEqual([
      "slot-agreement",
      "committed-is-chosen",
      "log-consistency",
      "applied-in-order",
      "log-validity",
      "at-most-once",
    ]);
    expect(result.verdict).toBe("ok");
    expect(result.distinctStates).toBe(distinct);
    expect(result.generatedStates).toBe(generated);
    expect(result.depth).toBe(depth);
  });
});

describe("each Multi-Paxos variant breaks the invariant it names, by a shortest trace", () => {
  const cases: [file: string, invariant: string, steps: number][] = [
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
    expect(report.counterexample).toHaveLength(steps + 1);
  });

  it("no-recovery's explanation names the two commands chosen in slot 1", async () => {
    const report = await checkFile("models/multipaxos/variants/no-recovery.synod");
    expect(report.explanation).toBe(
      "Slot 1 has 2 chosen commands: x by r2, r3 in ballot 1.p1 and y by r1, r2 in ballot 1.p2.",
    );
  });

  it("no-gap-fill applies slot 2 before slot 1", async () => {
    const report = await checkFile("models/multipaxos/variants/no-gap-fill.synod");
    expect(report.explanation).toBe(
      "r1 applied slot 2 before slot 1 (its applied slots, in order: 2).",
    );
  });
});

describe("Multi-Paxos liveness", () => {
  it("with a stable leader and fair delivery every command is applied everywhere", async () => {
    const { result } = await checkFile("models/multipaxos/stable-leader-liveness.synod");
    expect(result.verdict).toBe("ok");
    expect(result.distinctStates).toBe(24_050);
  });

  it("a lost Commit is never made up for: the replica never applies the command", async () => {
    const report = await checkFile("models/multipaxos/lost-commit-liveness.synod");
    expect(report.result.violated).toBe("eventually all-applied");
    expect(report.result.stutters).toBe(true);
    expect(report.counterexample).toHaveLength(17);
    expect(report.counterexample!.map((s) => s.action)).toContain(
      "the network loses p1 → r3: Commit(1: x)",
    );
  });
});
