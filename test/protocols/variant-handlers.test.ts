/**
 * A variant may replace or wrap any role's message handler, not only the named rules: the bug of
 * a built-in rule variant, written as a wrapped handler, gives the same result; wrapping every
 * Multi-Paxos handler without change gives the protocol's counts; a role the protocol does not
 * have is the user's error.
 */
import { describe, expect, it } from "vitest";
import { loadModel } from "../../src/app/load.ts";
import { checkModel } from "../../src/run.ts";
import { runCli } from "../cli/helpers.ts";

const counts = async (file: string) => {
  const { result } = checkModel(await loadModel(file));
  return [result.verdict, result.violated ?? null, result.distinctStates, result.generatedStates];
};

describe("variants that wrap handlers", () => {
  it("a wrapped acceptor handler shows M12 as the rule variant does", async () => {
    const wrapped = checkModel(
      await loadModel("test/fixtures/handlers/vote-without-promise.synod"),
    );
    expect(wrapped.result.violated).toBe("promise-covers-vote");
    expect(wrapped.counterexample).toHaveLength(7);
    expect(await counts("test/fixtures/handlers/vote-without-promise.synod")).toEqual(
      await counts("models/variants/vote-without-promise.synod"),
    );
  });

  it("every Multi-Paxos handler wrapped unchanged gives the protocol's verdict", async () => {
    // A replaced handler may act on any message, so no role declares one obsolete: the search
    // keeps the messages the protocol itself would take off the network, and finds more states.
    const wrapped = await counts("test/fixtures/handlers/replica-identity.synod");
    expect(wrapped).toEqual(["ok", null, 18_900, 91_264]);
    expect(await counts("test/fixtures/handlers/multipaxos.synod")).toEqual([
      "ok",
      null,
      1_355,
      5_301,
    ]);
  });

  it("a handler for a role the protocol does not have is the user's error, exit 2", async () => {
    const run = await runCli("check", "test/fixtures/handlers/unknown-role.synod");
    expect([run.code, run.err]).toEqual([
      2,
      "synod: error: variant unknown-role replaces the handler of role `replica`, which protocol paxos does not have\n  hint: its roles are acceptor, proposer, learner.\n",
    ]);
  });
});
