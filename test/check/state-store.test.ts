import { describe, expect, it } from "vitest";
import { StateStore } from "../../src/check/state-store.ts";
import { randomWords as words } from "./random-words.ts";

describe("StateStore", () => {
  // 600,000 states take the table from 2,048 home slots through copies and then three doublings
  // in place (from 2^18 home slots on).
  const n = 600_000;
  const his = words(n, 0x1234567);
  const los = words(n, 0x7654321);
  const none = new Int32Array(0);

  for (const indexed of [false, true]) {
    it(`keeps every state through its growth (${indexed ? "indexed" : "plain"})`, () => {
      const store = new StateStore({ indexed });
      let added = 0;
      for (let i = 0; i < n; i++) {
        if (store.insert(his[i]!, los[i]!, i - 1, 2 * i, none, 0) === i) added++;
      }
      let again = 0;
      let numbered = 0;
      let strangers = 0;
      for (let i = 0; i < n; i++) {
        if (store.insert(his[i]!, los[i]!, 0, 0, none, 0) === -1) again++;
        if (indexed && store.found === i) numbered++;
        // The same high word with another low word is another state.
        if (store.has(his[i]!, los[i]! ^ 0x80000000, none, 0)) strangers++;
      }
      expect([added, store.size, again, strangers]).toEqual([n, n, n, 0]);
      if (indexed) expect(numbered).toBe(n);
      // A second insert did not overwrite what the first recorded.
      expect([store.parent(n - 1), store.step(n - 1)]).toEqual([n - 2, 2 * (n - 1)]);
    });
  }

  it("keeps states whose probes run past the last home slot as the table doubles in place", () => {
    // With a high word of 0 the home slot is the low word's low bits: these 2,000 states all
    // start at the last home slot (of any table up to 2^21), so they sit in the overflow slots.
    const store = new StateStore();
    const random = 300_000;
    let added = 0;
    for (let i = 0; i < random; i++) {
      if (store.insert(his[i]!, los[i]!, -1, 0, none, 0) >= 0) added++;
      if (
        i % 150 === 0 &&
        store.insert(0, (((i / 150) << 21) | 0x1fffff) >>> 0, -1, 0, none, 0) >= 0
      ) {
        added++;
      }
    }
    let kept = 0;
    for (let j = 0; j < random / 150; j++)
      if (store.has(0, ((j << 21) | 0x1fffff) >>> 0, none, 0)) kept++;
    expect([added, kept]).toEqual([random + 2000, 2000]);
  });

  it("tells apart, in exact mode, states whose fingerprints are equal", () => {
    const store = new StateStore({ exact: true });
    expect(store.insert(1, 2, -1, 0, Int32Array.of(7, 8), 2)).toBe(0);
    expect(store.insert(1, 2, 0, 1, Int32Array.of(7, 9), 2)).toBe(1);
    expect(store.insert(1, 2, 0, 2, Int32Array.of(7, 9), 2)).toBe(-1);
    expect(store.found).toBe(1);
    expect(store.same(0, 1, 2, Int32Array.of(7, 8), 2)).toBe(true);
    expect(store.same(0, 1, 2, Int32Array.of(7, 9), 2)).toBe(false);
  });

  it("keeps the fingerprints of the initial states, and stores the fingerprint (0, 0)", () => {
    const store = new StateStore();
    expect(store.insert(0, 0, -1, 0, none, 0)).toBe(0);
    expect(store.insert(5, 6, -1, 0, none, 0)).toBe(1);
    expect(store.insert(0, 0, -1, 0, none, 0)).toBe(-1);
    expect(store.has(0, 0, none, 0)).toBe(true);
    expect(store.rootFingerprint(1)).toEqual([5, 6]);
    expect(() => store.rootFingerprint(2)).toThrow("state 2 is not a root");
  });
});
