/**
 * docs/invariants/ is generated from the code and the models: regenerating it must give exactly
 * what is committed, so the reference cannot drift from the checker.
 */
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { expect, it } from "vitest";
import { generateInvariantDocs } from "../../src/docs/invariants.ts";
import { DOCS_MANIFEST } from "../../src/app/outputs.ts";

/** The model files `npm run docs:invariants` passes (its `dir/*.synod` patterns expanded). */
function scriptModels(): string[] {
  const pkg = JSON.parse(readFileSync("package.json", "utf8")) as {
    scripts: Record<string, string>;
  };
  const args = pkg.scripts["docs:invariants"]!.split(/\s+/);
  const files = args.slice(args.indexOf("docs") + 1, args.indexOf("--out"));
  return files.flatMap((pattern) =>
    basename(pattern) === "*.synod"
      ? readdirSync(dirname(pattern))
          .filter((f) => f.endsWith(".synod"))
          .sort()
          .map((f) => join(dirname(pattern), f))
      : [pattern],
  );
}

it("docs/invariants is what the generator writes today", async () => {
  const out = mkdtempSync(join(tmpdir(), "synod-docs-"));
  const written = await generateInvariantDocs(scriptModels(), out);
  expect([...written, DOCS_MANIFEST].sort()).toEqual(readdirSync("docs/invariants").sort());
  for (const page of [...written, DOCS_MANIFEST]) {
    expect(readFileSync(join(out, page), "utf8"), page).toBe(
      readFileSync(join("docs/invariants", page), "utf8"),
    );
  }
});
