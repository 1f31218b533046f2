import { describe, expect, it } from "vitest";
import { StateQueue } from "../../src/check/state-queue.ts";

describe("StateQueue", () => {
  it("gives back every state in order, whatever their lengths and words", () => {
    // States of 0 to 40 words that change a few words at a time, with now and then a new length
    // and words that need five bytes (negative, and past 2^28); pushes and takes interleaved, over
    // several chunks (some 10 MB in all).
    let seed = 99;
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const queue = new StateQueue();
    const expected: Int32Array[] = [];
    let state = new Int32Array(12);
    let wrong = 0;
    let taken = 0;
    for (let i = 0; i < 1_000_000; i++) {
      if (random() < 0.02) {
        const next = new Int32Array(Math.floor(random() * 41));
        next.set(state.subarray(0, Math.min(state.length, next.length)));
        state = next;
      }
      for (let k = Math.floor(random() * 6); k > 0 && state.length > 0; k--) {
        const r = random();
        state[Math.floor(random() * state.length)] =
          r < 0.1
            ? -Math.floor(random() * 2 ** 31)
            : r < 0.2
              ? (random() * 2 ** 32) | 0
              : r < 0.9
                ? Math.floor(random() * 8)
                : 0;
      }
      queue.push(state, state.length);
      expected.push(state.slice());
      if (random() < 0.45) {
        const got = queue.take();
        const want = expected[taken++]!;
        if (got.length !== want.length || got.some((w, j) => w !== want[j])) wrong++;
      }
    }
    while (queue.length > 0) {
      const got = queue.take();
      const want = expected[taken++]!;
      if (got.length !== want.length || got.some((w, j) => w !== want[j])) wrong++;
    }
    expect([taken, wrong]).toEqual([1_000_000, 0]);
  });
});
