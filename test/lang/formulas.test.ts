/**
 * One language for built-ins and users: each built-in property that carries a `formula` gives,
 * compiled from that formula, the same answer as its TypeScript in every reachable state of
 * five single-decree and two Multi-Paxos models (for most, with states where it is false as
 * well as true).
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
  // (stability is false in none: synod's learners never change their decision; proposal-safety
  // breaks before agreement does, so in more states; validity and
  // learned-is-chosen break only with a variant's learner or values, in larger models).
  it.each([
    [
      "models/variants/vote-without-promise.synod",
      117,
      {
        agreement: 0,
        validity: 0,
        stability: 0,
        "learned-is-chosen": 0,
        "reported-is-chosen": 0,
        "promise-covers-vote": 45,
        "proposal-safety": 0,
        decided: 101,
        "all-learners-decided": 101,
        chosen: 49,
      },
    ],
    [
      "test/fixtures/formulas/forget-promise-small.synod",
      1_832,
      // No learner: none has decided.
      {
        agreement: 0,
        validity: 0,
        stability: 0,
        "learned-is-chosen": 0,
        "reported-is-chosen": 0,
        "promise-covers-vote": 352,
        "proposal-safety": 0,
        decided: 1_832,
        "all-learners-decided": 0,
        chosen: 1_562,
      },
    ],
    [
      "test/fixtures/formulas/no-adopt-small.synod",
      1_345,
      {
        agreement: 31,
        validity: 0,
        stability: 0,
        "learned-is-chosen": 0,
        "reported-is-chosen": 0,
        "promise-covers-vote": 0,
        "proposal-safety": 92,
        decided: 1_345,
        "all-learners-decided": 0,
        chosen: 958,
      },
    ],
    [
      "test/fixtures/formulas/two-learners.synod",
      182,
      {
        agreement: 0,
        validity: 0,
        stability: 0,
        "learned-is-chosen": 0,
        "reported-is-chosen": 0,
        "promise-covers-vote": 0,
        "proposal-safety": 0,
        decided: 131,
        "all-learners-decided": 175,
        chosen: 61,
      },
    ],
    [
      "test/fixtures/formulas/report-request-small.synod",
      3_870,
      // No learner (none decides); the proposers report.
      {
        agreement: 0,
        validity: 0,
        stability: 0,
        "learned-is-chosen": 0,
        "reported-is-chosen": 179,
        "promise-covers-vote": 0,
        "proposal-safety": 0,
        decided: 3_870,
        "all-learners-decided": 0,
        chosen: 1_456,
      },
    ],
    [
      "models/multipaxos/variants/no-dedup.synod",
      9_034,
      {
        "slot-agreement": 0,
        "committed-is-chosen": 0,
        "log-consistency": 0,
        "applied-in-order": 0,
        "log-validity": 0,
        "at-most-once": 2_886,
        "proposal-safety": 0,
        "all-applied": 8_086,
      },
    ],
    [
      "test/fixtures/formulas/mp-disjoint-small.synod",
      29_148,
      // One slot holds one command, so no replica ever applies both: all-applied is never true.
      {
        "slot-agreement": 688,
        "committed-is-chosen": 0,
        "log-consistency": 160,
        "applied-in-order": 0,
        "log-validity": 0,
        "at-most-once": 0,
        "proposal-safety": 752,
        "all-applied": 29_148,
      },
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
    // Every property with a formula is compared: a formula that disappears fails the tally.
    expect(properties.map((p) => p.id)).toEqual(Object.keys(falseIn));
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
