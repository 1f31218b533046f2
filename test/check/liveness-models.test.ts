/**
 * The liveness models of models/liveness/: the verdict, and the shape of each counterexample
 * (how many steps lead to the cycle, how long the cycle is, or where the run stutters).
 */
import { describe, expect, it } from "vitest";
import { loadModel } from "../../src/app/load.ts";
import { checkFile, checkModel, warnings } from "../../src/run.ts";
import { renderText } from "../../src/cli/report.ts";
import { fromItf, toItf } from "../../src/trace/itf.ts";

describe("liveness models", () => {
  const holds: [file: string, distinct: number, edges: number][] = [
    ["models/liveness/one-proposer.synod", 1_050, 3_911],
    ["models/liveness/fair-lossy-network.synod", 2_114, 8_538],
    ["models/liveness/dueling-proposers-no-faults.synod", 3_530_387, 21_314_018],
  ];
  it.each(holds)("%s: every fair run decides", async (file, distinct, edges) => {
    const { result } = await checkFile(file);
    expect(result.verdict).toBe("ok");
    expect(result.distinctStates).toBe(distinct);
    expect(result.edges).toBe(edges);
  });

  // [file, steps before the loop, cycle length (0: stutters)]
  const violated: [file: string, prefix: number, cycle: number][] = [
    ["models/liveness/lossy-network.synod", 1, 4],
    ["models/liveness/majority-crashed.synod", 5, 0],
    ["models/liveness/strict-accept.synod", 10, 0],
    ["models/liveness/dueling-proposers.synod", 9, 0],
  ];
  it.each(violated)("%s: a fair run never decides", async (file, prefix, cycle) => {
    const report = await checkFile(file);
    const { result } = report;
    expect(result.verdict).toBe("violation");
    expect(result.violated).toBe(`eventually ${report.loaded.liveness[0]!.id}`);
    expect(result.loop).toBe(prefix);
    expect(result.stutters).toBe(cycle === 0);
    expect(report.counterexample).toHaveLength(prefix + cycle + 1);
    // The last state is the state the run loops back to.
    const trace = result.trace!;
    expect(Array.from(trace[trace.length - 1]!.state)).toEqual(Array.from(trace[prefix]!.state));
  });

  it("the lossy network's cycle loses every Prepare and resends them", async () => {
    const report = await checkFile("models/liveness/lossy-network.synod");
    expect(report.counterexample!.map((s) => s.action)).toEqual([
      "initial state",
      "p1 starts ballot 1.p1 proposing a",
      "the network loses p1 → a1: Prepare(b=1.p1)",
      "the network loses p1 → a2: Prepare(b=1.p1)",
      "the network loses p1 → a3: Prepare(b=1.p1)",
      "p1 times out and resends Prepare(b=1.p1) to a1, a2, a3",
    ]);
    expect(report.explanation).toBe(
      "On this run it is never the case that some learner has learned a value: steps 2 to 5 lead back to the state after step 1 and repeat forever, and every action under a fairness assumption that stays enabled on this cycle is taken on it.",
    );
    const text = renderText(report);
    expect(text).toContain(
      "Counterexample: a lasso of 5 steps: 1 step to reach the cycle, then a cycle of 4 steps that repeats forever",
    );
    expect(text).toContain("     ↻ the cycle: steps 2 to 5 repeat forever");
    expect(text).toContain("     ↻ back to the state after step 1; the cycle repeats forever");
  });

  it("dueling proposers split the acceptors that are up, and neither has a ballot left", async () => {
    const report = await checkFile("models/liveness/dueling-proposers.synod");
    const actions = report.counterexample!.map((s) => s.action);
    expect(actions).toContain("p1 starts ballot 1.p1 proposing a");
    expect(actions).toContain("p2 starts ballot 1.p2 proposing b");
    // p1's Prepare reaches a3 after a3 promised p2's higher ballot: it is ignored.
    expect(actions.at(-2)).toBe("a3 receives Prepare(b=1.p1) from p1");
    const last = report.counterexample!.at(-1)!.state;
    expect(last.nodes.find((n) => n.id === "p1")!.fields["promises"]).toBe("a2");
    expect(last.nodes.find((n) => n.id === "p2")!.fields["promises"]).toBe("a3");
  });

  it("with a majority crashed, the run stutters and says which unfair actions it skips", async () => {
    const report = await checkFile("models/liveness/majority-crashed.synod");
    expect(report.explanation).toBe(
      "On this run it is never the case that some learner has learned a value: after step 5 it stays in the same state forever, which is a fair run because no action under a fairness assumption is enabled there; only these are, and they are not assumed fair: a1 recovers from its stable storage; a2 recovers from its stable storage.",
    );
  });

  it("strict-accept keeps every safety invariant while it never decides", async () => {
    const report = await checkFile("models/liveness/strict-accept.synod");
    expect(report.loaded.invariants.map((i) => i.id)).toEqual([
      "agreement",
      "validity",
      "stability",
      "learned-is-chosen",
    ]);
    // The invariants are checked first, in every state: only the liveness property fails.
    expect(report.result.violated).toBe("eventually decided");
    expect(report.loaded.variant!.breaks).toBe("eventually decided");
  });

  it("a lasso exports to ITF with `loop` pointing back into the states", async () => {
    const report = await checkFile("models/liveness/lossy-network.synod");
    const itf = toItf(report.counterexample!, "lossy-network.synod", "eventually decided", "", "", {
      loop: report.result.loop!,
      stutters: report.result.stutters,
    });
    // The repeated state is not written twice: after the last state comes states[loop].
    expect(itf.states).toHaveLength(5);
    expect(itf.loop).toBe(1);
    expect(itf["#meta"].loopAction).toBe("p1 times out and resends Prepare(b=1.p1) to a1, a2, a3");
    // Read back, it is the same lasso.
    const back = fromItf(JSON.parse(JSON.stringify(itf)));
    expect(back.lasso).toEqual({ loop: 1, stutters: false });
    expect(back.steps.map((s) => s.action)).toEqual(report.counterexample!.map((s) => s.action));
    expect(back.steps.at(-1)!.state).toEqual(report.counterexample!.at(-1)!.state);
  });
});

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
    expect(report.result.distinctStates).toBe(1_050);
    // Without a liveness property the same model is reduced.
    const safetyOnly = checkModel({ ...symmetric, liveness: [] });
    expect(safetyOnly.result.distinctStates).toBeLessThan(1_050);
  });
});
