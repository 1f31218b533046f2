/**
 * The shipped models the suite checks, and the check of one against its `expect` block, shared
 * by models.test.ts and models-long.test.ts (the longest searches, in a file of their own so
 * that the test runner runs them beside the rest).
 */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { loadModel } from "../src/app/load.ts";
import { compareExpectation } from "../src/app/expected.ts";
import { checkModel, type CheckReport } from "../src/run.ts";

/** Models the suite does not check, and why. */
const NOT_IN_SUITE: Record<string, string> = {
  "models/multipaxos/scale-two-clients.synod": "minutes of search: a reach benchmark",
  "models/multipaxos/scale-two-commands.synod": "minutes of search: a reach benchmark",
  "models/tla/paxos-3a-2v-b2.synod": "17 s in vitest, 3 s in .ci/run's batch, which checks it",
  "models/tla/paxos-3a-2v-b3.synod": "minutes of search: TLC's largest model in docs/tlc.md",
  "models/tla/paxos-3a-2v-b3-sym.synod": "45 s of search: the same with symmetry, in docs/tlc.md",
  "models/symmetry/paxos-7a.synod": "20 s of search: a symmetry benchmark",
  "models/kv/one-slot-faults.synod": "14 s of search on 2 cores: .ci/run's batch checks it",
  "models/multipaxos/reconfiguration.synod": "15 s of search on 2 cores: .ci/run's batch checks it",
  "models/multipaxos/reconfiguration-leader-change.synod":
    "25 to 30 s of search on one thread: .ci/run's batch checks it beside other models",
  "models/multipaxos/reconfiguration-overlap-early.synod":
    "21 s of search on 2 cores: the pair check's other side, in docs/design.md",
  "models/kv/two-slots.synod": "minutes of search: a reach benchmark, in docs/design.md",
  "models/simulate/forget-promise-large.synod": "too large to check: simulate-demos.test.ts",
  "models/simulate/kv-store-large.synod": "too large to check: docs/design.md walks it",
  "models/simulate/kv-leader-local-reads-large.synod": "too large to check: simulate-demos.test.ts",
  "models/simulate/no-recovery-large.synod": "too large to check: simulate-demos.test.ts",
};

/**
 * The searches of 15 s or more on this project's machine: models-long.test.ts checks them. A
 * model the invariant reference is generated from stays in models.test.ts, which reuses its run.
 */
export const LONG = ["models/tla/paxos-3a-3v-b2.synod"];

function modelFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      // The benchmark's models are measured by `npm run bench`, not checked here.
      if (statSync(path).isDirectory()) return path === "models/bench" ? [] : modelFiles(path);
      return name.endsWith(".synod") ? [path] : [];
    });
}

/** Every shipped model: models/ and examples/ (protocols written as a user would). */
export const shipped = [...modelFiles("models"), ...modelFiles("examples")];

/** Every model the suite checks. */
export const checked = shipped.filter((file) => !(file in NOT_IN_SUITE));

const runs = new Map<string, Promise<CheckReport>>();

/** The check of a model file, made once per test file. */
export function run(file: string): Promise<CheckReport> {
  let report = runs.get(file);
  if (report === undefined) {
    report = loadModel(file).then((loaded) => checkModel(loaded));
    runs.set(file, report);
  }
  return report;
}

/** Checks the model and asserts that the result is what its `expect` block says. */
export async function expectMet(file: string): Promise<void> {
  const report = await run(file);
  const comparison = compareExpectation(report.loaded.model.expect!, report.result);
  expect(comparison.differences).toEqual([]);
  expect(comparison.met).toBe(true);
  // A variant says what it breaks: a model that checks that property shows it broken.
  const { variant, invariants, steps, liveness } = report.loaded;
  const checks = [...invariants, ...steps].map((p) => p.id);
  checks.push(...liveness.map((p) => `eventually ${p.id}`));
  if (variant?.breaks != null && checks.includes(variant.breaks)) {
    expect(report.result.violated).toBe(variant.breaks);
  }
}
