/**
 * A model's `expect` block: `synod check` compares the result with it, says where it differs
 * and exits 5; mistakes in the block are the user's, located.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.ts";

const MODEL = readFileSync("models/tla/paxos-3a-2v-b1.synod", "utf8");

/** Checks the TLC model with its `expect` block replaced by `block`. */
async function check(block: string, ...options: string[]) {
  const dir = mkdtempSync(join(tmpdir(), "synod-expect-"));
  const file = join(dir, "m.synod");
  writeFileSync(file, MODEL.replace(/^ {2}expect \{.*\}$/m, `  ${block}`));
  let out = "";
  let err = "";
  const code = await main(
    ["check", file, "--no-tui", ...options],
    { write: (s: string) => (out += s) },
    { write: (s: string) => (err += s) },
  );
  return { code, out, err: err.replaceAll(file, "m.synod") };
}

describe("synod check against the model's `expect` block", () => {
  it("says so when the result is as expected, and exits as the verdict says", async () => {
    const { code, out } = await check("expect { holds; states 3921; depth 17 }");
    expect(code).toBe(0);
    expect(out).toContain("\n  as the model's `expect` block says\n");
  });

  it("lists each difference and exits 5", async () => {
    const { code, out } = await check("expect { violates agreement; states 3922; depth 17 }");
    expect(code).toBe(5);
    expect(out).toContain(
      "\n✗ Not as the model's `expect` block says: holds (expected violates agreement); states 3,921 (expected 3,922)\n",
    );
  });

  it("compares nothing when a limit stopped the search", async () => {
    const { code, out } = await check("expect { holds; states 3921 }", "--max-states", "100");
    expect(code).toBe(3);
    expect(out).toContain(
      "\n  the model's `expect` block was not compared: the search stopped before the end\n",
    );
  });

  it("gives the comparison in --json", async () => {
    const { code, out } = await check("expect { holds; generated 1 }", "--json");
    expect(code).toBe(5);
    expect(JSON.parse(out).expected).toEqual({
      met: false,
      differences: ["generated 22,995 (expected 1)"],
    });
  });

  it("refuses a block without a verdict, a trace for a model that holds, an unchecked name", async () => {
    expect((await check("expect { states 3921 }")).err).toBe(
      [
        "m.synod:10:3: error: `expect` gives no verdict",
        " 10 |   expect { states 3921 }",
        "    |   ^^^^^^",
        "  hint: say `holds` or `violates NAME` (the property the counterexample breaks) inside the braces.",
        "",
      ].join("\n"),
    );
    expect((await check("expect { holds; steps 3 }")).err.split("\n")[0]).toBe(
      "m.synod:10:19: error: `steps` describes a counterexample, and the model is expected to hold",
    );
    const unchecked = await check("expect { violates agreemnt }");
    expect(unchecked.code).toBe(2);
    expect(unchecked.err.split("\n")[0]).toBe(
      "m.synod:10:21: error: `expect` names `agreemnt`, which this model does not check",
    );
    expect(unchecked.err).toContain("hint: did you mean `agreement`?");
  });
});
