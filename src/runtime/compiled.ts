/**
 * synod's sources are TypeScript, which tsx runs as they are. A search worker started that way
 * spends about 0.2 s starting tsx and another 0.2 s loading modules through its hooks, while the
 * one-thread search waits for it; the command line spent half a second so (docs/notes/2026-11-performance-log.md).
 * So `npm ci` also compiles `src/` to JavaScript (`npm run build`, into `dist/`), with a stamp: a
 * hash of every source file and of the grammar. The command line (bin/synod.js) and the search
 * workers run the compiled copy only if the stamp matches the sources as they are now; after any
 * edit they run the sources through tsx until the next build. Running the compiled copy, synod
 * loads tsx only if a model names a TypeScript file of the user's (lang/resolve.ts).
 *
 * Code that finds files by its own URL asks here ({@link projectPath}, {@link sourceUrl}): the
 * compiled copy of a module is one folder deeper than its source.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** True in the compiled copy (this file is then `dist/src/runtime/compiled.js`). */
export const RUNNING_COMPILED = import.meta.url.endsWith(".js");

/** The project's root: this file is `src/runtime/compiled.ts`, or `dist/src/runtime/compiled.js`. */
const ROOT = fileURLToPath(new URL(RUNNING_COMPILED ? "../../.." : "../..", import.meta.url));

/** The path of `parts` (a file or folder of the project, such as `spec/synod.ohm`). */
export function projectPath(...parts: string[]): string {
  return join(ROOT, ...parts);
}

/** Where `npm run build` writes the compiled copy, and its stamp. */
const OUT = "dist";
const STAMP = "stamp.json";
/** The grammar's source (the build writes its recipe beside the compiled copy: lang/parse.ts). */
const GRAMMAR = join("spec", "synod.ohm");

/**
 * A hash of the sources under `root/src`, and of the grammar (the build writes its recipe beside
 * the compiled copy: lang/parse.ts): every file's path and contents, in path order.
 */
export function sourcesHash(root: string = ROOT): string {
  const hash = createHash("sha256");
  const files = (readdirSync(join(root, "src"), { recursive: true }) as string[])
    .map((file) => join("src", file))
    .filter((file) => /\.(ts|tsx|mts|mjs|js)$/.test(file))
    .concat(existsSync(join(root, GRAMMAR)) ? [GRAMMAR] : [])
    .sort();
  for (const file of files) {
    hash.update(file.split(sep).join("/"));
    hash.update("\0");
    hash.update(readFileSync(join(root, file)));
    hash.update("\0");
  }
  return hash.digest("hex");
}

/** Records that `root/dist` was compiled from the sources as they are now. */
export function writeStamp(root: string = ROOT): void {
  writeFileSync(join(root, OUT, STAMP), JSON.stringify({ sources: sourcesHash(root) }) + "\n");
}

/** Per root: whether its compiled copy matches its sources (looked at once per process). */
const fresh = new Map<string, boolean>();

function isFresh(root: string): boolean {
  let known = fresh.get(root);
  if (known === undefined) {
    const stamp = join(root, OUT, STAMP);
    try {
      known =
        existsSync(stamp) &&
        (JSON.parse(readFileSync(stamp, "utf8")) as { sources?: string }).sources ===
          sourcesHash(root);
    } catch {
      known = false;
    }
    fresh.set(root, known);
  }
  return known;
}

/**
 * The URL of the source of a module of synod's compiled copy (its own `import.meta.url`, say), or
 * `url` itself if it is not in the compiled copy.
 */
export function sourceUrl(url: string, root: string = ROOT): string {
  if (!url.startsWith("file:")) return url;
  const path = relative(join(root, OUT), fileURLToPath(url));
  if (!path.startsWith(`src${sep}`) || !path.endsWith(".js")) return url;
  const source = join(root, path.replace(/\.js$/, ".ts"));
  return pathToFileURL(existsSync(source) ? source : source + "x").href;
}

/**
 * The URL of the compiled copy of the source module at `url` (a `.ts` file under `root/src`),
 * or null if there is none that matches the sources.
 */
export function compiledUrl(url: string, root: string = ROOT): string | null {
  if (!url.startsWith("file:")) return null;
  const path = relative(root, fileURLToPath(url));
  if (!path.startsWith(`src${sep}`) || !/\.tsx?$/.test(path)) return null;
  if (!isFresh(root)) return null;
  const compiled = join(root, OUT, path.replace(/\.tsx?$/, ".js"));
  return existsSync(compiled) ? pathToFileURL(compiled).href : null;
}

/** Set once a model's TypeScript file can be imported (see {@link allowTypeScript}). */
let typescript: Promise<void> | null = null;

/**
 * Makes a model's own TypeScript file (a protocol or variant) importable, wherever it is. The
 * sources run through tsx already; the compiled copy registers tsx now. Both register a hook
 * (bin/resolve-synod.mjs) that gives the file's `import ... from "synod"` the running copy, and
 * finds the packages it names among synod's own when its folder has none.
 */
export function allowTypeScript(): Promise<void> {
  typescript ??= (async () => {
    if (RUNNING_COMPILED) (await import("tsx/esm/api")).register();
    const { register } = await import("node:module");
    register(pathToFileURL(projectPath("bin", "resolve-synod.mjs")), {
      data: {
        synod: new URL(RUNNING_COMPILED ? "../index.js" : "../index.ts", import.meta.url).href,
        home: pathToFileURL(projectPath("package.json")).href,
      },
    });
  })();
  return typescript;
}
