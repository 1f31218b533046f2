/**
 * `check --continue`: every violated property, each with its own shortest counterexample, found
 * by checking again without the properties already reported; the searches after the first are
 * split among workers with the same properties left out.
 */
import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { runCli } from "./helpers.ts";
import { loadModel } from "../../src/app/load.ts";
import { withoutProperty } from "../../src/cli/continue.ts";
import {
  buildSystem,
  buildWorkerSystem,
  workerRecipe,
  type WorkerModel,
} from "../../src/app/build.ts";

const ALL = "test/fixtures/continue/half-quorum-all.synod";

describe("check --continue", () => {
  it("reports each violated property with its shortest trace, then what holds", async () => {
    const { code, out } = await runCli("check", ALL, "--continue", "--workers", "2");
    expect(code).toBe(1);
    const verdicts = out.split("\n").filter((line) => /^(✗|✓|…)/.test(line));
    expect(verdicts).toEqual([
      "✗ Invariant learned-is-chosen is violated: A learner learns a value only if that value has been chosen.",
      "… searching again without learned-is-chosen",
      "✗ Invariant agreement is violated: At most one value is chosen.",
      "… searching again without learned-is-chosen, agreement",
      "✓ Every other property holds: validity, stability, promise-covers-vote.",
    ]);
    expect(out).toContain("Shortest counterexample: 5 steps\n");
    expect(out).toContain("Shortest counterexample: 10 steps\n");
    expect(out).toContain("  1,726 distinct states, 8,548 generated, depth 14\n");
    expect(out.trimEnd().split("\n").at(-1)).toBe(
      "2 properties violated: learned-is-chosen (5 steps), agreement (10 steps); every other property holds.",
    );
  });

  it("stops when nothing is left to check; --json lists every violation", async () => {
    const file = "models/variants/half-quorum.synod";
    const text = await runCli("check", file, "--continue");
    expect(text.out.trimEnd().split("\n").at(-1)).toBe(
      "1 property violated: agreement (10 steps).",
    );
    const { code, out } = await runCli("check", file, "--continue", "--json");
    // The model's `expect` block describes the first violation, as without --continue.
    expect(code).toBe(1);
    const json = JSON.parse(out);
    const schema = JSON.parse(readFileSync("spec/check-result.schema.json", "utf8"));
    const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    expect(json.violated).toBe("agreement");
    expect(json.continued.others).toBe("none");
    expect(
      json.continued.violations.map((v: { violated: string; trace: unknown[] }) => [
        v.violated,
        v.trace.length - 1,
      ]),
    ).toEqual([["agreement", 10]]);
  });

  it("search workers leave out what the coordinator leaves out", async () => {
    const loaded = await loadModel(ALL);
    const reduced = withoutProperty(withoutProperty(loaded, "learned-is-chosen")!, "agreement")!;
    const recipe = workerRecipe(reduced, buildSystem(reduced));
    const worker = await buildWorkerSystem(recipe.data as WorkerModel);
    expect(worker.invariants.map((i) => i.id)).toEqual([
      "validity",
      "stability",
      "promise-covers-vote",
    ]);
  });

  it("without --continue the output has no `continued`", async () => {
    const { out } = await runCli("check", "models/variants/half-quorum.synod", "--json");
    expect(JSON.parse(out).continued).toBeNull();
  });

  it("is refused beside --witness, and for several models", async () => {
    const witness = await runCli("check", ALL, "--continue", "--witness", "decided");
    expect(witness).toEqual({
      code: 2,
      out: "",
      err: "synod: --continue cannot be given with --witness\n  hint: --continue runs the check again without each violated property; leave out one of the two.\n",
    });
    const batch = await runCli("check", "models/variants", "--continue");
    expect(batch.code).toBe(2);
    expect(batch.err).toBe(
      "synod: --continue checks one model\n  hint: give one model file; a batch reports each model's first violation.\n",
    );
  });
});
