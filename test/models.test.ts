/**
 * Every shipped model is checked once here, and its result must be what the model's `expect`
 * block says: the verdict, the counts, the depth and the counterexample's length. What the
 * counterexamples say, and the generated invariant reference, are checked on the same runs.
 */
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadModel } from "../src/app/load.ts";
import { DOCS_MANIFEST } from "../src/app/outputs.ts";
import { renderText } from "../src/cli/report.ts";
import { generateInvariantDocs } from "../src/docs/invariants.ts";
import { checkModel } from "../src/run.ts";
import { fromItf, toItf } from "../src/trace/itf.ts";
import { checked, expectMet, LONG, run, shipped } from "./models-shared.ts";

describe("every model's result is what its `expect` block says", () => {
  it("every model in the suite has an `expect` block", async () => {
    for (const file of checked) {
      expect((await loadModel(file)).model.expect, file).not.toBeNull();
    }
    expect(checked).toHaveLength(66);
  });

  it("every model meant to hold states a `reachable` witness, so it cannot hold vacuously", async () => {
    // A model that is not there to show a bug (no `expect { violates … }`, no variant that breaks
    // a property) must show that something happens: a value chosen or learned, a command
    // applied. The suite's runs then fail if the witness becomes unreachable.
    const vacuous: string[] = [];
    for (const file of shipped) {
      const loaded = await loadModel(file);
      const showsBug =
        loaded.model.expect?.verdict.kind === "violates" || loaded.variant?.breaks != null;
      if (!showsBug && loaded.reachables.length === 0) vacuous.push(file);
    }
    expect(vacuous).toEqual([]);
  });

  // The longest searches are in models-long.test.ts, which runs beside this file.
  it.each(checked.filter((file) => !LONG.includes(file)))("%s", expectMet);
});

describe("what the counterexamples say", () => {
  it("forget-promise's trace crashes an acceptor, which then votes against its promise", async () => {
    const report = await run("models/variants/forget-promise.synod");
    const actions = report.counterexample!.map((s) => s.action);
    const crash = actions.findIndex((a) => / crashes$/.test(a));
    expect(crash).toBeGreaterThan(0);
    const crashed = actions[crash]!.split(" ")[0]!;
    expect(actions.slice(crash + 1)).toContain(`${crashed} recovers from its stable storage`);
    expect(report.explanation).toMatch(/^2 different values are chosen: /);
  });

  it("with every invariant checked, half-quorum first breaks learned-is-chosen", async () => {
    const loaded = await loadModel("models/variants/half-quorum.synod");
    const all = { ...loaded, invariants: loaded.protocol.invariants };
    const report = checkModel(all);
    expect(report.result.violated).toBe("learned-is-chosen");
    expect(report.counterexample).toHaveLength(6);
    expect(report.explanation).toBe(
      "l1 learned a, but a is not chosen: only a1 (ballot 1.p1) voted for it, and a majority is 2 of 3 in one ballot.",
    );
  });

  it("Multi-Paxos with quorums {r1} and {r2, r3} chooses two commands in slot 1", async () => {
    const report = await run("models/multipaxos/variants/disjoint-quorums.synod");
    expect(report.explanation).toBe(
      "Slot 1 has 2 chosen commands: x by r2, r3 in ballot 1.p1 and y by r1 in ballot 1.p2.",
    );
  });

  it("Multi-Paxos models check every invariant of the protocol unless they name some", async () => {
    // proposal-safety is checked only by name.
    const loaded = await loadModel("models/multipaxos/one-leader.synod");
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
    const report = await run("models/multipaxos/variants/no-recovery.synod");
    expect(report.explanation).toBe(
      "Slot 1 has 2 chosen commands: x by r2, r3 in ballot 1.p1 and y by r1, r2 in ballot 1.p2.",
    );
  });

  it("no-gap-fill applies slot 2 before slot 1", async () => {
    const report = await run("models/multipaxos/variants/no-gap-fill.synod");
    expect(report.explanation).toBe(
      "r1 applied slot 2 before slot 1 (its applied slots, in order: 2).",
    );
  });

  it("a lost Commit is never made up for: the replica never applies the command", async () => {
    const report = await run("models/multipaxos/lost-commit-liveness.synod");
    expect(report.result.stutters).toBe(true);
    expect(report.counterexample!.map((s) => s.action)).toContain(
      "the network loses p1 → r3: Commit(1: x)",
    );
  });

  it("the message-set Paxos refines Voting and Consensus on every step", async () => {
    const report = await run("models/tla/paxos-3a-2v-b1.synod");
    expect(report.loaded.steps.map((p) => p.id)).toEqual([
      "voting-refinement",
      "consensus-refinement",
    ]);
  });

  const refinements: [file: string, explanation: string][] = [
    [
      "models/tla/variants/no-adopt-voting.synod",
      "a1 votes for v2 in ballot 1, but v2 is not safe at ballot 1: ballot 0 may choose another value, since no majority of acceptors each voted for v2 in ballot 0 or can no longer vote in it.",
    ],
    ["models/tla/variants/no-adopt-consensus.synod", "chosen goes from {v2} to {v1, v2}."],
    ["models/variants/no-adopt-consensus.synod", "chosen goes from {a} to {a, b}."],
  ];
  it.each(refinements)("%s explains the step that breaks the refinement", async (file, text) => {
    expect((await run(file)).explanation).toBe(text);
  });
});

describe("liveness counterexamples", () => {
  const lassos = [
    "models/liveness/lossy-network.synod",
    "models/liveness/majority-crashed.synod",
    "models/liveness/strict-accept.synod",
    "models/liveness/wrong-identity.synod",
    "models/liveness/dueling-proposers.synod",
    "models/multipaxos/lost-commit-liveness.synod",
  ];
  it.each(lassos)("%s: the last state is the one the run loops back to", async (file) => {
    const { result } = await run(file);
    const trace = result.trace!;
    expect(Array.from(trace.at(-1)!.state)).toEqual(Array.from(trace[result.loop!]!.state));
  });

  it("the lossy network's cycle loses every Prepare and resends them", async () => {
    const report = await run("models/liveness/lossy-network.synod");
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

  it("dueling proposers: the higher ballot loses a promise, the lower is refused", async () => {
    const report = await run("models/liveness/dueling-proposers.synod");
    const actions = report.counterexample!.map((s) => s.action);
    expect(actions).toContain("p1 starts ballot 1.p1 proposing a");
    expect(actions).toContain("p2 starts ballot 1.p2 proposing b");
    // p1's Prepares to a2 and a3, who promised p2's higher ballot, are obsolete: gone at once.
    expect(actions.at(-1)).toBe("the network loses a3 → p2: Promise(b=1.p2, no vote)");
    const last = report.counterexample!.at(-1)!.state;
    expect(last.nodes.find((n) => n.id === "p1")!.fields["promises"]).toBe("none");
    expect(last.nodes.find((n) => n.id === "p2")!.fields["promises"]).toBe("a2");
  });

  it("with a majority crashed, the run stutters and says which unfair actions it skips", async () => {
    const report = await run("models/liveness/majority-crashed.synod");
    expect(report.explanation).toBe(
      "On this run it is never the case that some learner has learned a value: after step 5 it stays in the same state forever, which is a fair run because no action under a fairness assumption is enabled there; only these are, and they are not assumed fair: a1 recovers from its stable storage; a2 recovers from its stable storage.",
    );
  });

  it("strict-accept keeps every safety invariant while it never decides", async () => {
    const report = await run("models/liveness/strict-accept.synod");
    expect(report.loaded.invariants.map((i) => i.id)).toEqual([
      "agreement",
      "validity",
      "stability",
      "learned-is-chosen",
    ]);
    // The invariants are checked first, in every state: only the liveness property fails.
    expect(report.result.violated).toBe("eventually decided");
  });

  it("a lasso exports to ITF with `loop` pointing back into the states", async () => {
    const report = await run("models/liveness/lossy-network.synod");
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

/** The model files `npm run docs:invariants` passes (its `dir/*.synod` patterns expanded). */
function docsModels(): string[] {
  const pkg = JSON.parse(readFileSync("package.json", "utf8")) as {
    scripts: Record<string, string>;
  };
  const args = pkg.scripts["docs:invariants"]!.split(/\s+/);
  const files = args.slice(args.indexOf("docs") + 1, args.indexOf("--out"));
  return files.flatMap((pattern) =>
    basename(pattern) === "*.synod"
      ? readdirSync(dirname(pattern))
          .filter((f) => f.endsWith(".synod"))
          .sort()
          .map((f) => join(dirname(pattern), f))
      : [pattern],
  );
}

// docs/invariants/ is generated from the code and the models: regenerating it (from the runs
// above) must give exactly what is committed, so the reference cannot drift from the checker.
it("docs/invariants is what the generator writes today", async () => {
  const out = mkdtempSync(join(tmpdir(), "synod-docs-"));
  const written = await generateInvariantDocs(docsModels(), out, (loaded) =>
    run(loaded.model.file),
  );
  expect([...written, DOCS_MANIFEST].sort()).toEqual(readdirSync("docs/invariants").sort());
  for (const page of [...written, DOCS_MANIFEST]) {
    expect(readFileSync(join(out, page), "utf8"), page).toBe(
      readFileSync(join("docs/invariants", page), "utf8"),
    );
  }
});
