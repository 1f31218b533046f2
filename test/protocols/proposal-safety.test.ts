/**
 * proposal-safety (Paxos Made Simple's P2b) breaks no later than agreement: in every catalogue
 * variant that chooses two values, checking proposal-safety alone finds a shorter or equal
 * counterexample. Agreement's length is the one each model's `expect` block pins (and
 * models.test.ts checks); proposal-safety's is pinned here.
 */
import { describe, expect, it } from "vitest";
import { loadModel } from "../../src/app/load.ts";
import { checkModel } from "../../src/run.ts";

/** The model's run with proposal-safety as its only property. */
async function proposalSafetyOnly(file: string) {
  const loaded = await loadModel(file);
  const only = loaded.protocol.invariants.filter((i) => i.id === "proposal-safety");
  const report = checkModel({
    ...loaded,
    invariants: only,
    steps: [],
    liveness: [],
    reachables: [],
  });
  return { loaded, report };
}

describe("proposal-safety breaks no later than agreement", () => {
  it.each([
    // model, agreement's steps, proposal-safety's steps
    ["models/variants/accept-below-promise.synod", 14, 12],
    ["models/variants/adopt-first.synod", 20, 18],
    ["models/variants/count-duplicates.synod", 14, 12],
    ["models/variants/disjoint-quorums.synod", 10, 8],
    ["models/variants/forget-promise.synod", 16, 14],
    ["models/variants/half-quorum.synod", 10, 8],
    ["models/variants/no-adopt.synod", 14, 12],
    ["models/variants/shared-ballots.synod", 14, 12],
    ["models/variants/stale-promises.synod", 15, 13],
    ["models/multipaxos/variants/no-recovery.synod", 18, 16],
    ["models/multipaxos/variants/disjoint-quorums.synod", 13, 12],
  ])("%s: agreement in %i steps, proposal-safety in %i", async (file, agreement, proposal) => {
    const { loaded, report } = await proposalSafetyOnly(file);
    const pinned = loaded.model.expect!;
    expect(pinned.verdict.kind === "violates" && pinned.verdict.property.name).toMatch(
      /^(slot-)?agreement$/,
    );
    expect(pinned.steps).toBe(agreement);
    expect(report.result.violated).toBe("proposal-safety");
    expect(report.counterexample!.length - 1).toBe(proposal);
    expect(proposal).toBeLessThanOrEqual(agreement);
  });

  it("names the choice and the proposal that contradicts it", async () => {
    const { report } = await proposalSafetyOnly("models/variants/no-adopt.synod");
    expect(report.explanation).toBe(
      "a is chosen (by a1, a2 in ballot 1.p1), but p2 proposes b in ballot 1.p2.",
    );
  });

  it("is checked only where a model names it", async () => {
    const loaded = await loadModel("models/variants/no-adopt.synod");
    expect(loaded.invariants.map((i) => i.id)).not.toContain("proposal-safety");
    const set = await loadModel("models/paxos-set.synod");
    expect(set.invariants.map((i) => i.id)).toContain("proposal-safety");
  });
});
