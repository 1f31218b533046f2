/** On-demand collection: an array dropped before it is called is gone after it. */
import { setImmediate as turn } from "node:timers/promises";
import { expect, it } from "vitest";
import { collectGarbage } from "../../src/check/collect.ts";

it("collects a dropped array at once, however long it lived", async () => {
  let array: Uint32Array | null = new Uint32Array(1 << 20);
  const ref = new WeakRef(array);
  // A weak reference's target is kept until the end of the turn that made it.
  await turn();
  array = null;
  collectGarbage();
  expect(ref.deref()).toBeUndefined();
});
