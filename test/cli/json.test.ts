/**
 * `synod check --json` keeps its contract: every output of the test models (results, incomplete
 * checks, errors) is valid against spec/check-result.schema.json, and docs/json.md documents
 * exactly the fields the schema names.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.ts";
import { documentedFields, schemaFields } from "./helpers.ts";

const schema = JSON.parse(readFileSync("spec/check-result.schema.json", "utf8"));
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);

async function json(...args: string[]): Promise<{ code: number; value: unknown }> {
  let out = "";
  const code = await main(
    ["check", ...args, "--json"],
    { write: (s: string) => (out += s) },
    { write: () => undefined },
  );
  return { code, value: JSON.parse(out) };
}

const folder = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith(".synod"))
    .map((f) => join(dir, f));

// Small models of every kind: the variants, liveness models, small correct ones. Two Multi-Paxos
// variants search over 400,000 states each (about 10 s here); their output has the shape of the
// other variants', and models.test.ts checks them.
const LARGE = ["append-without-truncate", "early-reconfiguration"];
const MODELS = [
  ...folder("models/variants"),
  ...folder("models/liveness").filter((f) => !f.includes("no-faults")),
  ...folder("models/multipaxos/variants").filter((f) => !LARGE.some((name) => f.includes(name))),
  ...folder("models/tla/variants"),
  "models/paxos-set.synod",
  "models/paxos-flexible.synod",
  "models/tla/paxos-3a-2v-b1-sym.synod",
  "models/multipaxos/star-quorums.synod",
  "models/examples/zero-value.synod",
];

describe("the JSON contract", () => {
  it.each(MODELS)("%s: the output is valid against the schema", async (file) => {
    const { code, value } = await json(file, "--workers", "1");
    expect(validate(value), JSON.stringify(validate.errors)).toBe(true);
    expect([0, 1]).toContain(code);
  });

  it("an incomplete check, and errors, are valid against the schema too", async () => {
    const incomplete = await json("models/paxos-one-ballot.synod", "--max-states", "1000");
    expect(incomplete.code).toBe(3);
    expect(incomplete.value).toMatchObject({ verdict: "incomplete", stoppedBy: "states" });
    expect(validate(incomplete.value), JSON.stringify(validate.errors)).toBe(true);

    const missing = await json("models/nope.synod");
    expect(missing.code).toBe(2);
    expect(missing.value).toEqual({
      schemaVersion: 1,
      command: "check",
      verdict: "error",
      exitCode: 2,
      error: {
        message: "cannot read the model file: no such file",
        hint: "check the path.",
        file: "models/nope.synod",
        line: null,
        column: null,
      },
    });
    expect(validate(missing.value)).toBe(true);
    const option = await json("models/paxos-one-ballot.synod", "--workers", "0x2");
    expect(option.code).toBe(2);
    expect(option.value).toMatchObject({
      verdict: "error",
      error: { message: '--workers takes a whole number, not "0x2"' },
    });
    expect(validate(option.value)).toBe(true);
  });

  it("docs/json.md documents exactly the fields the schema names", () => {
    expect(documentedFields(readFileSync("docs/json.md", "utf8"))).toEqual(schemaFields(schema));
  });
});
