/**
 * Liveness and symmetry: a liveness check runs on the full graph (the liveness models' verdicts
 * and counterexamples are checked in test/models.test.ts).
 */
import { describe, expect, it } from "vitest";
import { loadModel } from "../../src/app/load.ts";
import { checkModel, warnings } from "../../src/run.ts";

describe("liveness and symmetry", () => {
  it("symmetry is switched off, with a warning, and the counts are those without it", async () => {
    const loaded = await loadModel("models/liveness/one-proposer.synod");
    const symmetric = {
      ...loaded,
      model: { ...loaded.model, symmetry: { acceptors: true, values: false } },
    };
    expect(warnings(loaded)).toEqual([]);
    expect(warnings(symmetric)).toEqual([
      "symmetry reduction is off for this run: liveness is checked on the full state graph, because a cycle among symmetric representatives need not be a cycle of the system (as TLC warns). The counts are those of the model without `symmetry`.",
    ]);
    const report = checkModel(symmetric);
    expect(report.result.verdict).toBe("ok");
    expect(report.result.distinctStates).toBe(360);
    // Without a liveness property the same model is reduced.
    const safetyOnly = checkModel({ ...symmetric, liveness: [] });
    expect(safetyOnly.result.distinctStates).toBeLessThan(360);
  });
});
