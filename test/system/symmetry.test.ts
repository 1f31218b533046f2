/**
 * Symmetry reduction for actor-style protocols: the reduced search stores exactly one state per
 * orbit of the unreduced reachable states (every orbit reached, none twice), and finds
 * counterexamples of the same length.
 */
import { describe, expect, it } from "vitest";
import { explore } from "../../src/check/explorer.ts";
import type { TransitionSystem } from "../../src/core/transition-system.ts";
import { loadModel, type LoadedModel } from "../../src/app/load.ts";
import type { Model } from "../../src/core/model.ts";
import { buildSystem, checkModel } from "../../src/run.ts";

async function withSymmetry(file: string, symmetry: Model["symmetry"]): Promise<LoadedModel> {
  const loaded = await loadModel(file);
  return { ...loaded, model: { ...loaded.model, symmetry } };
}

/** Every reachable state of the unreduced system. */
function reachable(system: TransitionSystem): Int32Array[] {
  const seen = new Set<string>();
  const queue = system.initialStates();
  for (const s of queue) seen.add(s.join(","));
  for (let i = 0; i < queue.length; i++) {
    system.successors(queue[i]!, (_action, next, length) => {
      const key = next.subarray(0, length).join(",");
      if (!seen.has(key)) {
        seen.add(key);
        queue.push(next.slice(0, length));
      }
    });
  }
  return queue;
}

describe("symmetry over acceptors (and values)", () => {
  const cases: [file: string, symmetry: Model["symmetry"], full: number, reduced: number][] = [
    ["models/paxos-set.synod", { acceptors: true, values: false }, 60_845, 10_903],
    ["models/paxos-any-value.synod", { acceptors: true, values: true }, 279_297, 24_878],
    // Multi-Paxos replicas (`symmetry replicas`).
    ["models/multipaxos/leader-change.synod", { acceptors: true, values: false }, 395_924, 79_786],
  ];
  it.each(cases)("%s: one state per orbit", async (file, symmetry, full, reduced) => {
    const symmetric = buildSystem(await withSymmetry(file, symmetry));
    const result = explore(symmetric);
    expect(result.verdict).toBe("ok");
    expect(result.distinctStates).toBe(reduced);

    // The same system, searched without reduction (successors are never canonicalised), so the
    // states share its interned ids.
    const states = reachable(symmetric);
    expect(states).toHaveLength(full);

    // Canonicalise every state of the unreduced run: as many classes as the reduced search found.
    const orbits = new Set(
      states.map((state) => {
        const copy = state.slice();
        symmetric.canonicalize!(copy, copy.length);
        return copy.join(",");
      }),
    );
    expect(orbits.size).toBe(reduced);
  });

  it("keeps the shortest counterexample's length", async () => {
    const loaded = await withSymmetry("models/variants/no-adopt.synod", {
      acceptors: true,
      values: false,
    });
    const report = checkModel(loaded);
    expect(report.result.violated).toBe("agreement");
    expect(report.counterexample).toHaveLength(15);
    // The trace is one consistent run: each step's action is enabled in the state before it.
    expect(report.counterexample![14]!.action).toMatch(
      /^a\d receives Accept\(b=1\.p2, v=b\) from p2$/,
    );
  });
});
