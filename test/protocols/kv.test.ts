/**
 * The replicated key-value store (`protocol kv`): its `operations` block and the mistakes a
 * model can make in it, its state machine, and the stale read of leader-local-reads.
 */
import { Map as IMap } from "immutable";
import { describe, expect, it } from "vitest";
import { formatModelError, ModelError } from "../../src/lang/errors.ts";
import { loadModel, modelFromSource, resolveModel } from "../../src/app/load.ts";
import { applyOperation } from "../../src/protocols/multipaxos/store.ts";
import { checkModel } from "../../src/run.ts";

const STORE = `model store {
  protocol  kv
  replicas  3
  proposers 2
  operations {
    c1: put x 1, get x
    c2: cas x none 2
  }
  slots     3
}
`;

const load = (source: string) => resolveModel(modelFromSource(source, "store.synod"));

/** The located error a model with `from` replaced by `to` gets. */
async function errorFor(from: string, to: string): Promise<string> {
  if (!STORE.includes(from)) throw new Error(`the model has no ${from}`);
  try {
    await load(STORE.replace(from, to));
  } catch (error) {
    if (error instanceof ModelError) return formatModelError(error);
    throw error;
  }
  throw new Error("expected a model error");
}

describe("the operations block", () => {
  it("gives each client its operations, as commands of the log", async () => {
    const { model, protocol } = await load(STORE);
    expect(model.log!.commands).toEqual(["c1.1 put x 1", "c1.2 get x", "c2.1 cas x none 2"]);
    expect(model.log!.submitters).toEqual([0, 0, 1]);
    expect(model.log!.operations).toEqual([
      { kind: "put", key: "x", value: "1" },
      { kind: "get", key: "x" },
      { kind: "cas", key: "x", expected: null, value: "2" },
    ]);
    expect(protocol.settings!.describe(model)).toBe(
      "3 replicas, 2 proposers, 2 clients (c1: put x 1, get x; c2: cas x none 2), 3 slots, 1 ballot per proposer",
    );
  });

  it("an unknown operation", async () => {
    expect(await errorFor("get x", "read x")).toBe(
      [
        "store.synod:6:18: error: unknown operation `read`",
        " 6 |     c1: put x 1, read x",
        "   |                  ^^^^",
        "  hint: a key-value store's operations are `put x 1`, `get x` and `cas x 1 2`.",
      ].join("\n"),
    );
  });

  it("a name every object has is no operation", async () => {
    expect(await errorFor("get x", "toString x")).toBe(
      [
        "store.synod:6:18: error: unknown operation `toString`",
        " 6 |     c1: put x 1, toString x",
        "   |                  ^^^^^^^^",
        "  hint: a key-value store's operations are `put x 1`, `get x` and `cas x 1 2`.",
      ].join("\n"),
    );
  });

  it("an operation with the wrong number of operands", async () => {
    expect(await errorFor("put x 1", "put x")).toBe(
      [
        "store.synod:6:9: error: `put` takes 2 operands, not 1",
        " 6 |     c1: put x, get x",
        "   |         ^^^^^",
        "  hint: write `put KEY VALUE`.",
      ].join("\n"),
    );
  });

  it("`none` anywhere but what cas expects", async () => {
    expect(await errorFor("put x 1", "put x none")).toBe(
      [
        "store.synod:6:15: error: `none` is not a key or a value",
        " 6 |     c1: put x none, get x",
        "   |               ^^^^",
        "  hint: `none` means absent, only as what `cas` expects: `cas x none 1` sets x if it has no value.",
      ].join("\n"),
    );
  });

  it("a client named out of turn, and one with two lines", async () => {
    expect(await errorFor("c2: cas", "c3: cas")).toBe(
      [
        "store.synod:7:5: error: client `c3` is not one of c1 to c2",
        " 7 |     c3: cas x none 2",
        "   |     ^^",
        "  hint: clients are named c1, c2, … one line each; with 2 lines they are c1, c2.",
      ].join("\n"),
    );
    expect(await errorFor("c2: cas", "c1: cas")).toBe(
      [
        "store.synod:7:5: error: client `c1` has two lines of operations",
        " 7 |     c1: cas x none 2",
        "   |     ^^",
        "  hint: give each client's operations on one line, in the order it calls them.",
      ].join("\n"),
    );
  });

  it("`commands` and `clients` are refused, with where the clients go", async () => {
    const hint =
      "  hint: a key-value store's clients and what they call are its `operations` block: one line per client.";
    expect((await errorFor("slots     3", "slots     3\n  clients 2")).split("\n").at(-1)).toBe(
      hint,
    );
    expect((await errorFor("slots     3", "slots     3\n  commands x")).split("\n").at(-1)).toBe(
      hint,
    );
  });
});

describe("the store's state machine", () => {
  it("puts, gets and compares-and-swaps, answering as the clients see it", () => {
    let store = IMap<string, string>();
    const step = (operation: Parameters<typeof applyOperation>[1]) => {
      const next = applyOperation(store, operation);
      store = next.store;
      return next.result;
    };
    expect(step({ kind: "get", key: "x" })).toBe("none");
    expect(step({ kind: "cas", key: "x", expected: "1", value: "2" })).toBe("false");
    expect(step({ kind: "cas", key: "x", expected: null, value: "1" })).toBe("true");
    expect(step({ kind: "put", key: "y", value: "3" })).toBe("ok");
    expect(step({ kind: "get", key: "x" })).toBe("1");
    expect(store.toJS()).toEqual({ x: "1", y: "3" });
  });
});

describe("leader-local-reads", () => {
  it("returns the value before a write that finished before the read began", async () => {
    const report = checkModel(await loadModel("models/kv/variants/leader-local-reads.synod"));
    expect(report.result.violated).toBe("linearizable");
    expect(report.counterexample).toHaveLength(22);
    expect(report.explanation).toBe(
      "The operations on x have no linearization: c2.1 put x 2 → ok (events 0-1); c1.1 get x → none (events 2-3). At best, in an order real time allows, c2.1 put x 2 leaves x = 2, and no operation left can come next with the result its client saw: c1.1 get x → none (events 2-3).",
    );
    expect(report.picture).toEqual([
      "event       0   1   2   3",
      "c2 put x 2  ├───┤          ok",
      "c1 get x            ├───┤  none  ✗",
    ]);
    // The old leader answers: the reply comes from p1, which committed nothing.
    const actions = report.counterexample!.map((s) => s.action);
    expect(actions.at(-2)).toBe("p1 receives Request(c1.1 get x) from c1");
  });
});
