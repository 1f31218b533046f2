/**
 * `synod simulate`: what it prints for a bug and for a correct model, the walk it names taken
 * again by `--run`, its JSON against spec/simulate-result.schema.json, its ITF trace, and its
 * command-line mistakes.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { documentedFields, runCli, schemaFields } from "./helpers.ts";

const ajv = new Ajv2020({ allErrors: true, strict: true });
ajv.addSchema(JSON.parse(readFileSync("spec/check-result.schema.json", "utf8")));
const validate = ajv.compile(JSON.parse(readFileSync("spec/simulate-result.schema.json", "utf8")));

const run = runCli;

const FORGET = "models/variants/forget-promise.synod";

/** The printed counterexample: from its heading to the counts. */
const story = (out: string): string =>
  out.slice(out.indexOf("Shortened counterexample"), out.search(/\n {2}[0-9,]+ walks?, /));

describe("synod simulate", () => {
  it("finds the forgotten promise's bug, shortens it to 16 steps and names the walk", async () => {
    const { code, out } = await run("simulate", FORGET, "--seed", "2", "--workers", "1");
    expect(code).toBe(1);
    expect(out).toContain(
      "  simulation: seed 2; walks 0 to 9,999, each of at most 100 steps; swarm (each walk draws its own bias)",
    );
    expect(out).toContain("✗ Invariant agreement is violated: At most one value is chosen.");
    expect(out).toContain(
      "  Found by walk 1746 of seed 2 (bias: deliver ×1.41, crash ×0.71, recover ×2.83, start ×2.83, retry ×1.41), in 20 steps; shortened to 16 (delta debugging: 16; then search: 16).",
    );
    expect(out).toContain(`  Take that walk again: synod simulate ${FORGET} --seed 2 --run 1746`);
    expect(out).toContain("Shortened counterexample: 16 steps");
    expect(out).toContain("  1,747 walks, 34,433 steps, the longest 23 steps");
    expect(out).toContain(
      "  Simulation finds violations; it cannot show that a property holds (`synod check` can). Liveness is not checked.",
    );
    // The walk named, taken alone: the same run.
    const again = await run("simulate", FORGET, "--seed", "2", "--run", "1746");
    expect(again.code).toBe(1);
    expect(again.out).toContain("simulation: seed 2; walk 1746 alone, of at most 100 steps");
    expect(again.out).toContain("  1 walk, 20 steps, the longest 20 steps");
    expect(story(again.out)).toBe(story(out));
  });

  it("finds nothing in the default model, and says that this proves nothing", async () => {
    const { code, out } = await run(
      "simulate",
      "models/paxos-one-ballot.synod",
      "--seed",
      "5",
      "--runs",
      "3000",
    );
    expect(code).toBe(0);
    expect(out).toContain("✓ No property was violated in 3,000 random walks.");
    expect(out).toContain("  3,000 walks, 52,424 steps, the longest 24 steps");
  });

  it("prints JSON that keeps its schema, for a violation, for none and for a mistake", async () => {
    const found = await run(
      "simulate",
      FORGET,
      "--seed",
      "2",
      "--no-swarm",
      "--json",
      "--workers",
      "1",
    );
    const value = JSON.parse(found.out);
    expect(validate(value), JSON.stringify(validate.errors)).toBe(true);
    expect(value).toMatchObject({
      command: "simulate",
      verdict: "violation",
      violated: "agreement",
      simulation: { seed: 2, runs: 10_000, maxSteps: 100, swarm: false, run: null, shard: null },
      foundBy: {
        run: 1007,
        bias: null,
        walkedSteps: 21,
        steps: 16,
        replay: `synod simulate ${FORGET} --seed 2 --run 1007 --no-swarm`,
      },
      runs: 1008,
      workers: 1,
    });
    expect(value.trace).toHaveLength(17);
    const none = JSON.parse(
      (
        await run(
          "simulate",
          "models/paxos-one-ballot.synod",
          "--seed",
          "1",
          "--runs",
          "50",
          "--json",
        )
      ).out,
    );
    expect(validate(none), JSON.stringify(validate.errors)).toBe(true);
    expect(none).toMatchObject({ verdict: "none-found", foundBy: null, trace: null, runs: 50 });
    // On two workers: the same walk, the same shortened run.
    const two = JSON.parse(
      (await run("simulate", FORGET, "--seed", "2", "--no-swarm", "--json", "--workers", "2")).out,
    );
    expect(validate(two), JSON.stringify(validate.errors)).toBe(true);
    expect(two).toMatchObject({ workers: 2, foundBy: value.foundBy });
    expect(two.perWorker).toHaveLength(2);
    expect(two.trace).toEqual(value.trace);
    const mistake = await run("simulate", "models/nowhere.synod", "--json");
    expect(mistake.code).toBe(2);
    const error = JSON.parse(mistake.out);
    expect(validate(error), JSON.stringify(validate.errors)).toBe(true);
    expect(error).toMatchObject({ command: "simulate", verdict: "error", exitCode: 2 });
  });

  it("writes the shortened run as an ITF trace that `synod trace` reads", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "synod-simulate-")), "bug.itf.json");
    const { code, out } = await run("simulate", FORGET, "--seed", "2", "--out-itf", file);
    expect(code).toBe(1);
    expect(out).toContain(`counterexample written to ${file} (ITF)`);
    const itf = JSON.parse(readFileSync(file, "utf8"));
    expect(itf["#meta"]).toMatchObject({ violated: "agreement", source: FORGET });
    expect(itf.states).toHaveLength(17);
    const shown = await run("trace", file);
    expect(shown.code).toBe(0);
    expect(shown.out).toContain("16. a2 receives Accept(b=1.p2, v=b) from p2");
  });

  it("merges the JSON results of shards into one, with the lowest violating walk", async () => {
    const dir = mkdtempSync(join(tmpdir(), "synod-shards-"));
    const files: string[] = [];
    for (const shard of ["1/2", "2/2"]) {
      const args = ["--seed", "2", "--runs", "2000", "--shard", shard, "--workers", "1"];
      const result = await run("simulate", FORGET, ...args, "--json");
      expect(result.code).toBe(1);
      const file = join(dir, `shard-${shard[0]}.json`);
      writeFileSync(file, result.out);
      files.push(file);
    }
    const merged = await run("simulate", "--merge", ...files);
    expect(merged.code).toBe(1);
    expect(merged.out).toContain(
      `  shard 1/2 (${files[0]}): 874 walks, 17,280 steps, agreement violated by walk 1746`,
    );
    expect(merged.out).toContain(
      `  shard 2/2 (${files[1]}): 916 walks, 18,025 steps, agreement violated by walk 1831`,
    );
    expect(merged.out).toContain("✗ agreement is violated, first by walk 1746 (shard 1/2).");
    expect(merged.out).toContain(
      `  Shortened from 20 steps to 16; see it step by step: synod simulate ${FORGET} --seed 2 --run 1746`,
    );
    const json = JSON.parse((await run("simulate", "--merge", ...files, "--json")).out);
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    expect(json).toMatchObject({
      runs: 1790,
      foundBy: { run: 1746, steps: 16 },
      merge: { count: 2, missing: [] },
    });
    expect(json.trace).toHaveLength(17);
    // Mistakes: a shard twice, a file that is no result, a simulation that was not a shard.
    const twice = await run("simulate", "--merge", files[0]!, files[0]!);
    expect([twice.code, twice.err]).toEqual([
      2,
      `synod: --merge: ${files[0]} and ${files[0]} are both shard 1/2\n  hint: give each shard's result once.\n`,
    ]);
    const notJson = await run("simulate", "--merge", FORGET);
    expect(notJson.code).toBe(2);
    expect(notJson.err).toContain(`synod: --merge ${FORGET}: not JSON:`);
    const whole = join(dir, "whole.json");
    writeFileSync(
      whole,
      (await run("simulate", FORGET, "--seed", "2", "--runs", "5", "--json")).out,
    );
    const notShard = await run("simulate", "--merge", whole);
    expect(notShard.err).toContain(`synod: --merge ${whole}: this simulation was not a shard`);
    const extra = await run("simulate", "--merge", ...files, "--seed", "3");
    expect(extra.err).toContain(
      "synod: --merge combines results and takes only --json, not --seed",
    );
  });

  it("docs/simulate.md documents exactly the fields the schema names", () => {
    const schema = JSON.parse(readFileSync("spec/simulate-result.schema.json", "utf8"));
    const page = readFileSync("docs/simulate.md", "utf8");
    expect(documentedFields(page.slice(page.indexOf("## JSON")))).toEqual(schemaFields(schema));
  });

  it("refuses a model with nothing it can check (only liveness)", async () => {
    const { code, err } = await run("simulate", "test/fixtures/only-liveness.synod");
    expect([code, err]).toEqual([
      2,
      "synod: `simulate` checks invariants and step properties, and model only-liveness has none (only `eventually decided`)\n  hint: check liveness with `synod check FILE`, or name an invariant on the model's `check` line.\n",
    ]);
  });

  it.each([
    [["--shard", "3/2"], 'synod: --shard takes I/N with 1 ≤ I ≤ N, not "3/2"'],
    [["--run", "4", "--shard", "1/2"], "synod: --run takes one walk, and --shard a slice of them"],
    [["--seed", "4294967296"], "synod: --seed takes at most 4,294,967,295, not 4294967296"],
    [["--max-states", "5"], "synod: `simulate` has no option --max-states"],
  ])("says what is wrong with %j (exit 2)", async (args, message) => {
    const { code, err } = await run("simulate", FORGET, ...args);
    expect(code).toBe(2);
    expect(err).toContain(message);
    expect(err).not.toContain("    at ");
  });

  it("records which reachable witnesses the walks met, the same on one thread and two", async () => {
    const results = [];
    for (const workers of ["1", "2"]) {
      const args = [
        "models/paxos-one-ballot.synod",
        "--seed",
        "1",
        "--runs",
        "200",
        "--workers",
        workers,
      ];
      const { code, out } = await run("simulate", ...args, "--json");
      expect(code).toBe(0);
      const result = JSON.parse(out) as Record<string, unknown>;
      expect(validate(result)).toBe(true);
      results.push(result.witnesses);
    }
    expect(results).toEqual([
      [{ name: "decided", formula: "decided", run: 0, step: 12 }],
      [{ name: "decided", formula: "decided", run: 0, step: 12 }],
    ]);
    const text = await run(
      "simulate",
      "models/paxos-one-ballot.synod",
      "--seed",
      "1",
      "--runs",
      "200",
    );
    expect(text.out).toContain("\n  reachable decided: met by walk 0, at step 12\n");
    const never = await run(
      "simulate",
      "test/fixtures/formulas/never-decides.synod",
      "--seed",
      "1",
      "--runs",
      "50",
    );
    expect(never.code).toBe(0);
    expect(never.out).toContain("\n  reachable decided: met by no walk\n");
  });
});
