/**
 * The source folders import one way (docs/architecture.md): a folder may import only the folders
 * listed for it, and no two folders import each other, however indirectly.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, normalize, relative, sep } from "node:path";
import { expect, it } from "vitest";

/** What each folder of src/ may import, besides itself and npm packages (bottom layer first). */
const MAY_IMPORT: Record<string, readonly string[]> = {
  // Types and pure helpers every layer shares: the model, the protocol API, the system contracts.
  core: [],
  // The engine: search, stores, parallel search, liveness, checkpoints. Knows no Paxos.
  check: ["core"],
  // The actor runtime: a transition system from a protocol's nodes.
  system: ["core", "check"],
  // Checking histories of client operations against a sequential object: linearizability.
  linearizability: ["core"],
  protocols: ["core", "check", "system", "linearizability"],
  // Parsing and validating model files.
  lang: ["core"],
  // Counterexamples for people: text, charts, ITF.
  trace: ["core", "check"],
  // Process-level concerns: which copy runs, watchdogs.
  runtime: ["core", "check"],
  // Loading, building and checking a model: the one entry point (run.ts beside it).
  app: ["core", "check", "system", "protocols", "lang", "trace", "runtime"],
  "run.ts": ["core", "check", "system", "protocols", "lang", "trace", "runtime", "app"],
  ui: ["core", "check", "system", "lang", "trace", "runtime", "app", "run.ts"],
  docs: ["core", "check", "system", "protocols", "lang", "trace", "runtime", "app", "run.ts"],
  bench: ["core", "runtime"],
  cli: [
    "core",
    "check",
    "system",
    "protocols",
    "lang",
    "trace",
    "runtime",
    "app",
    "run.ts",
    "ui",
    "docs",
    "bench",
  ],
  "index.ts": [
    "core",
    "check",
    "system",
    "linearizability",
    "protocols",
    "lang",
    "trace",
    "app",
    "run.ts",
  ],
};

const folderOf = (path: string): string => relative("src", path).split(sep)[0]!;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|tsx|mts|mjs)$/.test(name) ? [path] : [];
  });
}

/** Folder → folder edges of relative imports (static, dynamic and re-exports). */
function edges(): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  for (const file of sources("src")) {
    const text = readFileSync(file, "utf8");
    const from = folderOf(file);
    for (const m of text.matchAll(
      /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["'](\.{1,2}\/[^"']+)["']/g,
    )) {
      const to = folderOf(normalize(join(dirname(file), m[1]!)));
      if (to === from) continue;
      if (!found.has(from)) found.set(from, new Set());
      found.get(from)!.add(to);
    }
  }
  return found;
}

it("every folder imports only the layers below it", () => {
  const graph = edges();
  const against: string[] = [];
  for (const [from, tos] of graph) {
    expect(MAY_IMPORT, `src/${from} is in no layer`).toHaveProperty([from]);
    for (const to of tos) {
      if (!MAY_IMPORT[from]!.includes(to)) against.push(`${from} -> ${to}`);
    }
  }
  expect(against.sort()).toEqual([]);
});

it("no two folders import each other, however indirectly", () => {
  const graph = edges();
  const cycles: string[] = [];
  const visit = (node: string, path: string[]): void => {
    for (const next of graph.get(node) ?? []) {
      if (path.includes(next)) cycles.push([...path.slice(path.indexOf(next)), next].join(" -> "));
      else visit(next, [...path, next]);
    }
  };
  for (const node of graph.keys()) visit(node, [node]);
  expect(cycles).toEqual([]);
});
