/**
 * The Multi-Paxos models beyond the counts and lengths pinned in test/models.test.ts: what the
 * counterexamples say, and liveness.
 */
import { describe, expect, it } from "vitest";
import { checkFile } from "../../src/run.ts";

describe("Multi-Paxos models", () => {
  it("check every invariant of the protocol unless they name some", async () => {
    const { loaded } = await checkFile("models/multipaxos/leader-change.synod");
    expect(loaded.invariants.map((i) => i.id)).toEqual([
      "slot-agreement",
      "committed-is-chosen",
      "log-consistency",
      "applied-in-order",
      "log-validity",
      "at-most-once",
    ]);
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
