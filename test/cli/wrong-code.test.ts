/**
 * Code of the user's that breaks what synod requires of it is stopped and named, exit 2, rather
 * than given a verdict: a rule returning nothing, NaN or a Promise, a rule whose answer changes.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "./helpers.ts";

const ASKED =
  "called with AcceptorState { promised: Ballot { round: 0, proposer: 0 }, accepted: null }, Ballot { round: 1, proposer: 1 }";

describe("a variant's rules are checked where they return", () => {
  it.each([
    [
      "undefined-rule",
      `synod: error: rule mayPromise of variant undefined-rule, ${ASKED}, returned undefined, not a boolean\n  hint: make mayPromise return a boolean.\n`,
    ],
    [
      "nan-quorum",
      "synod: error: rule quorumSize of variant nan-quorum, called with 3, returned NaN, not a whole number of at least 1\n  hint: make quorumSize return a whole number of at least 1.\n",
    ],
    [
      "async-rule",
      `synod: error: rule mayPromise of variant async-rule, ${ASKED}, returned a Promise, not a boolean\n  hint: make mayPromise return a boolean (synod calls rules synchronously: no async).\n`,
    ],
    [
      "flaky-rule",
      `synod: error: rule mayPromise of variant flaky-rule, ${ASKED}, returned false, then true when called again with the same arguments\n  hint: a rule must be a function of its arguments alone (no Math.random, clock or outside state): synod explores each state once and must get the same answer every time.\n`,
    ],
  ])("%s: check and simulate stop with exit code 2", async (name, text) => {
    const file = `test/fixtures/wrong-code/${name}.synod`;
    const checked = await runCli("check", file, "--workers", "1");
    expect([checked.code, checked.err]).toEqual([2, text]);
    const simulated = await runCli("simulate", file, "--seed", "1", "--workers", "1");
    expect([simulated.code, simulated.err]).toEqual([2, text]);
  });
});

describe("a protocol's renaming is checked where symmetry uses it", () => {
  it("stops a variant whose rule singles out an acceptor by name, exit code 2", async () => {
    const text =
      'synod: error: symmetry: the code tells acceptors apart: "p1 receives Promise(b=1.p1, no vote) from a1" and the same step with a1 and a2 swapped lead to states that are not renamings of each other\n' +
      "  hint: a rule, handler or invariant depends on which acceptor (or value) it is; make it treat them all alike, or remove `symmetry` from the model (it is only sound for code that does)\n";
    for (const workers of ["1", "2"]) {
      const checked = await runCli(
        "check",
        "test/fixtures/wrong-code/names-rule.synod",
        "--workers",
        workers,
      );
      expect([checked.code, checked.err]).toEqual([2, text]);
    }
  });

  it("stops a `permute` that changes more than names, exit code 2", async () => {
    const checked = await runCli(
      "check",
      "test/fixtures/wrong-code/half-permute.synod",
      "--workers",
      "1",
    );
    const promise = (from: string) =>
      `PromiseMsg { kind: "promise", from: "${from}", to: "p1", ballot: Ballot { round: 1, proposer: 1 }, vote: null }`;
    expect([checked.code, checked.err]).toEqual([
      2,
      `synod: error: symmetry: the protocol's \`permute\`, swapping a1 and a2, turns ${promise("a1")} into ${promise("a1")}, which is not that value with a1 and a2 swapped\n` +
        "  hint: `permute` must replace every interchangeable node's name (and every value, under `symmetry values`) wherever it appears as a whole string, and change nothing else\n",
    ]);
  });
});
