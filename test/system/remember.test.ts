/** Remembering properties by integer keys (src/system/remember.ts). */
import { describe, expect, it } from "vitest";
import { IntKeys, rememberedById, rememberedByInts } from "../../src/system/remember.ts";

describe("IntKeys", () => {
  it("numbers each distinct sequence once, in order, whatever its length", () => {
    const keys = new IntKeys();
    const id = (...words: number[]) => keys.id(Int32Array.from([...words, 99]), words.length);
    expect(id(1, 2, 3)).toBe(0);
    expect(id(1, 2)).toBe(1);
    expect(id()).toBe(2);
    expect(id(1, 2, 3)).toBe(0);
    expect(id(1, 2)).toBe(1);
    expect(id()).toBe(2);
    // The word past the length is not part of the key.
    expect(id(1, 2, 99)).toBe(3);
    expect(keys.size).toBe(4);
  });

  it("keeps every sequence apart through its growth", () => {
    const keys = new IntKeys();
    const key = (i: number) => Int32Array.from({ length: 1 + (i % 40) }, (_, k) => i * 7 + k);
    for (let i = 0; i < 20_000; i++) expect(keys.id(key(i), key(i).length)).toBe(i);
    for (let i = 0; i < 20_000; i += 97) expect(keys.id(key(i), key(i).length)).toBe(i);
    expect(keys.size).toBe(20_000);
  });
});

describe("a remembered predicate", () => {
  it("is evaluated once per id", () => {
    const calls: number[] = [];
    const even = rememberedById(
      (n: number) => n % 5,
      (n: number) => {
        calls.push(n);
        return n % 2 === 0;
      },
    );
    expect([0, 1, 2, 5, 6, 7, 2000].map(even)).toEqual([
      true,
      false,
      true,
      true,
      false,
      true,
      true,
    ]);
    expect(calls).toEqual([0, 1, 2]);
  });

  it("by some of a state's integers", () => {
    let calls = 0;
    const firstTwoSum = rememberedByInts(
      (state, out) => {
        out[0] = state[0]!;
        out[1] = state[1]!;
        return 2;
      },
      2,
      (state) => {
        calls++;
        return state[0]! + state[1]! > 3;
      },
    );
    expect(firstTwoSum(Int32Array.of(1, 2, 9))).toBe(false);
    expect(firstTwoSum(Int32Array.of(1, 2, 7))).toBe(false);
    expect(firstTwoSum(Int32Array.of(2, 2, 7))).toBe(true);
    expect(calls).toBe(2);
  });
});
