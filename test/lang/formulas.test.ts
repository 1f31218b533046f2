/**
 * One language for built-ins and users: each built-in property that carries a `formula` gives,
 * compiled from that formula, the same answer as its TypeScript in every reachable state of
 * three models (with states where it is false as well as true).
 */
import { describe, expect, it } from "vitest";
import { reachable } from "../reachable-states.ts";
import { loadModel } from "../../src/app/load.ts";
import { compileFormula } from "../../src/core/formula.ts";
import { parseFormula } from "../../src/lang/parse.ts";
import { formulaContext } from "../../src/lang/user-properties.ts";
import { buildSystem } from "../../src/run.ts";
import type { ActorSystem } from "../../src/system/actor-system.ts";

describe("built-in properties as formulas", () => {
  // For each model: its reachable states, then for each property the states where it is false
  // (stability is false in none: synod's learners never change their decision).
  it.each([
    [
      "models/variants/vote-without-promise.synod",
      264,
      { stability: 0, "promise-covers-vote": 54, decided: 197, "all-learners-decided": 197 },
    ],
    [
      "test/fixtures/formulas/forget-promise-small.synod",
      1_832,
      // No learner: none has decided.
      { stability: 0, "promise-covers-vote": 352, decided: 1_832, "all-learners-decided": 0 },
    ],
    [
      "test/fixtures/formulas/two-learners.synod",
      896,
      { stability: 0, "promise-covers-vote": 0, decided: 413, "all-learners-decided": 763 },
    ],
  ])("%s: formula and TypeScript agree in every state", async (file, count, falseIn) => {
    const loaded = await loadModel(file);
    const { protocol, model, variant } = loaded;
    const context = formulaContext(model, protocol, variant);
    const system = buildSystem(loaded) as ActorSystem;
    const states = reachable(system);
    const properties = [...protocol.invariants, ...(protocol.predicates ?? [])].filter(
      (p) => p.formula !== undefined,
    );
    expect(properties.map((p) => p.id)).toEqual([
      "stability",
      "promise-covers-vote",
      "decided",
      "all-learners-decided",
    ]);
    expect(states).toHaveLength(count);
    const tally: Record<string, number> = {};
    for (const property of properties) {
      const compiled = compileFormula(parseFormula(property.formula!), context);
      let differ = 0;
      let falseCount = 0;
      for (const state of states) {
        const view = system.view(state);
        const expected = property.holds(view);
        if (compiled.holds(view) !== expected) differ++;
        if (!expected) falseCount++;
      }
      expect(differ, property.id).toBe(0);
      tally[property.id] = falseCount;
    }
    expect(tally).toEqual(falseIn);
  });
});
