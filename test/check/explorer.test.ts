/**
 * The explorer on small hand-written transition systems whose counts are known by hand.
 * Nothing here knows about Paxos.
 */
import { describe, expect, it } from "vitest";
import { explore } from "../../src/check/explorer.ts";
import type { StateInvariant, TransitionSystem } from "../../src/core/transition-system.ts";

/**
 * Two counters x, y in 0..max; action 0 increments x, action 1 increments y.
 * (max+1)^2 states; 2·max·(max+1) transitions; the longest shortest path has 2·max steps.
 */
function counters(max: number, invariants: StateInvariant[] = []): TransitionSystem {
  const buffer = new Int32Array(2);
  return {
    initialStates: () => [Int32Array.of(0, 0)],
    successors(state, emit) {
      const [x, y] = [state[0]!, state[1]!];
      if (x < max) {
        buffer[0] = x + 1;
        buffer[1] = y;
        emit(0, buffer, 2);
      }
      if (y < max) {
        buffer[0] = x;
        buffer[1] = y + 1;
        emit(1, buffer, 2);
      }
    },
    invariants,
  };
}

describe("explore", () => {
  it("visits every state of a 4x4 grid once, and counts every transition", () => {
    const result = explore(counters(3));
    expect(result.verdict).toBe("ok");
    expect(result.distinctStates).toBe(16);
    // 1 initial state + 2·3·4 = 24 transitions.
    expect(result.generatedStates).toBe(25);
    // x + y goes from 0 to 6: seven states on the longest shortest path.
    expect(result.depth).toBe(7);
    expect(result.trace).toBeNull();
  });

  it("finds a shortest path to a violation and replays it", () => {
    const notFive: StateInvariant = { id: "sum-below-5", holds: (s) => s[0]! + s[1]! < 5 };
    const result = explore(counters(3, [notFive]));
    expect(result.verdict).toBe("violation");
    expect(result.violated).toBe("sum-below-5");
    // Reaching x + y = 5 takes five increments: six states.
    expect(result.trace).toHaveLength(6);
    expect(result.depth).toBe(6);
    const trace = result.trace!;
    expect(trace[0]).toEqual({ action: null, state: Int32Array.of(0, 0) });
    for (let i = 1; i < trace.length; i++) {
      const [before, after] = [trace[i - 1]!.state, trace[i]!.state];
      const delta = trace[i]!.action === 0 ? [1, 0] : [0, 1];
      expect([after[0]! - before[0]!, after[1]! - before[1]!]).toEqual(delta);
    }
    expect(trace[5]!.state[0]! + trace[5]!.state[1]!).toBe(5);
  });

  it("checks initial states too", () => {
    const never: StateInvariant = { id: "never", holds: () => false };
    const result = explore(counters(3, [never]));
    expect(result.violated).toBe("never");
    expect(result.trace).toHaveLength(1);
    expect(result.distinctStates).toBe(1);
  });

  it("stops at a state limit with an incomplete verdict", () => {
    const result = explore(counters(3), { maxStates: 10 });
    expect(result.verdict).toBe("incomplete");
    expect(result.limit).toBe("states");
    expect(result.distinctStates).toBe(10);
  });

  it("stops at a depth limit, and finishes when nothing lies beyond it", () => {
    const cut = explore(counters(3), { maxDepth: 3 });
    expect(cut.verdict).toBe("incomplete");
    expect(cut.limit).toBe("depth");
    // Depths 1..3 hold 1 + 2 + 3 states.
    expect(cut.distinctStates).toBe(6);
    const whole = explore(counters(3), { maxDepth: 7 });
    expect(whole.verdict).toBe("ok");
    expect(whole.distinctStates).toBe(16);
  });

  it("treats states with equal encodings as one, whatever the path", () => {
    // A ring of 1000 states where each state has two actions to the same successor.
    const buffer = new Int32Array(1);
    const ring: TransitionSystem = {
      initialStates: () => [Int32Array.of(0)],
      successors(state, emit) {
        buffer[0] = (state[0]! + 1) % 1000;
        emit(0, buffer, 1);
        emit(1, buffer, 1);
      },
      invariants: [],
    };
    const result = explore(ring);
    expect(result.distinctStates).toBe(1000);
    expect(result.generatedStates).toBe(2001);
    expect(result.depth).toBe(1000);
  });
});

describe("exact storage", () => {
  it("gives the same counts and traces as fingerprints", async () => {
    const { checkFile } = await import("../../src/run.ts");
    for (const file of [
      "models/paxos-set.synod",
      "models/tla/paxos-3a-2v-b1.synod",
      "models/tla/paxos-3a-2v-b1-sym.synod",
      "models/variants/no-adopt.synod",
    ]) {
      const hashed = await checkFile(file);
      const exact = await checkFile(file, { exact: true });
      expect(exact.result.verdict).toBe(hashed.result.verdict);
      expect(exact.result.distinctStates).toBe(hashed.result.distinctStates);
      expect(exact.result.generatedStates).toBe(hashed.result.generatedStates);
      expect(exact.result.depth).toBe(hashed.result.depth);
      expect(exact.result.collisionProbability).toBe(0);
      expect(exact.counterexample?.map((s) => s.action)).toEqual(
        hashed.counterexample?.map((s) => s.action),
      );
    }
  });
});
