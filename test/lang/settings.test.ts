/**
 * A protocol declares the model fields it takes (core/settings.ts): the built-in ones and a
 * user's protocol file alike, with fields of its own that the model gives like any other.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadModel } from "../../src/app/load.ts";
import { formatModelError, ModelError } from "../../src/lang/errors.ts";
import { checkFile } from "../../src/run.ts";

const DIR = "test/fixtures/own-settings";

/** The error loading the `ignore` model gives with its `reported-votes` line replaced. */
async function errorWith(line: string): Promise<string> {
  const source = readFileSync(`${DIR}/ignore.synod`, "utf8").replace("reported-votes ignore", line);
  const file = `${DIR}/mistake-${line.replace(/\W+/g, "-")}.synod`;
  writeFileSync(file, source);
  try {
    await loadModel(file);
  } catch (error) {
    if (error instanceof ModelError) return formatModelError(error).replace(file, "FILE");
    throw error;
  } finally {
    rmSync(file);
  }
  throw new Error("expected a model error");
}

describe("a protocol's own fields", () => {
  it("take their default, or the value the model gives", async () => {
    expect((await loadModel(`${DIR}/adopt.synod`)).model.own).toEqual({
      "reported-votes": "adopt",
    });
    expect((await loadModel(`${DIR}/ignore.synod`)).model.own).toEqual({
      "reported-votes": "ignore",
    });
  });

  it("change what is checked: ignoring reported votes breaks agreement", async () => {
    const adopt = await checkFile(`${DIR}/adopt.synod`);
    expect(adopt.result.verdict).toBe("ok");
    expect(adopt.result.distinctStates).toBe(3_592);
    const ignore = await checkFile(`${DIR}/ignore.synod`);
    expect(ignore.result.violated).toBe("agreement");
    expect(ignore.counterexample).toHaveLength(15);
  });

  it("are checked like the language's own, with a located error and a hint", async () => {
    expect(await errorWith("reported-votes maybe")).toBe(
      [
        "FILE:3:18: error: unknown reported-votes `maybe`",
        " 3 |   reported-votes maybe",
        "   |                  ^^^^^",
        "  hint: Known choices of `reported-votes`: adopt, ignore.",
      ].join("\n"),
    );
    expect(await errorWith("reported-votes 3")).toBe(
      [
        "FILE:3:18: error: `reported-votes` is not written that way",
        " 3 |   reported-votes 3",
        "   |                  ^",
        "  hint: write it as `reported-votes adopt | ignore`: what a proposer does with the votes phase 1 reports.",
      ].join("\n"),
    );
    expect((await errorWith("reported-vote ignore")).split("\n")[3]).toMatch(
      /^ {2}hint: did you mean `reported-votes`\? Known fields: .*, reported-votes\.$/,
    );
  });
});

describe("the built-in protocols' settings", () => {
  it("refuse a field the protocol does not take, with the protocol's reason", async () => {
    const source = readFileSync(`${DIR}/adopt.synod`, "utf8").replace(
      "acceptors 3",
      "acceptors 3\n  slots 2",
    );
    const file = `${DIR}/mistake-slots.synod`;
    writeFileSync(file, source);
    try {
      await expect(loadModel(file)).rejects.toThrow("protocol `./knob.ts` has no slots");
    } finally {
      rmSync(file);
    }
  });
});

describe("a protocol file of the user's", () => {
  it("in a folder with no package.json, importing synod and immutable, checks as in the repository", () => {
    const folder = mkdtempSync(join(tmpdir(), "synod-own-"));
    const protocol = readFileSync(`${DIR}/knob.ts`, "utf8");
    // Node takes a .ts file with no package.json above it for CommonJS, unless told otherwise.
    writeFileSync(
      join(folder, "knob.ts"),
      `import { List } from "immutable";\nvoid List;\n${protocol}`,
    );
    writeFileSync(join(folder, "ignore.synod"), readFileSync(`${DIR}/ignore.synod`));
    const run = (cwd: string, file: string) => {
      const result = spawnSync(
        process.execPath,
        [join(process.cwd(), "bin/synod.js"), "check", file, "--json"],
        { encoding: "utf8", cwd },
      );
      const json = JSON.parse(result.stdout) as Record<string, unknown>;
      return [result.status, json.violated, json.distinctStates, (json.trace as unknown[]).length];
    };
    expect(run(folder, "ignore.synod")).toEqual([1, "agreement", 2_601, 15]);
    expect(run(process.cwd(), `${DIR}/ignore.synod`)).toEqual([1, "agreement", 2_601, 15]);
  });

  it("that does not load is reported with the real cause: the module missing, or the line", () => {
    const folder = mkdtempSync(join(tmpdir(), "synod-own-"));
    const protocol = readFileSync(`${DIR}/knob.ts`, "utf8");
    writeFileSync(join(folder, "adopt.synod"), readFileSync(`${DIR}/adopt.synod`));
    const stderr = (source: string, ...options: string[]) => {
      writeFileSync(join(folder, "knob.ts"), source);
      const result = spawnSync(
        process.execPath,
        [join(process.cwd(), "bin/synod.js"), "check", "adopt.synod", ...options],
        { encoding: "utf8", cwd: folder },
      );
      expect(result.status).toBe(2);
      return result.stderr.replaceAll(folder, "DIR").split("\n");
    };
    const missing = `import { pad } from "left-pad-x";\nvoid pad;\n${protocol}`;
    const broken = protocol.replace('name: "paxos-knob",', 'name: "paxos-knob" +,');
    // The type check finds both first, at their lines.
    expect(stderr(missing)[1]).toBe(
      "  knob.ts:1:21: Cannot find module 'left-pad-x' or its corresponding type declarations.",
    );
    expect(stderr(broken)[1]).toBe("  knob.ts:7:23: Expression expected.");
    // Run as they are, so does Node.
    expect(stderr(missing, "--no-typecheck")[0]).toBe(
      "adopt.synod:2:13: error: the protocol file `./knob.ts` failed to load: Cannot find package 'left-pad-x' imported from DIR/knob.ts",
    );
    expect(stderr(broken, "--no-typecheck")[0]).toBe(
      'adopt.synod:2:13: error: the protocol file `./knob.ts` does not compile: DIR/knob.ts:7:22: Unexpected ","',
    );
  });
});
