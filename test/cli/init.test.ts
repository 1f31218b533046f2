/**
 * `synod init`: a user's project, outside the repository, that checks green as written; the
 * README's one-line change finds the bug it names; and, as a user would get it, synod packed with
 * `npm pack`, installed into the project with npm, and run from there, on the scaffold and on
 * the protocol of examples/ written from scratch.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./helpers.ts";

const SYNOD = resolve("bin/synod.js");
const fresh = () => mkdtempSync(join(tmpdir(), "synod-init-"));

/** `synod ARGS` run in `cwd` by the given synod, with its exit code and output. */
const synodIn = (cwd: string, bin: string, ...args: string[]) =>
  spawnSync(process.execPath, [bin, ...args], { cwd, encoding: "utf8" });

describe("synod init", () => {
  it("writes a project that checks green, and its README's change finds the bug", () => {
    const folder = join(fresh(), "my-paxos");
    const made = synodIn(tmpdir(), SYNOD, "init", folder);
    expect([made.status, made.stderr]).toEqual([0, ""]);
    expect(made.stdout).toBe(
      [
        `wrote paxos.synod, my-variant.ts, package.json, README.md in ${folder}`,
        "next:",
        `  cd ${folder}`,
        "  npm install",
        "  npx synod check paxos.synod",
        "then change a rule in my-variant.ts (README.md shows one that breaks agreement).",
        "",
      ].join("\n"),
    );
    expect(readdirSync(folder).sort()).toEqual([
      "README.md",
      "my-variant.ts",
      "package.json",
      "paxos.synod",
    ]);
    const pkg = JSON.parse(readFileSync(join(folder, "package.json"), "utf8"));
    expect(pkg).toMatchObject({
      name: "my-paxos",
      dependencies: { synod: `file:${resolve(".")}` },
    });

    // Every rule written out as the correct protocol's: the default model's counts.
    const green = synodIn(folder, SYNOD, "check", "paxos.synod", "--json");
    expect(green.status).toBe(0);
    expect(JSON.parse(green.stdout)).toMatchObject({
      verdict: "ok",
      distinctStates: 518_380,
      generatedStates: 2_995_843,
      depth: 27,
    });

    // The change the README shows, taken from its two code blocks.
    const readme = readFileSync(join(folder, "README.md"), "utf8");
    const [from, to] = [...readme.matchAll(/```ts\n([^`]*?)\n```/g)].map((m) => m[1]!);
    const variant = readFileSync(join(folder, "my-variant.ts"), "utf8");
    expect(variant.split(from!)).toHaveLength(2);
    writeFileSync(join(folder, "my-variant.ts"), variant.replace(from!, to!));
    const broken = synodIn(folder, SYNOD, "check", "paxos.synod", "--json");
    expect(broken.status).toBe(1);
    expect(JSON.parse(broken.stdout)).toMatchObject({ violated: "agreement" });
    expect(JSON.parse(broken.stdout).trace).toHaveLength(15);
  });

  it("writes only new files: a folder that has one of them is refused, exit 2", async () => {
    const folder = fresh();
    writeFileSync(join(folder, "paxos.synod"), "mine\n");
    const run = await runCli("init", folder);
    expect([run.code, run.err]).toEqual([
      2,
      `synod: ${folder} already has paxos.synod: synod init writes only new files\n  hint: run it in an empty folder, or give a new one: \`synod init my-paxos\`.\n`,
    ]);
    expect(readdirSync(folder)).toEqual(["paxos.synod"]);
  });

  it("works with synod packed and installed by npm, as a user gets it", () => {
    const packs = fresh();
    const packed = spawnSync(
      "npm",
      ["pack", "--ignore-scripts", "--pack-destination", packs, "--silent"],
      { encoding: "utf8" },
    );
    expect(packed.status).toBe(0);
    const tarball = join(packs, packed.stdout.trim());
    const project = fresh();
    expect(synodIn(project, SYNOD, "init").status).toBe(0);
    // From npm's cache where it can: the suite's own `npm ci` filled it.
    const installed = spawnSync(
      "npm",
      ["install", "--prefer-offline", "--no-audit", "--no-fund", tarball],
      { cwd: project, encoding: "utf8" },
    );
    expect(installed.status).toBe(0);
    const bin = join(project, "node_modules", "synod", "bin", "synod.js");
    // The whole search is the first test's: here, the installed copy's counts to depth 10.
    const checked = synodIn(project, bin, "check", "paxos.synod", "--max-depth", "10", "--json");
    expect([checked.status, checked.stderr]).toEqual([3, ""]);
    expect(JSON.parse(checked.stdout)).toMatchObject({
      verdict: "incomplete",
      stoppedBy: "depth",
      distinctStates: 5_933,
    });

    // A whole protocol of the user's own, in a folder of the project: each model's verdict,
    // counts and trace length, as its `expect` block says (type-checked first, with the
    // TypeScript that came with synod).
    const folder = join(project, "two-phase-commit");
    cpSync(resolve("examples/two-phase-commit"), folder, { recursive: true });
    const run = (model: string, ...options: string[]) => {
      const result = synodIn(folder, bin, "check", model, "--json", ...options);
      expect(result.stderr).toBe("");
      return { code: result.status, report: JSON.parse(result.stdout) };
    };
    const summary = (model: string, ...options: string[]) => {
      const { code, report } = run(model, ...options);
      return [
        code,
        report.verdict,
        report.violated ?? null,
        report.distinctStates,
        report.trace?.length ?? null,
        report.expected.met,
      ];
    };
    expect(summary("commit.synod")).toEqual([0, "ok", null, 57_786, null, true]);
    expect(summary("recovering.synod")).toEqual([0, "ok", null, 971, null, true]);
    expect(summary("forgetful.synod")).toEqual([1, "violation", "atomicity", 1_304, 11, true]);
    expect(summary("blocking.synod")).toEqual([
      1,
      "violation",
      "eventually all-decided",
      971,
      5,
      true,
    ]);
  });
});
