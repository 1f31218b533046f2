/**
 * Checkpoints: a search stopped part way and resumed from its checkpoint file ends with the
 * counts, depth, verdict and counterexample length of a search never stopped, on one thread or
 * on workers; a checkpoint of another model or another synod is refused.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Budget } from "../../src/check/budget.ts";
import {
  CHECKPOINT_FILE,
  CheckpointError,
  readCheckpoint,
  writeCheckpoint,
  type CheckpointIdentity,
} from "../../src/check/checkpoint.ts";
import { explore } from "../../src/check/explorer.ts";
import type { ExploreResult } from "../../src/check/search.ts";
import type { SearchSnapshot } from "../../src/check/snapshot.ts";
import { loadModel } from "../../src/app/load.ts";
import { exploreParallel, WorkerPool } from "../../src/check/parallel.ts";
import { workerRecipe } from "../../src/app/build.ts";
import { buildSystem, checkpointIdentity, exploreOptions, systemFor } from "../../src/run.ts";

const answer = (result: ExploreResult) => ({
  verdict: result.verdict,
  violated: result.violated,
  distinctStates: result.distinctStates,
  generatedStates: result.generatedStates,
  depth: result.depth,
  traceLength: result.trace?.length ?? null,
  loop: result.loop,
});

const folder = () => mkdtempSync(join(tmpdir(), "synod-checkpoint-"));

/**
 * Searches `file` on one thread until its `nth` look at the clock, keeping the snapshot taken
 * then in a checkpoint file, and returns that file's identity and folder.
 */
async function stoppedPartWay(
  file: string,
  nth: number,
): Promise<{ dir: string; identity: CheckpointIdentity; stopped: ExploreResult }> {
  const loaded = await loadModel(file);
  const system = buildSystem(loaded);
  const identity = checkpointIdentity(loaded, false);
  const dir = folder();
  const budget = new Budget();
  let looks = 0;
  const stopped = explore(system, {
    ...exploreOptions(loaded, system, { budget }),
    checkpoint: {
      due: () => {
        // Stop at this look: the search writes its checkpoint as it ends.
        if (++looks === nth) budget.request("interrupt");
        return false;
      },
      write: (snapshot) => writeCheckpoint(dir, snapshot, identity, file),
    },
  });
  return { dir, identity, stopped };
}

describe("checkpoint and resume", () => {
  for (const file of [
    "models/paxos-set.synod",
    "models/variants/forget-promise.synod",
    "models/liveness/lossy-network.synod",
    "models/liveness/dueling-proposers.synod",
    "models/tla/paxos-3a-2v-b1-sym.synod",
  ]) {
    it(`${file}: interrupted part way and resumed, the same answer`, async () => {
      const loaded = await loadModel(file);
      const system = buildSystem(loaded);
      const whole = explore(system, exploreOptions(loaded, system, {}));
      const { dir, identity, stopped } = await stoppedPartWay(file, 3);
      expect(stopped.limit).toBe("interrupt");
      expect(stopped.distinctStates).toBeLessThan(whole.distinctStates);
      const { snapshot } = readCheckpoint(dir, identity);
      // A new system, as a new process would build: it numbers values from the checkpoint's.
      const fresh = systemFor(loaded, snapshot);
      const resumed = explore(fresh, { ...exploreOptions(loaded, fresh, {}), resume: snapshot });
      expect(answer(resumed)).toEqual(answer(whole));
    });
  }

  it("a one-thread checkpoint resumes on workers, and a workers' one on one thread", async () => {
    const file = "models/paxos-retry.synod";
    const loaded = await loadModel(file);
    const system = buildSystem(loaded);
    const whole = answer(explore(system, exploreOptions(loaded, system, {})));
    // One thread, stopped; resumed on one thread and handed over to two workers at once.
    const { dir, identity } = await stoppedPartWay(file, 5);
    const snapshot = readCheckpoint(dir, identity).snapshot;
    const fresh = systemFor(loaded, snapshot);
    const options = exploreOptions(loaded, fresh, {});
    const first = explore(fresh, {
      ...options,
      resume: snapshot,
      handover: () => true,
      handoverLevelMs: 0,
    });
    expect(first.limit).toBe("handover");
    const pool = new WorkerPool(workerRecipe(loaded, fresh), 2);
    const onWorkers = await exploreParallel(fresh, pool, options, first);
    expect(onWorkers.workers).toBe(2);
    expect(answer(onWorkers)).toEqual({ ...whole, traceLength: null });
    // Two workers from the start, a checkpoint at their sixth level; resumed on one thread.
    let levels = 0;
    let saved: SearchSnapshot | null = null;
    await exploreParallel(system, new WorkerPool(workerRecipe(loaded, system), 2, true), {
      ...exploreOptions(loaded, system, {}),
      checkpoint: { due: () => ++levels === 6, write: (taken) => (saved = taken) },
    });
    expect(saved).not.toBeNull();
    expect(saved!.depth).toBe(6);
    const dir2 = folder();
    writeCheckpoint(dir2, saved!, identity, file);
    const again = readCheckpoint(dir2, identity).snapshot;
    const fresh2 = systemFor(loaded, again);
    const resumed = explore(fresh2, { ...exploreOptions(loaded, fresh2, {}), resume: again });
    expect(answer(resumed)).toEqual(whole);
  });

  it("refuses a checkpoint of another model, of another synod, or damaged", async () => {
    const { dir, identity } = await stoppedPartWay("models/paxos-set.synod", 2);
    const refusal = (given: CheckpointIdentity): string => {
      try {
        readCheckpoint(dir, given);
      } catch (error) {
        if (error instanceof CheckpointError) return `${error.message}\n  hint: ${error.hint}`;
        throw error;
      }
      throw new Error("expected a refusal");
    };
    expect(refusal({ ...identity, model: "another" })).toBe(
      `--resume ${dir}: the checkpoint is of another model (models/paxos-set.synod, or it, its code or --exact changed since)\n  hint: resume a checkpoint with the model and options that wrote it; or run the check again.`,
    );
    expect(refusal({ ...identity, synod: "0.2.0+abcdef012345" })).toBe(
      `--resume ${dir}: the checkpoint was written by another version of synod (${identity.synod.split("+")[0]}, sources ${identity.synod.split("+")[1]}), not this one (0.2.0, sources abcdef012345)\n  hint: a search resumes only in the synod that began it, whose states it numbers; run the check again.`,
    );
    // Cut short, as by a disk that filled up under a copy.
    const path = join(dir, CHECKPOINT_FILE);
    writeFileSync(path, readFileSync(path).subarray(0, readFileSync(path).length - 100));
    expect(refusal(identity)).toMatch(
      new RegExp(`^--resume ${dir}: the checkpoint is damaged: it ends before its `),
    );
  });

  it("a crash while writing leaves the previous checkpoint whole", async () => {
    const { dir, identity, stopped } = await stoppedPartWay("models/paxos-set.synod", 2);
    // What a crash part way through the next write leaves: its temporary file, half written.
    writeFileSync(join(dir, `${CHECKPOINT_FILE}.tmp`), "SYNODCK1 half");
    const { summary } = readCheckpoint(dir, identity);
    expect(summary.distinct).toBeGreaterThan(0);
    expect(summary.distinct).toBeLessThanOrEqual(stopped.distinctStates);
  });
});
