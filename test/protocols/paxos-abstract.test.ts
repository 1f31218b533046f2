/**
 * The message-set Paxos against TLC: the same distinct states (state for state, from TLC's own
 * dump), the same depth, and the same count under symmetry.
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import type { TransitionSystem } from "../../src/core/transition-system.ts";
import { loadModel } from "../../src/app/load.ts";
import type { Invariant } from "../../src/core/protocol.ts";
import { explore } from "../../src/check/explorer.ts";
import type { AbstractView } from "../../src/protocols/paxos-abstract/invariants.ts";
import { correctAbstractRules } from "../../src/protocols/paxos-abstract/rules.ts";
import { buildAbstractSystem } from "../../src/protocols/paxos-abstract/system.ts";
import { buildSystem } from "../../src/run.ts";
import type { CheckableSystem } from "../../src/core/checkable.ts";

const PLAIN = "models/tla/paxos-3a-2v-b1.synod";
const SYMMETRIC = "models/tla/paxos-3a-2v-b1-sym.synod";

/** Every reachable state, by a plain breadth-first search that keeps whole states. */
function reachable(system: TransitionSystem): Int32Array[] {
  const seen = new Map<string, Int32Array>();
  const queue = system.initialStates();
  for (const s of queue) seen.set(s.join(","), s);
  for (let i = 0; i < queue.length; i++) {
    system.successors(queue[i]!, (_action, next, length) => {
      const state = next.slice(0, length);
      const key = state.join(",");
      if (!seen.has(key)) {
        seen.set(key, state);
        queue.push(state);
      }
    });
  }
  return queue;
}

/** One line per state, in a form both sides can produce: variables, then the sorted messages. */
function normalise(vars: Record<string, string[]>, msgs: Record<string, string>[]): string {
  const fields = (m: Record<string, string>) =>
    Object.keys(m)
      .sort()
      .map((k) => `${k}=${m[k]}`)
      .join(",");
  return [
    ...["maxBal", "maxVBal", "maxVal"].map((v) => `${v}=${vars[v]!.join(",")}`),
    `msgs=${msgs.map(fields).sort().join(" ")}`,
  ].join(";");
}

function tlcStates(): Set<string> {
  const dump = gunzipSync(readFileSync("test/fixtures/tlc/paxos-3a-2v-b0..1.states.gz")).toString();
  const states = new Set<string>();
  for (const block of dump.split(/^State \d+:$/m).slice(1)) {
    const variable = (name: string) => {
      const text = block.match(new RegExp(`/\\\\ ${name} = \\(([^)]*)\\)`))![1]!;
      return [...text.matchAll(/a(\d) :> (\S+)/g)]
        .sort((x, y) => Number(x[1]) - Number(y[1]))
        .map((m) => m[2]!);
    };
    const msgsText = block.match(/\/\\ msgs = \{([^}]*)\}/)![1]!;
    const msgs = [...msgsText.matchAll(/\[([^\]]*)\]/g)].map((record) =>
      Object.fromEntries(
        [...record[1]!.matchAll(/(\w+) \|-> "?([\w-]+)"?/g)].map((f) => [f[1]!, f[2]!]),
      ),
    );
    states.add(
      normalise(
        { maxBal: variable("maxBal"), maxVBal: variable("maxVBal"), maxVal: variable("maxVal") },
        msgs,
      ),
    );
  }
  return states;
}

function synodStates(system: CheckableSystem<AbstractView>): Set<string> {
  const values = system.model.values;
  const value = (v: number) => (v < 0 ? "None" : values[v]!);
  const acc = (a: number) => `a${a + 1}`;
  return new Set(
    reachable(system).map((state) => {
      const v = system.view(state);
      const msgs = v.msgs.map((m): Record<string, string> => {
        switch (m.type) {
          case "1a":
            return { type: "1a", bal: String(m.bal) };
          case "1b":
            return {
              type: "1b",
              acc: acc(m.acc),
              bal: String(m.bal),
              mbal: String(m.mbal),
              mval: value(m.mval),
            };
          case "2a":
            return { type: "2a", bal: String(m.bal), val: value(m.val) };
          case "2b":
            return { type: "2b", acc: acc(m.acc), bal: String(m.bal), val: value(m.val) };
        }
      });
      return normalise(
        {
          maxBal: v.maxBal.map(String),
          maxVBal: v.maxVBal.map(String),
          maxVal: v.maxVal.map(value),
        },
        msgs,
      );
    }),
  );
}

describe("paxos-abstract agrees with TLC", () => {
  it("reaches exactly the states in TLC's dump", async () => {
    const system = buildSystem(await loadModel(PLAIN)) as CheckableSystem<AbstractView>;
    const ours = synodStates(system);
    const theirs = tlcStates();
    expect(theirs.size).toBe(3_921);
    expect([...ours].filter((s) => !theirs.has(s))).toEqual([]);
    expect([...theirs].filter((s) => !ours.has(s))).toEqual([]);
  });

  it("symmetry stores one state per orbit: every orbit is reached, none twice", async () => {
    const plain = buildSystem(await loadModel(PLAIN));
    const symmetric = buildSystem(await loadModel(SYMMETRIC));
    const representatives = new Set(
      reachable(plain).map((state) => {
        const copy = state.slice();
        symmetric.canonicalize!(copy, copy.length);
        return copy.join(",");
      }),
    );
    expect(representatives.size).toBe(443);
  });
});

describe("invariants are remembered by what they declare they read", () => {
  /** Checks one invariant over the message-set model at ballots 0..1. */
  async function check(invariant: Omit<Invariant<AbstractView>, "statement" | "rationale">) {
    const { model } = await loadModel(PLAIN);
    const whole = { statement: "", rationale: "", ...invariant };
    return explore(buildAbstractSystem(model, [whole], [], correctAbstractRules));
  }
  const explain = () => "";

  it("one that reads the other messages is evaluated on every state", async () => {
    // Sending 1a(1) changes no acceptor variable and no vote: remembered by those, it would
    // never be seen.
    const result = await check({
      id: "no-1a-for-ballot-1",
      holds: (view) => !view.msgs.some((m) => m.type === "1a" && m.bal === 1),
      readsMessages: true,
      explain,
    });
    expect(result.verdict).toBe("violation");
    // The initial state, then Phase1a(1).
    expect(result.trace).toHaveLength(2);
  });

  it("one that declares no roles still sees every change of the votes", async () => {
    const result = await check({
      id: "no-vote-in-ballot-1",
      holds: (view) => !view.msgs.some((m) => m.type === "2b" && m.bal === 1),
      readsRoles: [],
      explain,
    });
    expect(result.verdict).toBe("violation");
    // Phase1a(1), two promises, Phase2a(1, v), the vote.
    expect(result.trace).toHaveLength(6);
  });

  it("one that declares nothing reads the acceptors' variables", async () => {
    // a1's promise of ballot 1 changes its maxBal; the 1b it sends is not in the words that
    // hold the votes (the key of an invariant that reads the votes alone).
    const result = await check({
      id: "a1-promises-no-ballot-1",
      holds: (view) => view.maxBal[0]! < 1,
      explain,
    });
    expect(result.verdict).toBe("violation");
    // Phase1a(1), a promise.
    expect(result.trace).toHaveLength(3);
  });
});
