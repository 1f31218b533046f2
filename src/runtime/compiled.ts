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
import { dirname, join, relative, sep } from "node:path";
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

/**
 * The same for a CommonJS file of the model's (`.cts`, `.cjs`, or a `.ts` in a CommonJS package
 * written with `require`): its `require`s do not pass through the module hooks on Node 20, so
 * `require("synod")` is given the running copy here, a package its folder does not have is
 * looked for among synod's own, and tsx compiles what it requires.
 */
async function allowCommonJs(synod: string, home: string): Promise<void> {
  (await import("tsx/cjs/api")).register();
  const { default: Module } = await import("node:module");
  const modules = Module as unknown as {
    _resolveFilename(request: string, parent: unknown, ...rest: unknown[]): string;
    _cache: Record<string, unknown>;
  };
  // synod is an ES module, and Node 20 cannot `require` one while module hooks are registered:
  // a CommonJS file (loaded by `require`: see importUserFile) is given the namespace of the copy
  // already loaded, from the cache.
  const shim = `${synod}.require`;
  const cached = new Module(shim);
  cached.exports = await import(pathToFileURL(synod).href);
  cached.loaded = true;
  modules._cache[shim] = cached;
  const resolveFilename = modules._resolveFilename.bind(modules);
  const fromSynod = Module.createRequire(home);
  modules._resolveFilename = (request, parent, ...rest) => {
    if (request === "synod") return shim;
    try {
      return resolveFilename(request, parent, ...rest);
    } catch (error) {
      const bare = !/^[./]|^[a-z]+:/i.test(request);
      if (!bare || (error as NodeJS.ErrnoException).code !== "MODULE_NOT_FOUND") throw error;
      try {
        return fromSynod.resolve(request);
      } catch {
        throw error;
      }
    }
  };
}

/**
 * Loads a model's own file (a protocol or variant): an ES module by `import`, a CommonJS one
 * (`.cts`, `.cjs`, or a `.ts` or `.js` written with `require` in a CommonJS package) by
 * `require`, so that its `require`s pass where {@link allowCommonJs} can answer them.
 */
export async function importUserFile(path: string): Promise<{ default?: unknown }> {
  await allowTypeScript();
  if (!isCommonJs(path)) return (await import(pathToFileURL(path).href)) as { default?: unknown };
  const { createRequire } = await import("node:module");
  const exported = createRequire(import.meta.url)(path) as { default?: unknown } | undefined;
  return exported !== null && typeof exported === "object" && "default" in exported
    ? exported
    : { default: exported };
}

/**
 * True for a file to load as CommonJS: a `.cts` or `.cjs`, or a `.ts`, `.tsx` or `.js` with no
 * `import` or `export` statement (so written with `require` and `module.exports`) outside an
 * ES-module package (see bin/resolve-synod.mjs for the files loaded by `import`).
 */
function isCommonJs(path: string): boolean {
  if (/\.c[jt]s$/.test(path)) return true;
  // A file that is not there is left to `import`, whose error names it.
  if (!/\.(ts|tsx|js)$/.test(path) || !existsSync(path)) return false;
  if (/^\s*(import\s*[\w{*"']|export\s)/m.test(readFileSync(path, "utf8"))) return false;
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest)) {
      return (JSON.parse(readFileSync(manifest, "utf8")) as { type?: string }).type !== "module";
    }
    if (dirname(dir) === dir) return true;
  }
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
    const synod = new URL(RUNNING_COMPILED ? "../index.js" : "../index.ts", import.meta.url);
    const home = pathToFileURL(projectPath("package.json"));
    register(pathToFileURL(projectPath("bin", "resolve-synod.mjs")), {
      data: { synod: synod.href, home: home.href },
    });
    await allowCommonJs(fileURLToPath(synod), fileURLToPath(home));
  })();
  return typescript;
}
