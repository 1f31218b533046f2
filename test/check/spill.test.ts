/**
 * A search that spills to disk gives the answer of a search in memory: counts, depth, verdict,
 * the violated property and the counterexample itself. These searches spill from their first
 * tables on (a gauge that always says memory is short), so that small models merge many times.
 */
import { describe, expect, it } from "vitest";
import { explore } from "../../src/check/explorer.ts";
import { answer } from "./answer.ts";
import { Spill } from "../../src/check/spill.ts";
import { PENDING, StateStore } from "../../src/check/state-store.ts";
import { saveQueue, StateQueue } from "../../src/check/state-queue.ts";
import { loadModel } from "../../src/app/load.ts";
import { buildSystem } from "../../src/run.ts";

/** A spill that always finds memory short, for tables from `tableFrom` slots. */
const eager = (tableFrom: number) => new Spill(2 ** 40, () => 2 ** 41, tableFrom);

describe("spilling to disk", () => {
  it.each([
    ["models/tla/paxos-3a-2v-b1.synod", 1 << 11, "ok", 3921, 6],
    ["models/paxos-one-ballot.synod", 1 << 11, "ok", 17_960, 30],
    // Broken deep in the search: the same counterexample, state for state.
    ["test/fixtures/parallel/no-adopt-agreement.synod", 1 << 13, "violation", 38_719, 17],
  ])("%s: the answer found in memory", async (file, tableFrom, verdict, distinct, merges) => {
    const loaded = await loadModel(file);
    const inMemory = explore(buildSystem(loaded));
    const spill = eager(tableFrom);
    const spilled = explore(buildSystem(loaded), { spill });
    expect(answer(spilled)).toEqual(answer(inMemory));
    expect([spilled.verdict, spilled.distinctStates]).toEqual([verdict, distinct]);
    expect(spilled.spilled!.merges).toBe(merges);
    // The search's files are gone.
    expect(spill.directory).toBeNull();
  });
});

describe("a search that spilled, stopped by the state limit", () => {
  it("stops where the search in memory stops", async () => {
    const loaded = await loadModel("models/paxos-one-ballot.synod");
    const options = { maxStates: 10_000 };
    const inMemory = explore(buildSystem(loaded), options);
    const spilled = explore(buildSystem(loaded), { ...options, spill: eager(1 << 11) });
    expect(answer(spilled)).toEqual(answer(inMemory));
    expect([spilled.limit, spilled.distinctStates]).toEqual(["states", 10_000]);
    expect(spilled.spilled!.merges).toBe(15);
  });
});

describe("a store that spilled", () => {
  it("saves every fingerprint once, for a checkpoint", () => {
    const spill = eager(1 << 11);
    const store = new StateStore();
    store.spillTo(spill);
    const numbered: number[] = [];
    store.deferTo((index) => numbered.push(index) > 0);
    const words = new Int32Array(1);
    const fingerprint = (v: number) => [Math.imul(v, 0x9e3779b1) >>> 0, (v * 40503 + 7) >>> 0];
    // 30,000 states, each met three times, the last meeting long after the first.
    for (let round = 0; round < 3; round++) {
      for (let v = 0; v < 30_000; v++) {
        const [hi, lo] = fingerprint(v);
        const index = store.insert(hi!, lo!, 0, 0, words, 1);
        expect(index === -1 || index === PENDING || index === v).toBe(true);
      }
    }
    store.settlePending();
    expect(store.size).toBe(30_000);
    // Those numbered late (once the table spilled) come in order, up to the last.
    const first = numbered[0]!;
    expect(numbered).toEqual(Array.from({ length: 30_000 - first }, (_, i) => first + i));
    const saved = store.save();
    const keys = new Set<string>();
    for (let k = 0; k < saved.size; k++) {
      keys.add(`${saved.fingerprints[2 * k]},${saved.fingerprints[2 * k + 1]}`);
    }
    expect(keys.size).toBe(30_000);
    expect(keys.has(fingerprint(29_999).join(","))).toBe(true);
    expect(store.spilled.merges).toBeGreaterThan(10);
    spill.dispose();
  });

  it("keeps a frontier in order through the file", () => {
    const spill = eager(1 << 11);
    const queue = new StateQueue();
    queue.spillTo(spill, true);
    const state = (k: number) => Int32Array.from({ length: 20 + (k % 7) }, (_, i) => k * 31 + i);
    let pushed = 0;
    let taken = 0;
    // As a breadth-first search does: a level taken while the next one is pushed.
    for (let level = 0; level < 3; level++) {
      for (let j = 0; j < 100_000; j++) queue.push(state(pushed), state(pushed++).length);
      for (let j = 0; j < 50_000; j++) {
        if (queue.take().join() !== state(taken).join()) throw new Error(`state ${taken}`);
        taken++;
      }
    }
    expect(queue.spilledBytes).toBeGreaterThan(2 << 20);
    expect(saveQueue(queue).length).toBe(pushed - taken);
    while (queue.length > 0) {
      if (queue.take().join() !== state(taken).join()) throw new Error(`state ${taken}`);
      taken++;
    }
    expect(taken).toBe(300_000);
    spill.dispose();
  });
});
