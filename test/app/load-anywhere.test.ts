/**
 * A variant of the user's loads from a folder outside the repository in every form Node knows:
 * `.ts`, `.mts`, `.cts` and `.js`, written with `import` or with `require`, with no package.json,
 * in a CommonJS package or in an ES-module package, importing `synod`, `immutable` and its own
 * neighbours, with no node_modules of its own. Each gives the same answer.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const RULES = `{
  name: "zero",
  changes: "The proposer proposes the empty value.",
  breaks: "validity",
  rules: { chooseValue: () => helper(List([""])) },
}`;

const AS_MODULE = (neighbour: string) => `import { definePaxosVariant } from "synod";
import { List } from "immutable";
import { helper } from "${neighbour}";
export default definePaxosVariant(${RULES});
`;

const AS_COMMONJS = (neighbour: string) => `const { definePaxosVariant } = require("synod");
const { List } = require("immutable");
const { helper } = require("${neighbour}");
module.exports = definePaxosVariant(${RULES});
`;

/** Each form: its files (the variant first), and its package.json's type (null: none). */
const FORMS: [string, Record<string, string>, string | null][] = [
  [
    "a .ts module, no package.json",
    {
      "zero.ts": AS_MODULE("./helper.ts"),
      "helper.ts": "export const helper = (l: any) => l.first();\n",
    },
    null,
  ],
  [
    "a .mts module",
    {
      "zero.mts": AS_MODULE("./helper.mts"),
      "helper.mts": "export const helper = (l: any) => l.first();\n",
    },
    null,
  ],
  [
    "a .cts file written with import",
    { "zero.cts": AS_MODULE("./helper.cjs"), "helper.cjs": "exports.helper = (l) => l.first();\n" },
    null,
  ],
  [
    "a .js module, no package.json",
    {
      "zero.js": AS_MODULE("./helper.mjs"),
      "helper.mjs": "export const helper = (l) => l.first();\n",
    },
    null,
  ],
  [
    "a .ts module in a CommonJS package",
    {
      "zero.ts": AS_MODULE("./helper.ts"),
      "helper.ts": "export const helper = (l: any) => l.first();\n",
    },
    "commonjs",
  ],
  [
    "a .ts file written with require in a CommonJS package",
    { "zero.ts": AS_COMMONJS("./helper.js"), "helper.js": "exports.helper = (l) => l.first();\n" },
    "commonjs",
  ],
  [
    "a .js file written with require, no package.json",
    { "zero.js": AS_COMMONJS("./helper.js"), "helper.js": "exports.helper = (l) => l.first();\n" },
    null,
  ],
  [
    "a .ts module in an ES-module package",
    {
      "zero.ts": AS_MODULE("./helper.ts"),
      "helper.ts": "export const helper = (l: any) => l.first();\n",
    },
    "module",
  ],
];

/** Runs synod's command line in `cwd`, as a user there would. */
const synodIn = (cwd: string, ...args: string[]) =>
  spawnSync(process.execPath, [join(process.cwd(), "bin/synod.js"), ...args], {
    encoding: "utf8",
    cwd,
  });

describe("a variant outside the repository", () => {
  it.each(FORMS)("loads as %s", (_form, files, type) => {
    const folder = mkdtempSync(join(tmpdir(), "synod-anywhere-"));
    const variant = Object.keys(files)[0]!;
    for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
    if (type !== null) writeFileSync(join(folder, "package.json"), JSON.stringify({ type }));
    mkdirSync(join(folder, "models"));
    writeFileSync(
      join(folder, "models", "zero.synod"),
      `model zero {\n  protocol  paxos\n  variant   "../${variant}"\n  acceptors 3\n  proposers 1\n  values    a\n}\n`,
    );
    const result = synodIn(folder, "check", "models/zero.synod", "--json");
    expect(result.stderr).toBe("");
    const json = JSON.parse(result.stdout) as Record<string, unknown>;
    expect([
      result.status,
      json.violated,
      json.distinctStates,
      (json.trace as unknown[]).length,
    ]).toEqual([1, "validity", 35, 8]);
  });

  it("names what is missing: a neighbour a CommonJS file requires, or the file itself", () => {
    const folder = mkdtempSync(join(tmpdir(), "synod-anywhere-"));
    writeFileSync(join(folder, "zero.cts"), AS_MODULE("./helper.cjs"));
    const model = (variant: string) =>
      `model zero {\n  protocol  paxos\n  variant   "${variant}"\n  acceptors 3\n  proposers 1\n  values    a\n}\n`;
    const stderr = (variant: string, ...options: string[]) => {
      writeFileSync(join(folder, "zero.synod"), model(variant));
      const result = synodIn(folder, "check", "zero.synod", ...options);
      expect(result.status).toBe(2);
      return result.stderr.replaceAll(folder, "DIR");
    };
    const firstLine = (variant: string, ...options: string[]) =>
      stderr(variant, ...options).split("\n")[0]!;
    // The type check names it first, at the line that names it; run as it is, so does Node.
    expect(stderr("./zero.cts")).toBe(
      [
        "synod: error: a type error in the model's TypeScript code:",
        "  zero.cts:3:24: Cannot find module './helper.cjs' or its corresponding type declarations.",
        "  hint: fix the file at that line (or run with --no-typecheck to run the code as it is).",
        "",
      ].join("\n"),
    );
    expect(firstLine("./zero.cts", "--no-typecheck")).toBe(
      "zero.synod:3:13: error: the variant file `./zero.cts` failed to load: Cannot find module './helper.cjs' required from DIR/zero.cts",
    );
    expect(firstLine("./gone.cts")).toBe(
      "zero.synod:3:13: error: cannot find the variant file `./gone.cts`",
    );
  });

  it("gets its invariant reference from `synod docs`, definitions included", () => {
    const folder = mkdtempSync(join(tmpdir(), "synod-anywhere-"));
    for (const name of ["ignore.synod", "knob.ts"]) {
      writeFileSync(join(folder, name), readFileSync(`test/fixtures/own-settings/${name}`));
    }
    const result = synodIn(folder, "docs", "ignore.synod", "--out", "reference");
    expect([result.status, result.stderr]).toEqual([0, ""]);
    expect(readdirSync(join(folder, "reference")).sort()).toEqual([
      ".synod-docs",
      "README.md",
      "paxos-knob.agreement.md",
      "paxos-knob.learned-is-chosen.md",
      "paxos-knob.promise-covers-vote.md",
      "paxos-knob.proposal-safety.md",
      "paxos-knob.reported-is-chosen.md",
      "paxos-knob.stability.md",
      "paxos-knob.validity.md",
    ]);
    const page = readFileSync(join(folder, "reference", "paxos-knob.agreement.md"), "utf8");
    expect(page).toContain(
      "The predicate, from `src/protocols/paxos/invariants.ts`:\n\n```ts\nholds: (view) => chosenValues(view).length <= 1\n```",
    );
    expect(page).toContain("### the protocol itself (`ignore.synod`)");
  });

  it("is checked by the same engine as inside it: workers, symmetry, liveness, the same counts", () => {
    const folder = mkdtempSync(join(tmpdir(), "synod-anywhere-"));
    writeFileSync(join(folder, "zero-value.ts"), readFileSync("models/examples/zero-value.ts"));
    const answer = (cwd: string, file: string) => {
      const result = synodIn(cwd, "check", file, "--json", "--workers", "2");
      const json = JSON.parse(result.stdout) as Record<string, unknown>;
      // Workers not used are never silent: stderr says why (on a busy machine the search may
      // end before they are up).
      const threads =
        json.workers === 2 || /synod: note: search(ed|ing) on one thread/.test(result.stderr)
          ? "as asked, or said why not"
          : `${String(json.workers)} in silence`;
      return [result.status, json.verdict, json.distinctStates, json.depth, threads];
    };
    const said = "as asked, or said why not";
    for (const [name, expected] of [
      // Symmetry, on two workers (or on one, said so, if done before they are up).
      ["sym", [0, "ok", 3_302, 21, said]],
      // Liveness, which is checked on one thread (and says so).
      ["live", [0, "ok", 72, 11, said]],
    ] as const) {
      const inside = `test/fixtures/anywhere/${name}.synod`;
      const text = readFileSync(inside, "utf8").replace(
        "../../../models/examples/zero-value.ts",
        "./zero-value.ts",
      );
      writeFileSync(join(folder, `${name}.synod`), text);
      expect(answer(process.cwd(), inside)).toEqual(expected);
      expect(answer(folder, `${name}.synod`)).toEqual(expected);
    }
  });

  it("writes its counterexample to ITF, which `synod trace` shows from there", () => {
    const folder = mkdtempSync(join(tmpdir(), "synod-anywhere-"));
    writeFileSync(join(folder, "zero-value.ts"), readFileSync("models/examples/zero-value.ts"));
    writeFileSync(join(folder, "zero.synod"), readFileSync("models/examples/zero-value.synod"));
    const synod = (...args: string[]) => synodIn(folder, ...args);
    expect(synod("check", "zero.synod", "--out-itf", "bug.itf.json").status).toBe(1);
    const shown = synod("trace", "bug.itf.json");
    expect([shown.status, shown.stderr]).toEqual([0, ""]);
    expect(shown.stdout.split("\n").slice(0, 2)).toEqual([
      "trace bug.itf.json: from zero.synod, violates validity",
      '  "" is chosen (by a1, a2 in ballot 1.p1), but no proposer proposed it: the proposed values are a.',
    ]);
  });
});
