/** The pausing search gives the same answer as the plain one. */
import { expect, it } from "vitest";
import { loadModel } from "../../src/app/load.ts";
import { checkModel, checkModelAsync } from "../../src/run.ts";

it("checkModelAsync finds the same counts and trace as checkModel", async () => {
  for (const file of ["models/paxos-set.synod", "models/variants/no-adopt.synod"]) {
    const loaded = await loadModel(file);
    const plain = checkModel(loaded);
    const paused = await checkModelAsync(loaded);
    expect(paused.result.distinctStates).toBe(plain.result.distinctStates);
    expect(paused.result.generatedStates).toBe(plain.result.generatedStates);
    expect(paused.result.depth).toBe(plain.result.depth);
    expect(paused.counterexample?.map((s) => s.action)).toEqual(
      plain.counterexample?.map((s) => s.action),
    );
  }
});
