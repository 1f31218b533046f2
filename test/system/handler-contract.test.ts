/** A node's handler is checked where it returns: the shape of its step, and its purity. */
import { List, Record } from "immutable";
import { describe, expect, it } from "vitest";
import { checkedActions, checkedStep } from "../../src/system/handler-contract.ts";
import type { Envelope, Step } from "../../src/core/protocol.ts";

class Ping extends Record({ from: "a1", to: "a2" }) {}
const isNode = (id: unknown) => id === "a1" || id === "a2";
const what = () => "a1's receive, in state 0, of Ping";
const run = (handler: () => unknown) => () =>
  checkedStep(handler as () => Step<unknown, Envelope>, what, isNode);

describe("a handler's step", () => {
  it("passes a well-formed, pure step through", () => {
    const step = { state: List([1]), send: [new Ping()] };
    expect(run(() => step)()).toBe(step);
  });

  it.each([
    [
      () => undefined,
      "a1's receive, in state 0, of Ping, returned undefined, not a step { state, send }",
    ],
    [
      () => ({ state: { count: 1 }, send: [] }),
      'a1\'s receive, in state 0, of Ping, returned the state {"count":1}, which is not a value synod can compare',
    ],
    [
      () => ({ state: 1, send: new Ping() }),
      'a1\'s receive, in state 0, of Ping, returned send: Ping { from: "a1", to: "a2" }, not an array of messages',
    ],
    [
      () => ({ state: 1, send: [{ from: "a1", to: "a2" }] }),
      'a1\'s receive, in state 0, of Ping, sends {"from":"a1","to":"a2"}, which is not a message synod can compare',
    ],
    [
      () => ({ state: 1, send: [new Ping({ to: "a9" })] }),
      'a1\'s receive, in state 0, of Ping, sends Ping { from: "a1", to: "a9" } to "a9", which is not a node of the model',
    ],
  ])("refuses a malformed step (%#)", (handler, message) => {
    expect(run(handler)).toThrow(message);
  });

  it("refuses a state holding a plain array, which a handler could change in place", () => {
    class Held extends Record({ items: [] as number[] }) {}
    expect(run(() => ({ state: new Held({ items: [1] }), send: [] }))).toThrow(
      "a1's receive, in state 0, of Ping, returned the state Held { items: 1 }, whose items is not a value synod can compare",
    );
  });

  it("refuses a handler whose step changes from call to call", () => {
    let calls = 0;
    expect(run(() => ({ state: ++calls, send: [] }))).toThrow(
      "a1's receive, in state 0, of Ping, returned 1 and 0 messages, then 2 and 0 messages when called again with the same arguments",
    );
  });

  it("checks a node's own steps alike", () => {
    let calls = 0;
    const local = () => [{ label: "p1 starts", step: { state: calls++ < 1 ? 1 : 2, send: [] } }];
    expect(() => checkedActions(local, () => "p1's local, in state 0", isNode)).toThrow(
      "p1's local, in state 0, returned 1 actions (p1 starts), then others when called again with the same arguments",
    );
    expect(() =>
      checkedActions(
        () => [{ label: 7, step: { state: 1, send: [] } }] as never,
        () => "p1's local",
        isNode,
      ),
    ).toThrow("p1's local, returned an action whose label is 7, not a string");
  });
});
