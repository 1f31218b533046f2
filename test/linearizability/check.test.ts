/**
 * The linearizability checker on hand-written histories of a key-value store (sequential,
 * concurrent, with pending calls) and, on random small histories, against a search of every
 * order of every subset of the pending calls over the whole store (no split by key).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkLinearizable, type Operation } from "../../src/linearizability/check.ts";
import { describeKv, kvSpec, type KvInput, type KvOutput } from "../../src/linearizability/kv.ts";
import { drawTimeline } from "../../src/linearizability/timeline.ts";

type Op = Operation<KvInput, KvOutput>;

/** `put x 1`, `get x`, `cas x - 2` (`-`: absent) as an input. */
function input(text: string): KvInput {
  const [kind, key, a, b] = text.split(" ") as [string, string, string?, string?];
  if (kind === "put") return { kind, key, value: a! };
  if (kind === "get") return { kind, key };
  return { kind: "cas", key, expected: a === "-" ? null : a!, value: b! };
}

/** An operation called at `call`; it returned `output` at `ret`, or is pending without them. */
const op = (client: string, text: string, call: number, ret?: number, output?: KvOutput): Op =>
  ret === undefined
    ? { client, input: input(text), call }
    : { client, input: input(text), call, ret, output };

const check = (...history: Op[]) => checkLinearizable(kvSpec, history);
const holds = (...history: Op[]) => check(...history).linearizable;

describe("hand-written histories", () => {
  it("a read after a write returned sees it; an empty history and a read of nothing hold", () => {
    expect(holds()).toBe(true);
    expect(holds(op("c1", "get x", 0, 1, null))).toBe(true);
    expect(holds(op("c1", "put x 1", 0, 1, "ok"), op("c2", "get x", 2, 3, "1"))).toBe(true);
  });

  it("a read that returns the old value after a write returned is not linearizable", () => {
    const stale = check(
      op("c1", "put x 1", 0, 1, "ok"),
      op("c1", "put x 2", 2, 3, "ok"),
      op("c2", "get x", 4, 5, "1"),
    );
    expect(stale.linearizable).toBe(false);
    if (stale.linearizable) return;
    expect(stale.part).toBe("x");
    // The two puts go in, in their real-time order; the read of 1 can go nowhere after them.
    expect(stale.longest.map((o) => describeKv(o.input))).toEqual(["put x 1", "put x 2"]);
  });

  it("a read overlapping a write may see the value before it or after it", () => {
    for (const seen of [null, "1"]) {
      expect(holds(op("c1", "put x 1", 0, 3, "ok"), op("c2", "get x", 1, 2, seen))).toBe(true);
    }
    expect(holds(op("c1", "put x 1", 0, 3, "ok"), op("c2", "get x", 1, 2, "2"))).toBe(false);
  });

  it("two overlapping reads may not see a write in opposite orders once one returned", () => {
    // c2 read the new value and returned; c3, called after that, cannot read the old one.
    expect(
      holds(
        op("c1", "put x 1", 0, 9, "ok"),
        op("c2", "get x", 1, 2, "1"),
        op("c3", "get x", 3, 4, null),
      ),
    ).toBe(false);
    // Both overlapping each other and the write: either order of effects is possible.
    expect(
      holds(
        op("c1", "put x 1", 0, 9, "ok"),
        op("c2", "get x", 1, 4, "1"),
        op("c3", "get x", 2, 3, null),
      ),
    ).toBe(true);
  });

  it("a pending write may have taken effect, or not, but not both", () => {
    expect(holds(op("c1", "put x 1", 0), op("c2", "get x", 1, 2, "1"))).toBe(true);
    expect(holds(op("c1", "put x 1", 0), op("c2", "get x", 1, 2, null))).toBe(true);
    // Seen, then unseen: once it took effect it stays.
    expect(
      holds(op("c1", "put x 1", 0), op("c2", "get x", 1, 2, "1"), op("c2", "get x", 3, 4, null)),
    ).toBe(false);
    // It cannot take effect before it was called.
    expect(holds(op("c2", "get x", 0, 1, "1"), op("c1", "put x 1", 2))).toBe(false);
  });

  it("two compare-and-swaps from the same value cannot both succeed", () => {
    const both = [op("c1", "cas x - 1", 0, 2, true), op("c2", "cas x - 2", 1, 3, true)];
    expect(holds(...both)).toBe(false);
    expect(holds(both[0]!, op("c2", "cas x - 2", 1, 3, false))).toBe(true);
  });

  it("keys are checked apart: a stale read on y is found among operations on x", () => {
    const result = check(
      op("c1", "put x 1", 0, 1, "ok"),
      op("c1", "put y 1", 2, 3, "ok"),
      op("c2", "get x", 4, 5, "1"),
      op("c2", "get y", 6, 7, null),
    );
    expect(result.linearizable).toBe(false);
    if (!result.linearizable) {
      expect(result.part).toBe("y");
      expect(result.operations.map((o) => describeKv(o.input))).toEqual(["put y 1", "get y"]);
    }
  });
});

/** Every order of every subset of the pending calls, over the whole store: the oracle. */
function bruteForce(history: readonly Op[]): boolean {
  const completed = history.filter((o) => o.ret !== undefined);
  const pending = history.filter((o) => o.ret === undefined);
  for (let mask = 0; mask < 1 << pending.length; mask++) {
    const ops = [...completed, ...pending.filter((_, i) => mask & (1 << i))];
    if (someOrder(ops, [], new Map())) return true;
  }
  return false;
}

function someOrder(left: readonly Op[], done: readonly Op[], store: Map<string, string>): boolean {
  if (left.length === 0) return true;
  return left.some((next) => {
    // Real time: nothing left may have returned before `next` was called.
    if (left.some((o) => o !== next && o.ret !== undefined && o.ret < next.call)) return false;
    const key = next.input.key;
    const { state, output } = kvSpec.step(store.get(key) ?? null, next.input);
    if (next.ret !== undefined && output !== next.output) return false;
    const after = new Map(store);
    if (state === null) after.delete(key);
    else after.set(key, state);
    return someOrder(
      left.filter((o) => o !== next),
      [...done, next],
      after,
    );
  });
}

/** Random histories of up to 6 operations on keys x and y with values 1 and 2. */
const histories = fc
  .array(
    fc.record({
      text: fc.constantFrom(
        "put x 1",
        "put x 2",
        "get x",
        "cas x - 1",
        "cas x 1 2",
        "put y 1",
        "get y",
      ),
      returns: fc.boolean(),
      read: fc.constantFrom(null, "1", "2"),
      swapped: fc.boolean(),
    }),
    { minLength: 1, maxLength: 6 },
  )
  .chain((ops) =>
    fc
      .shuffledSubarray([...Array(ops.length * 2).keys()], {
        minLength: ops.length * 2,
        maxLength: ops.length * 2,
      })
      .map((times) =>
        ops.map((o, i): Op => {
          const [a, b] = [times[2 * i]!, times[2 * i + 1]!].sort((x, y) => x - y) as [
            number,
            number,
          ];
          const kind = o.text.split(" ")[0];
          const output = kind === "put" ? "ok" : kind === "get" ? o.read : o.swapped;
          // Returned operations mostly, so that the random outputs are tested.
          return o.returns || i === 0 ? op(`c${i}`, o.text, a, b, output) : op(`c${i}`, o.text, a);
        }),
      ),
  );

it("agrees with trying every order, on random histories", () => {
  // Both answers are common among them, so agreement says something about each.
  const linearizable = fc.sample(histories, { numRuns: 2000, seed: 1 }).filter(bruteForce).length;
  expect(linearizable).toBeGreaterThan(200);
  expect(linearizable).toBeLessThan(1800);
  fc.assert(
    fc.property(histories, (history) => {
      expect(checkLinearizable(kvSpec, history).linearizable).toBe(bruteForce(history));
    }),
    { numRuns: 2000, seed: 1 },
  );
});

it("draws a history as a timeline: intervals by call, results, a pending call, a mark", () => {
  expect(
    drawTimeline([
      { label: "c1 get x", call: 2, ret: 5, result: "none", marked: true },
      { label: "c2 put x 2", call: 0, ret: 1, result: "ok" },
      { label: "c3 put x 3", call: 3 },
    ]),
  ).toEqual([
    "event       0   1   2   3   4   5",
    "c2 put x 2  ├───┤                  ok",
    "c1 get x            ├───────────┤  none  ✗",
    "c3 put x 3              ├────────  … pending",
  ]);
});
