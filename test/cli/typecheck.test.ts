/**
 * The user's TypeScript is type-checked before it runs, and a type error stops the check; with
 * `--no-typecheck` it runs as it is, and when it then fails its type errors are named as the
 * likely cause. Well-typed code passes.
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { runCli } from "./helpers.ts";

const TYPO = "test/fixtures/typecheck/typo.ts";
const PROMSIED = `${TYPO}:8:42: Property 'promsied' does not exist on type 'AcceptorState'. Did you mean 'promised'?`;

describe("type errors in the user's code", () => {
  it("run as it is, a rule that throws is reported with its file's type errors", async () => {
    const run = await runCli(
      "check",
      "test/fixtures/typecheck/typo.synod",
      "--workers",
      "1",
      "--no-typecheck",
    );
    expect([run.code, run.err]).toEqual([
      2,
      [
        `${TYPO}:8:51: error: the model's TypeScript code threw: Cannot read properties of undefined (reading 'round')`,
        "  hint: fix the protocol or variant file; synod runs its handlers on every state it explores.",
        `  note: ${TYPO} has type errors, which may be the cause:`,
        `    ${PROMSIED}`,
        "",
      ].join("\n"),
    ]);
  });

  it("a type error stops check and simulate before the code runs, exit code 2", async () => {
    for (const command of ["check", "simulate"]) {
      const run = await runCli(command, "test/fixtures/typecheck/typo.synod");
      expect([run.code, run.out, run.err]).toEqual([
        2,
        "",
        [
          "synod: error: a type error in the model's TypeScript code:",
          `  ${PROMSIED}`,
          "  hint: fix the file at that line (or run with --no-typecheck to run the code as it is).",
          "",
        ].join("\n"),
      ]);
    }
  });

  it("--json gives the first error's place", async () => {
    const run = await runCli("check", "test/fixtures/typecheck/typo.synod", "--json");
    expect(run.code).toBe(2);
    expect(JSON.parse(run.out)).toMatchObject({
      error: {
        message:
          "type error: Property 'promsied' does not exist on type 'AcceptorState'. Did you mean 'promised'?",
        file: expect.stringMatching(/test\/fixtures\/typecheck\/typo\.ts$/),
        line: 8,
        column: 42,
      },
    });
  });

  it("run as it is, a file that fails to load names its first type error", () => {
    // As a user runs it: the test runner imports files its own way, with its own messages.
    const run = spawnSync(
      process.execPath,
      ["bin/synod.js", "check", "test/fixtures/typecheck/misnamed.synod", "--no-typecheck"],
      { encoding: "utf8" },
    );
    expect([run.status, run.stderr]).toEqual([
      2,
      [
        "test/fixtures/typecheck/misnamed.synod:3:13: error: the variant file `./misnamed.ts` failed to load: The requested module 'synod' does not provide an export named 'definePaxosVarient'",
        ' 3 |   variant   "./misnamed.ts"',
        "   |             ^^^^^^^^^^^^^^^",
        `  hint: its first type error may be the cause: test/fixtures/typecheck/misnamed.ts:1:10: '"synod"' has no exported member named 'definePaxosVarient'. Did you mean 'definePaxosVariant'? (and 2 more).`,
        "",
      ].join("\n"),
    ]);
  });

  it("well-typed code passes", async () => {
    const run = await runCli("check", "examples/two-phase-commit/forgetful.synod", "--json");
    expect([run.code, run.err]).toEqual([1, ""]);
    expect(JSON.parse(run.out)).toMatchObject({ violated: "atomicity", distinctStates: 1_304 });
  });
});
