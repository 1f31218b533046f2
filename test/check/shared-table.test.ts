import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { FULL, SharedTable } from "../../src/check/shared-table.ts";
import { isOutOfMemory } from "../../src/check/budget.ts";
import { randomWords } from "./random-words.ts";

/** In shared memory, for the threads of the last test. */
const words = (count: number, seed: number) => randomWords(count, seed, true);

describe("SharedTable", () => {
  // 300,000 fingerprints take the table from 2^16 home slots through four doublings.
  const n = 300_000;
  const his = words(n, 0x1234567);
  const los = words(n, 0x7654321);

  it("ends a search that outgrows it as running out of memory would, not as a fault", () => {
    // At most 2^18 home slots: full (half its slots in use) before 300,000 fingerprints.
    const table = new SharedTable(SharedTable.create(18), 1);
    let error: unknown;
    try {
      for (let i = 0; i < n; i++) {
        while (table.insert(his[i]!, los[i]!, i) === FULL) table.growNow();
      }
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toEqual(
      new RangeError("out of memory: the shared state table is full (2^18 slots)"),
    );
    expect(isOutOfMemory(error)).toBe(true);
  });

  it("keeps every fingerprint and its reference through its growth", () => {
    const table = new SharedTable(SharedTable.create(), 1);
    let added = 0;
    for (let i = 0; i < n; i++) {
      let inserted = table.insert(his[i]!, los[i]!, i);
      while (inserted === FULL) {
        table.growNow();
        inserted = table.insert(his[i]!, los[i]!, i);
      }
      if (inserted === 1) added++;
      if (i % 256 === 0) {
        table.publish();
        if (table.growing) table.standStill();
      }
    }
    expect(added).toBe(n);
    // At most half full: 2^20 home slots and 4,096 overflow slots, of 12 bytes.
    expect(table.bytes).toBe((2 ** 20 + 4096) * 12);
    let found = 0;
    let again = 0;
    let strangers = 0;
    for (let i = 0; i < n; i++) {
      if (table.lookup(his[i]!, los[i]!) === i) found++;
      if (table.insert(his[i]!, los[i]!, -1) === 0 && table.found === i) again++;
      // The same high word with another low word is another state.
      if (table.lookup(his[i]!, los[i]! ^ 0x80000000) !== -1) strangers++;
    }
    expect([found, again, strangers]).toEqual([n, n, 0]);
  });

  it("replaces a reference only if it is still the one expected", () => {
    const table = new SharedTable(SharedTable.create(), 1);
    expect(table.insert(7, 9, 16)).toBe(1);
    expect(table.insert(7, 9, 25)).toBe(0);
    const at = table.foundAt;
    expect(table.replace(at, 16, 8)).toBe(true);
    expect(table.replace(at, 16, 9)).toBe(false);
    expect([table.reference(at), table.lookup(7, 9)]).toEqual([8, 8]);
  });

  it("stores a fingerprint whose halves are 0", () => {
    const table = new SharedTable(SharedTable.create(), 1);
    expect(table.insert(0, 0, 5)).toBe(1);
    expect(table.insert(0, 0, 6)).toBe(0);
    expect(table.found).toBe(5);
  });

  it("takes the inserts of threads at once, growing while they insert", async () => {
    // Three threads insert overlapping stretches: every fingerprint is new to exactly one of them.
    const buffers = SharedTable.create();
    const parties = 3;
    const done = new SharedArrayBuffer(4);
    const stretches = [
      [0, 200_000],
      [100_000, 300_000],
      [50_000, 250_000],
    ] as const;
    const counts = await Promise.all(
      stretches.map(
        ([from, to], id) =>
          new Promise<number>((resolve, reject) => {
            const thread = new Worker(
              new URL("../fixtures/shared-table/inserter.mjs", import.meta.url),
              { workerData: { table: buffers, parties, id, his, los, from, to, done } },
            );
            thread.once("message", (added: number) => {
              resolve(added);
              void thread.terminate();
            });
            thread.once("error", reject);
          }),
      ),
    );
    expect(counts.reduce((a, b) => a + b, 0)).toBe(n);
    const table = new SharedTable(buffers, 1);
    let found = 0;
    for (let i = 0; i < n; i++) {
      const ref = table.lookup(his[i]!, los[i]!);
      if (ref >= 0 && Math.floor(ref / 8) === i) found++;
    }
    expect(found).toBe(n);
  });
});
