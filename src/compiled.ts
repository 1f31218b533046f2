/**
 * synod runs its TypeScript sources through tsx. A search worker started that way spends about
 * 0.2 s starting tsx and another 0.2 s loading modules through its hooks, while the one-thread
 * search waits for it (docs/performance.md). So `npm ci` also compiles `src/` to JavaScript
 * (`npm run build`, into `dist/`), with a stamp: a hash of every source file. A worker runs the
 * compiled copy only if the stamp matches the sources as they are now; after any edit it runs
 * the sources through tsx, as before, until the next build. The main thread always runs the
 * sources.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The project's root: this file is `src/compiled.ts` there. */
const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** Where `npm run build` writes the compiled copy, and its stamp. */
const OUT = "dist";
const STAMP = "stamp.json";

/** A hash of the sources under `root/src`: every file's path and contents, in path order. */
export function sourcesHash(root: string = ROOT): string {
  const hash = createHash("sha256");
  const files = (readdirSync(join(root, "src"), { recursive: true }) as string[])
    .map((file) => join("src", file))
    .filter((file) => /\.(ts|tsx|mts|mjs|js)$/.test(file))
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
