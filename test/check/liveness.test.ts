/**
 * Liveness on small hand-written graphs: stuttering, weak and strong fairness, and conditions of
 * the run. Nothing here knows about Paxos.
 */
import { describe, expect, it } from "vitest";
import { explore } from "../../src/check/explorer.ts";
import type { LivenessOptions } from "../../src/check/search.ts";
import type { TransitionSystem } from "../../src/core/transition-system.ts";

const KINDS = ["go", "tick", "fault"] as const;
type Kind = (typeof KINDS)[number];
/** An edge: from, to, and its kind. The action code is the edge's position in the list. */
type Edge = [from: number, to: number, kind: Kind];

/** A system whose states are the integers of `edges`; state 0 is initial. */
function graph(edges: readonly Edge[]): TransitionSystem {
  const buffer = new Int32Array(1);
  return {
    initialStates: () => [Int32Array.of(0)],
    successors(state, emit) {
      edges.forEach(([from, to], action) => {
        if (from !== state[0]) return;
        buffer[0] = to;
        emit(action, buffer, 1);
      });
    },
    invariants: [],
    actions: {
      kinds: KINDS,
      faultKinds: ["fault"],
      // Each edge is its own instance; the kind sits in the low 6 bits.
      instance: (_state, action) => KINDS.indexOf(edges[action]![2]) | (action << 6),
      kindOf: (instance) => instance & 63,
      nodeOf: () => -1,
      nodeIndex: () => -1,
    },
  };
}

/** `eventually (state in goal)` under the given fairness. */
function eventually(
  goal: readonly number[],
  fairness: Partial<Record<Kind, "weak" | "strong">>,
  forbid: readonly Kind[] = [],
): LivenessOptions {
  const strength = Uint8Array.from(KINDS, (k) =>
    fairness[k] === "weak" ? 1 : fairness[k] === "strong" ? 2 : 0,
  );
  return {
    properties: [{ id: "eventually goal", holds: (s) => goal.includes(s[0]!) }],
    fairness: {
      strength,
      kindOf: (instance) => instance & 63,
      forbidden: (instance) => forbid.includes(KINDS[instance & 63]!),
    },
  };
}

const statesOf = (result: ReturnType<typeof explore>) => result.trace!.map((s) => s.state[0]);

describe("liveness", () => {
  it("a run that ends stutters in its last state", () => {
    // 0 → 1, and nothing leaves 1.
    const result = explore(graph([[0, 1, "go"]]), { liveness: eventually([], { go: "weak" }) });
    expect(result.verdict).toBe("violation");
    expect(result.violated).toBe("eventually goal");
    expect(statesOf(result)).toEqual([0, 1]);
    expect(result.stutters).toBe(true);
    expect(result.loop).toBe(1);
  });

  it("without fairness a run may stutter anywhere, even in the initial state", () => {
    const result = explore(graph([[0, 1, "go"]]), { liveness: eventually([1], {}) });
    expect(statesOf(result)).toEqual([0]);
    expect(result.stutters).toBe(true);
    expect(result.loop).toBe(0);
  });

  it("weak fairness rules out stuttering while an action stays enabled", () => {
    const result = explore(graph([[0, 1, "go"]]), { liveness: eventually([1], { go: "weak" }) });
    expect(result.verdict).toBe("ok");
    expect(result.edges).toBe(1);
  });

  it("weak fairness allows a cycle on which the exit is enabled only now and then", () => {
    // 0 ⇄ 1 by ticks; from 1 only, `go` reaches the goal 2.
    const edges: Edge[] = [
      [0, 1, "tick"],
      [1, 0, "tick"],
      [1, 2, "go"],
    ];
    const weak = explore(graph(edges), { liveness: eventually([2], { go: "weak", tick: "weak" }) });
    expect(weak.verdict).toBe("violation");
    expect(statesOf(weak)).toEqual([0, 1, 0]);
    expect(weak.loop).toBe(0);
    expect(weak.stutters).toBe(false);
    // Strong fairness: enabled infinitely often, so taken in the end.
    const strong = explore(graph(edges), {
      liveness: eventually([2], { go: "strong", tick: "weak" }),
    });
    expect(strong.verdict).toBe("ok");
  });

  it("a cycle on which a weakly fair action is always enabled and never taken is not fair", () => {
    // A self-loop in 0, and `go` to the goal, enabled throughout.
    const edges: Edge[] = [
      [0, 0, "tick"],
      [0, 1, "go"],
    ];
    expect(
      explore(graph(edges), { liveness: eventually([1], { go: "weak", tick: "weak" }) }).verdict,
    ).toBe("ok");
    const unfair = explore(graph(edges), { liveness: eventually([1], { tick: "weak" }) });
    expect(unfair.verdict).toBe("violation");
    expect(statesOf(unfair)).toEqual([0, 0]);
    expect(unfair.loop).toBe(0);
  });

  it("strong fairness narrows a component to the states where the neglected action is disabled", () => {
    // 0 → 1 → 2 → 1 … ; `go` to the goal only from 2, and 1 ⇄ 3 also loops without passing 2.
    const edges: Edge[] = [
      [0, 1, "tick"],
      [1, 2, "tick"],
      [2, 1, "tick"],
      [1, 3, "tick"],
      [3, 1, "tick"],
      [2, 4, "go"],
    ];
    const result = explore(graph(edges), {
      liveness: eventually([4], { go: "strong", tick: "weak" }),
    });
    // The fair cycle avoids 2, where `go` is enabled: 1 → 3 → 1. Weak fairness on each tick
    // is kept, since every tick instance not on the cycle is disabled in 3.
    expect(result.verdict).toBe("violation");
    expect(statesOf(result)).toEqual([0, 1, 3, 1]);
    expect(result.loop).toBe(1);
  });

  it("a condition of the run keeps faults off the cycle", () => {
    // Faults loop 0 ⇄ 1; `go` leaves 0 for the goal. Faults are weakly fair so no state stutters.
    const edges: Edge[] = [
      [0, 1, "fault"],
      [1, 0, "fault"],
      [0, 2, "go"],
    ];
    const fairness = { go: "weak", fault: "weak" } as const;
    const anyRun = explore(graph(edges), { liveness: eventually([2], fairness) });
    expect(anyRun.verdict).toBe("violation");
    expect(statesOf(anyRun)).toEqual([0, 1, 0]);
    const faultsStop = explore(graph(edges), { liveness: eventually([2], fairness, ["fault"]) });
    expect(faultsStop.verdict).toBe("ok");
  });

  it("the prefix runs through states where the predicate is false only", () => {
    // 0 → 1 (the goal) → 2, which stutters; 0 → 3 → 2 reaches it without the goal.
    const edges: Edge[] = [
      [0, 1, "go"],
      [1, 2, "go"],
      [0, 3, "tick"],
      [3, 4, "tick"],
      [4, 2, "tick"],
    ];
    const result = explore(graph(edges), {
      liveness: eventually([1], { go: "weak", tick: "weak" }),
    });
    expect(statesOf(result)).toEqual([0, 3, 4, 2]);
    expect(result.stutters).toBe(true);
  });

  it("leads-to: after each state where T holds, P comes; the prefix is a shortest path to T", () => {
    // 0 → 1 → 2 → 3 (the goal) and 2 → 4 ⇄ 5 by ticks: P (3) comes from 0, but not always
    // after 2, where the run may take the tick cycle forever.
    const edges: Edge[] = [
      [0, 1, "go"],
      [1, 2, "go"],
      [2, 3, "tick"],
      [2, 4, "go"],
      [4, 5, "tick"],
      [5, 4, "tick"],
      [3, 3, "tick"],
    ];
    const leadsTo = (trigger: readonly number[]): LivenessOptions => {
      const options = eventually([3], { go: "weak", tick: "weak" });
      const [property] = options.properties;
      return {
        ...options,
        properties: [
          { ...property!, id: "t-leads-to-goal", trigger: (s) => trigger.includes(s[0]!) },
        ],
      };
    };
    const broken = explore(graph(edges), { liveness: leadsTo([2]) });
    expect(broken.verdict).toBe("violation");
    expect(statesOf(broken)).toEqual([0, 1, 2, 4, 5, 4]);
    expect([broken.loop, broken.stutters]).toEqual([3, false]);
    // From the start alone, a fair run need not reach 3 either (it may go to 4): the same
    // cycle, found from state 0.
    const fromStart = explore(graph(edges), {
      liveness: eventually([3], { go: "weak", tick: "weak" }),
    });
    expect(statesOf(fromStart)).toEqual([0, 1, 2, 4, 5, 4]);
    // A trigger that holds only where the goal does, or never, asks nothing.
    expect(explore(graph(edges), { liveness: leadsTo([3]) }).verdict).toBe("ok");
    expect(explore(graph(edges), { liveness: leadsTo([]) }).verdict).toBe("ok");
    // A trigger in the cycle: the run to it, then the cycle.
    const late = explore(graph(edges), { liveness: leadsTo([5]) });
    expect(statesOf(late)).toEqual([0, 1, 2, 4, 5, 4, 5]);
  });
});
