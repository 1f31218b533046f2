/**
 * Search workers run the compiled copy of synod's sources only while it matches them
 * (src/runtime/compiled.ts); otherwise the sources, through tsx.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { compiledUrl, sourcesHash, sourceUrl, writeStamp } from "../src/runtime/compiled.ts";
import { explore } from "../src/check/explorer.ts";
import { exploreParallel, WorkerPool } from "../src/check/parallel.ts";
import { loadModel } from "../src/app/load.ts";
import { buildSystem } from "../src/run.ts";
import { workerRecipe } from "../src/app/build.ts";

/** A project with one source file and its compiled copy; stamped if `stamp`. */
function project(stamp: boolean): { root: string; source: string; compiled: string } {
  const root = mkdtempSync(join(tmpdir(), "synod-compiled-"));
  mkdirSync(join(root, "src", "check"), { recursive: true });
  mkdirSync(join(root, "dist", "src", "check"), { recursive: true });
  writeFileSync(join(root, "src", "check", "a.ts"), "export const a: number = 1;\n");
  writeFileSync(join(root, "dist", "src", "check", "a.js"), "export const a = 1;\n");
  if (stamp) writeStamp(root);
  return {
    root,
    source: pathToFileURL(join(root, "src", "check", "a.ts")).href,
    compiled: pathToFileURL(join(root, "dist", "src", "check", "a.js")).href,
  };
}

describe("the compiled copy", () => {
  it("is used when its stamp matches the sources", () => {
    const { root, source, compiled } = project(true);
    expect(compiledUrl(source, root)).toBe(compiled);
  });

  it("is not used without a stamp, or after a source changed", () => {
    const unstamped = project(false);
    expect(compiledUrl(unstamped.source, unstamped.root)).toBeNull();
    const edited = project(true);
    writeFileSync(join(edited.root, "src", "check", "a.ts"), "export const a: number = 2;\n");
    expect(compiledUrl(edited.source, edited.root)).toBeNull();
  });

  it("maps a compiled module back to its source", () => {
    const { root, source, compiled } = project(true);
    expect(sourceUrl(compiled, root)).toBe(source);
    expect(sourceUrl(source, root)).toBe(source);
    expect(sourceUrl("node:fs", root)).toBe("node:fs");
  });

  it("is only ever for synod's own TypeScript sources", () => {
    const { root } = project(true);
    expect(compiledUrl(pathToFileURL(join(root, "models", "x.ts")).href, root)).toBeNull();
    expect(compiledUrl("node:fs", root)).toBeNull();
  });

  it("runs the workers when it matches this checkout, with the same answer", async () => {
    const stamp = join("dist", "stamp.json");
    const fresh =
      existsSync(stamp) &&
      (JSON.parse(readFileSync(stamp, "utf8")) as { sources: string }).sources === sourcesHash();
    const loaded = await loadModel("models/tla/paxos-3a-2v-b1.synod");
    const system = buildSystem(loaded);
    const pool = new WorkerPool(workerRecipe(loaded, system), 2);
    expect(pool.compiled).toBe(fresh);
    const result = await exploreParallel(system, pool);
    const one = explore(system);
    expect([result.distinctStates, result.generatedStates, result.depth]).toEqual([
      one.distinctStates,
      one.generatedStates,
      one.depth,
    ]);
  });

  it("is not used for a model that names a TypeScript protocol of the user's", async () => {
    const loaded = await loadModel("test/fixtures/throwing/boom.synod");
    expect(workerRecipe(loaded, buildSystem(loaded)).compiledModule).toBeNull();
  });
});
