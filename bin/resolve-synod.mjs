import { readFileSync } from "node:fs";
// Module hooks for a model's own TypeScript file (src/runtime/compiled.ts, allowTypeScript). The file's
// `import ... from "synod"` gets the synod that runs (so the process holds one synod, not two),
// and a package the file names that its own folder does not have (`immutable`, say, in a folder
// with no node_modules) is looked for where synod's own packages are.
let synod;
let home;

export function initialize(data) {
  synod = data.synod;
  home = data.home;
}

export async function resolve(specifier, context, next) {
  if (specifier === "synod") return next(synod, context);
  try {
    return asModule(await next(specifier, context));
  } catch (error) {
    const bare = !/^[./]|^[a-z]+:/i.test(specifier);
    if (!bare || error?.code !== "ERR_MODULE_NOT_FOUND") throw error;
    // Not among synod's packages either: the error that names the user's file is the one to show.
    return next(specifier, { ...context, parentURL: home }).catch(() => {
      throw error;
    });
  }
}

// A model's own file (outside node_modules) is an ES module when it is written as one: a
// `.ts`, `.tsx` or `.js` file with `import` or `export` statements, whatever its package says
// (Node would take it for CommonJS in a folder without a package.json, or in a CommonJS
// package, and then fail on its imports), or any `.ts` file outside a CommonJS package, as
// synod's own are. `.mts`, `.mjs`, `.cts` and `.cjs` say what they are themselves.
function asModule(resolved) {
  const { url } = resolved;
  if (!url.startsWith("file:") || !/\.(ts|tsx|js)$/.test(url) || url.includes("/node_modules/")) {
    return resolved;
  }
  if (resolved.format !== undefined && resolved.format !== null && resolved.format !== "commonjs") {
    return resolved;
  }
  if (writtenAsModule(url)) return { ...resolved, format: "module" };
  if (url.endsWith(".js")) return resolved;
  return packageType(new URL(".", url)) === "commonjs"
    ? resolved
    : { ...resolved, format: "module" };
}

/** True if the file has a top-level `import` or `export` statement. */
function writtenAsModule(url) {
  try {
    return /^\s*(import\s*[\w{*"']|export\s)/m.test(readFileSync(new URL(url), "utf8"));
  } catch {
    return false;
  }
}

/** The `type` of the nearest package.json above a folder, or null. */
function packageType(folder) {
  for (let dir = folder; ; dir = new URL("..", dir)) {
    try {
      return JSON.parse(readFileSync(new URL("package.json", dir), "utf8")).type ?? null;
    } catch (error) {
      if (error?.code !== "ENOENT") return null;
    }
    if (dir.pathname === "/") return null;
  }
}
