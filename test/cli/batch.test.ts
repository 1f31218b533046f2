/**
 * `synod check` over several models or a folder: one table (or a JSON array), the worst exit
 * code, and `--expect` to count a run that is as its model expects as a success.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { runCli } from "./helpers.ts";

const validate = new Ajv2020({ allErrors: true, strict: true }).compile(
  JSON.parse(readFileSync("spec/check-result.schema.json", "utf8")),
);

const ZERO = "models/examples/zero-value.synod";
const RECOVERING = "examples/two-phase-commit/recovering.synod";

/** The text with each run's seconds (right-aligned), and the batch's, replaced by `S`. */
const timeless = (text: string) =>
  text.replace(/ +\d+\.\d\d {2}/g, "  S  ").replace(/in \d+\.\d s/, "in S s");

describe("a batch of models", () => {
  it("prints one table, and exits with the worst run's code", async () => {
    const run = await runCli("check", ZERO, RECOVERING);
    expect(run.code).toBe(1);
    expect(run.err).toBe("synod: checking 2 models, 2 at a time\n");
    expect(timeless(run.out)).toBe(
      [
        "model                                       verdict   property  states  depth  steps  seconds  as expected",
        "models/examples/zero-value.synod            violated  validity      35      8      7  S  yes",
        "examples/two-phase-commit/recovering.synod  holds     -            971     11      -  S  yes",
        "",
        "2 models in S s: 1 hold, 1 violated; 2 of 2 with an `expect` block as expected",
        "",
      ].join("\n"),
    );
  });

  it("with --expect, a run as its model expects is a success, violation or not", async () => {
    const run = await runCli("check", ZERO, RECOVERING, "--expect", "--json");
    expect(run.code).toBe(0);
    const reports = JSON.parse(run.out) as Record<string, unknown>[];
    expect(
      reports.map((r) => [r["model"], r["verdict"], r["violated"], r["distinctStates"]]),
    ).toEqual([
      [ZERO, "violation", "validity", 35],
      [RECOVERING, "ok", null, 971],
    ]);
  });

  it("checks every model in a folder; a run that fails is named under the table", async () => {
    const run = await runCli("check", "test/fixtures/batch", "--expect");
    // wrong-expect is not as expected (5); unknown-field is a mistake in the model (2).
    expect(run.code).toBe(5);
    expect(timeless(run.out)).toBe(
      [
        "model                                    verdict  property  states  depth  steps  seconds  as expected",
        "test/fixtures/batch/unknown-field.synod  error    -              -      -      -        -  -",
        "test/fixtures/batch/wrong-expect.synod   holds    -             72     11      -  S  NO",
        "",
        "2 models in S s: 1 hold, 0 violated, 1 failed; 0 of 1 with an `expect` block as expected",
        "failed:",
        "  test/fixtures/batch/unknown-field.synod: unknown field `leaders`",
        "",
      ].join("\n"),
    );
  });

  it("--json prints each model's object, valid against the schema; an error names its model", async () => {
    const run = await runCli("check", "test/fixtures/batch", "--json");
    const reports = JSON.parse(run.out) as Record<string, unknown>[];
    expect(reports.map((r) => [r["model"], r["verdict"], r["exitCode"] ?? null])).toEqual([
      ["test/fixtures/batch/unknown-field.synod", "error", 2],
      ["test/fixtures/batch/wrong-expect.synod", "ok", null],
    ]);
    for (const report of reports)
      expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
  });

  it("refuses an option that applies to one model, exit code 2", async () => {
    const run = await runCli("check", "test/fixtures/batch", "--out-itf", "x.itf.json");
    expect([run.code, run.err]).toEqual([
      2,
      "synod: --out-itf applies to one model, not to a batch\n  hint: it writes one model's counterexample: check that model alone, `synod check FILE --out-itf`.\n",
    ]);
  });

  it("Ctrl-C stops the running checks, starts no other, and prints what ran, exit 130", async () => {
    // As a terminal's Ctrl-C does: SIGINT to the batch and its checks, once the batch has begun.
    const batch = spawn(
      process.execPath,
      ["bin/synod.js", "check", "models/variants/adopt-first.synod", "models/tla"],
      { detached: true, stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    let err = "";
    batch.stdout.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
    const begun = new Promise<void>((resolve) =>
      batch.stderr.setEncoding("utf8").on("data", (chunk: string) => {
        err += chunk;
        if (err.includes("at a time\n")) resolve();
      }),
    );
    const ended = new Promise<number | null>((resolve) => batch.on("close", resolve));
    await begun;
    process.kill(-batch.pid!, "SIGINT");
    expect(await ended).toBe(130);
    expect(err).toMatch(/synod: interrupted: [0-2] of 13 models checked\n$/);
    const rows = out.split("\n").filter((line) => line.startsWith("models/"));
    // At most the two that were running: stopped while starting, or incomplete while searching.
    expect(rows.length).toBeLessThanOrEqual(2);
    for (const row of rows) expect(row).toMatch(/ (stopped|incomplete|holds|violated) /);
  });
});
