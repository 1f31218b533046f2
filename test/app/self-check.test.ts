/**
 * `--self-check`: every protocol's speed declarations hold on its models, and a wrong one of
 * each kind is caught and said in words.
 */
import { describe, expect, it } from "vitest";
import { loadModel, type LoadedModel } from "../../src/app/load.ts";
import { selfCheck } from "../../src/app/self-check.ts";
import type { ClusterView, Invariant } from "../../src/core/protocol.ts";
import { paxos } from "../../src/protocols/paxos/index.ts";
import { main } from "../../src/cli/main.ts";

describe("the built-in protocols' declarations hold", () => {
  const models: [file: string, hints: string[]][] = [
    [
      "models/paxos-set.synod",
      [
        "messages ignored forever are no-ops where they are dropped",
        "properties read only what they declare",
      ],
    ],
    [
      "models/paxos-retry.synod",
      [
        "messages ignored forever are no-ops where they are dropped",
        "properties read only what they declare",
      ],
    ],
    [
      "models/multipaxos/scale.synod",
      [
        "messages ignored forever are no-ops where they are dropped",
        "properties read only what they declare",
        "renamed states behave alike (symmetry)",
      ],
    ],
    [
      "models/tla/paxos-3a-2v-b1-sym.synod",
      ["properties read only what they declare", "renamed states behave alike (symmetry)"],
    ],
  ];
  it.each(models)("%s", async (file, hints) => {
    const checks = selfCheck(await loadModel(file), 5_000);
    expect(checks.map((c) => c.hint)).toEqual(hints);
    for (const check of checks) {
      expect(check.checked).toBeGreaterThan(0);
      expect(check.wrong).toEqual([]);
    }
  });
});

describe("a wrong declaration is caught", () => {
  const paxosModel = () => loadModel("models/paxos-set.synod");

  it("an invariant that reads more than it declares", async () => {
    const loaded = await paxosModel();
    // It reads the proposers, but says it reads the acceptors only.
    const liar: Invariant<ClusterView> = {
      id: "no-proposer-accepting",
      statement: "",
      rationale: "",
      readsRoles: ["acceptor"],
      holds: (view) =>
        view.nodes.every(
          (n) => n.role !== "proposer" || (n.state as { phase: string }).phase !== "accepting",
        ),
      explain: () => "",
    };
    const reads = selfCheck({ ...loaded, invariants: [liar] } as LoadedModel, 5_000).find(
      (check) => check.hint === "properties read only what they declare",
    );
    expect(reads!.wrong[0]).toMatch(
      /^no-proposer-accepting is remembered as (holding|violated) in a state where it is (violated|holding): it reads more than it declares$/,
    );
  });

  it("a message said to be ignored forever that a node acts on", async () => {
    const loaded = await loadModel("models/multipaxos/one-leader.synod");
    const build = loaded.protocol.build!;
    const protocol = {
      ...loaded.protocol,
      build: (...args: Parameters<typeof build>) => {
        const cluster = build(...args);
        return {
          ...cluster,
          nodes: cluster.nodes.map((node) =>
            node.role === "replica"
              ? {
                  ...node,
                  ignoresForever: (_: unknown, m: { kind: string }) => m.kind === "prepare",
                }
              : node,
          ),
        };
      },
    };
    const [obsolete] = selfCheck({ ...loaded, protocol } as LoadedModel, 5_000);
    expect(obsolete!.wrong[0]).toBe(
      "r1 says it ignores Prepare(b=1.p1) forever, but receiving it sends messages",
    );
  });

  it("a rule that depends on names under symmetry", async () => {
    const loaded = await loadModel("models/paxos-set.synod");
    // Acceptor a1 ignores every message: the acceptors are not interchangeable.
    const model = { ...loaded.model, symmetry: { acceptors: true, values: false } };
    const protocol = {
      ...paxos,
      build: (m: typeof model, v: typeof loaded.variant) => {
        const cluster = paxos.build!(m, v);
        return {
          ...cluster,
          nodes: cluster.nodes.map((node) =>
            node.id === "a1"
              ? { ...node, receive: (state: unknown) => ({ state, send: [] }) }
              : node,
          ),
        };
      },
    };
    const checks = selfCheck({ ...loaded, model, protocol } as LoadedModel, 2_000);
    expect(checks.at(-1)!.hint).toBe("renamed states behave alike (symmetry)");
    expect(checks.at(-1)!.wrong[0]).toMatch(
      /^a state and its renaming have different successors \(\d+ and \d+ up to renaming\): a rule depends on names, or the protocol's renaming misses part of a state$/,
    );
  });
});

it("synod check --self-check prints each declaration and exits 0 when all hold", async () => {
  let out = "";
  const code = await main(
    ["check", "models/tla/paxos-3a-2v-b1-sym.synod", "--self-check"],
    { write: (s: string) => (out += s) },
    { write: () => {} },
  );
  expect(code).toBe(0);
  expect(out).toBe(
    [
      "self-check of models/tla/paxos-3a-2v-b1-sym.synod: what the protocol declares for speed, checked without each reduction on at most the first 20,000 states of a search",
      "  ✓ properties read only what they declare (49,909 checks)",
      "  ✓ renamed states behave alike (symmetry) (3,921 checks)",
      "",
    ].join("\n"),
  );
});
