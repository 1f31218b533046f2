/**
 * Blind hashes: unchanged by renaming interchangeable nodes and values (however a collection is
 * re-ordered), and changed by what renaming cannot do.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { List, Map as IMap, Record, Set as ISet } from "immutable";
import { nameBlindHash } from "../../src/system/name-blind.ts";

const Vote = Record({ ballot: 0, value: "" }, "Vote");
const Node = Record(
  { id: "", votes: List<InstanceType<typeof Vote>>(), acks: IMap<string, ISet<string>>() },
  "Node",
);

const nodes = ["a1", "a2", "a3"];
const values = ["x", "y"];
const blind = nameBlindHash(new Map(nodes.map((id, k) => [id, k])), new Set(values));

const node = fc
  .record({
    id: fc.constantFrom(...nodes, "p1"),
    votes: fc.array(fc.record({ ballot: fc.nat(3), value: fc.constantFrom(...values) }), {
      maxLength: 4,
    }),
    acks: fc.dictionary(
      fc.constantFrom(...values),
      fc.uniqueArray(fc.constantFrom(...nodes), { maxLength: 3 }),
    ),
  })
  .map(({ id, votes, acks }) =>
    Node({
      id,
      votes: List(votes.map((v) => Vote(v))),
      acks: IMap(Object.entries(acks).map(([v, from]) => [v, ISet(from)])),
    }),
  );
const renaming = fc.record({
  nodes: fc.shuffledSubarray(nodes, { minLength: 3, maxLength: 3 }),
  values: fc.shuffledSubarray(values, { minLength: 2, maxLength: 2 }),
});

describe("name-blind hashes", () => {
  it("are unchanged by a renaming, and name the renamed nodes", () => {
    fc.assert(
      fc.property(node, renaming, (state, r) => {
        const name = (id: string) => (nodes.includes(id) ? r.nodes[nodes.indexOf(id)]! : id);
        const value = (v: string) => r.values[values.indexOf(v)]!;
        // Renamed, and the votes re-sorted as a protocol's permute may do.
        const renamed = Node({
          id: name(state.id),
          votes: state.votes.map((v) => v.set("value", value(v.value))).sortBy((v) => v.value),
          acks: state.acks.mapEntries(([v, from]) => [value(v), from.map(name)]),
        });
        const before = blind(state);
        const after = blind(renamed);
        expect(after.hash).toBe(before.hash);
        let moved = 0;
        nodes.forEach((id, k) => {
          if ((before.mentions >>> k) & 1) moved |= 1 << nodes.indexOf(name(id));
        });
        expect(after.mentions).toBe(moved);
      }),
    );
  });

  it("differ where renaming cannot reach: ballots, other names, a field's place", () => {
    const base = Node({ id: "a1", votes: List([Vote({ ballot: 1, value: "x" })]) });
    expect(blind(base.set("votes", List([Vote({ ballot: 2, value: "x" })]))).hash).not.toBe(
      blind(base).hash,
    );
    expect(blind(base.set("id", "p1")).hash).not.toBe(blind(base).hash);
    expect(blind(base).mentions).toBe(0b001);
    expect(blind(base.set("id", "a3")).mentions).toBe(0b100);
  });
});
