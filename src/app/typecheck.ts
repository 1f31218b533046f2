/**
 * Type-checks a model's TypeScript file (a protocol or variant) and the files of the user's it
 * imports, before synod runs them. tsx strips types without checking them, so without this a
 * misspelt field (`state.promsied`) would run as `undefined` and could change the verdict
 * silently. Only the user's files are reported: synod's own sources and installed packages are
 * taken as they are.
 *
 * `synod` resolves to the running synod's types (the compiled copy's declarations when it runs,
 * else its sources), and any other package the user's folder does not have (`immutable`) to
 * synod's own, as when the file is imported (runtime/compiled.ts). A check costs a second or
 * two, mostly TypeScript reading those types, so its result is kept on disk, by the contents of
 * every user file it read and the synod that checked them.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir, userInfo } from "node:os";
import { dirname, join, relative, sep } from "node:path";
import type * as TS from "typescript";
import { projectPath, RUNNING_COMPILED, sourcesHash } from "../runtime/compiled.ts";

/** The user's TypeScript files this process has imported (protocols and variants). */
const imported = new Set<string>();

/** Starts a new model's list of imported files (a command loads one model; tests, many). */
export function forgetUserFiles(): void {
  imported.clear();
}

/** Notes a user's file as imported, so that a failure can name its type errors. */
export function noteUserFile(path: string): void {
  if (isTypeScript(path)) imported.add(path);
}

/** `.ts`, `.mts`, `.cts`: what is type-checked (JavaScript files have no types to check). */
export const isTypeScript = (path: string): boolean => /\.[cm]?ts$/.test(path);

/** A type or syntax error in a user's file, 1-based. */
export interface TypeErrorAt {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

const require = createRequire(import.meta.url);

/** The TypeScript compiler, if installed (a dependency of synod; absent only in odd installs). */
function compiler(): typeof TS | null {
  try {
    return require("typescript") as typeof TS;
  } catch {
    return null;
  }
}

/** Where Node's types are, found as synod finds its packages; none if they are missing. */
function nodeTypes(): TS.CompilerOptions {
  try {
    const manifest = require.resolve("@types/node/package.json");
    return { types: ["node"], typeRoots: [dirname(dirname(manifest))] };
  } catch {
    return { types: [] };
  }
}

/** Files of synod's own and of installed packages: not the user's to fix. */
function isUsers(file: string): boolean {
  const normal = file.split("/").join(sep);
  return (
    !normal.startsWith(projectPath("src") + sep) &&
    !normal.startsWith(projectPath("dist") + sep) &&
    !normal.includes(`${sep}node_modules${sep}`) &&
    !normal.endsWith(".d.ts")
  );
}

/** The types `synod` has: the compiled copy's declarations when that runs, else the sources. */
function synodTypes(ts: typeof TS): TS.ResolvedModuleFull {
  const declarations = projectPath("dist", "src", "index.d.ts");
  return RUNNING_COMPILED && existsSync(declarations)
    ? { resolvedFileName: declarations, extension: ts.Extension.Dts }
    : { resolvedFileName: projectPath("src", "index.ts"), extension: ts.Extension.Ts };
}

/** Type-checks `roots` and the user's files they import: their errors, and every such file. */
function runCompiler(
  ts: typeof TS,
  roots: readonly string[],
): { errors: TypeErrorAt[]; files: string[] } {
  const options: TS.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    lib: ["lib.es2022.d.ts"],
    // `import` and `require` alike, as synod loads either (runtime/compiled.ts).
    module: ts.ModuleKind.Preserve,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    allowImportingTsExtensions: true,
    esModuleInterop: true,
    skipLibCheck: true,
    // A JavaScript neighbour is read for its types, not checked.
    allowJs: true,
    checkJs: false,
    // Node's types (console, require, process) where installed: with synod, or hoisted beside it.
    ...nodeTypes(),
  };
  const host = ts.createCompilerHost(options, true);
  const synod = synodTypes(ts);
  const fromSynod = projectPath("package.json");
  host.resolveModuleNameLiterals = (literals, containingFile, _redirect, compilerOptions) =>
    literals.map((literal) => {
      const name = literal.text;
      if (name === "synod") return { resolvedModule: synod };
      const found = ts.resolveModuleName(name, containingFile, compilerOptions, host);
      if (found.resolvedModule !== undefined || name.startsWith(".")) return found;
      // A package the user's folder does not have: synod's own, as at run time.
      return ts.resolveModuleName(name, fromSynod, compilerOptions, host);
    });
  const program = ts.createProgram({ rootNames: roots, options, host });
  const errors: TypeErrorAt[] = [];
  const files: string[] = [];
  for (const source of program.getSourceFiles()) {
    if (!isUsers(source.fileName)) continue;
    files.push(source.fileName);
    if (!isTypeScript(source.fileName)) continue;
    const diagnostics = [
      ...program.getSyntacticDiagnostics(source),
      ...program.getSemanticDiagnostics(source),
    ];
    for (const diagnostic of diagnostics) {
      const at = source.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
      errors.push({
        file: source.fileName,
        line: at.line + 1,
        column: at.character + 1,
        message: ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"),
      });
    }
  }
  return { errors, files };
}

/** A kept result: the errors, and what each user file it read held then. */
interface Kept {
  readonly files: Readonly<Record<string, string>>;
  readonly errors: readonly TypeErrorAt[];
}

const contentHash = (file: string): string | null =>
  existsSync(file) ? createHash("sha256").update(readFileSync(file)).digest("hex") : null;

/**
 * Which synod checks, and with which TypeScript: synod's types change with its sources (or its
 * compiled copy's stamp). Read without loading the compiler, which takes a third of a second.
 */
let identity: string | null = null;
function synodIdentity(): string {
  if (identity === null) {
    const typescript = (require("typescript/package.json") as { version: string }).version;
    const sources = RUNNING_COMPILED
      ? readFileSync(projectPath("dist", "stamp.json"), "utf8")
      : sourcesHash();
    identity = `${typescript} ${sources}`;
  }
  return identity;
}

/** The folder kept results go in: one per user of the machine. */
const KEPT = join(tmpdir(), `synod-typecheck-${userInfo().username}`);

/**
 * The type errors of `roots` and the user's files they import, in file order (a result kept on
 * disk when no file has changed since); null when the TypeScript compiler cannot be loaded.
 */
export function typeErrors(roots: readonly string[]): TypeErrorAt[] | null {
  let key: string;
  try {
    key = createHash("sha256")
      .update(synodIdentity())
      .update([...roots].sort().join("\0"))
      .digest("hex");
  } catch {
    return null; // no TypeScript
  }
  const keptFile = join(KEPT, `${key}.json`);
  try {
    const kept = JSON.parse(readFileSync(keptFile, "utf8")) as Kept;
    if (Object.entries(kept.files).every(([file, hash]) => contentHash(file) === hash)) {
      return [...kept.errors];
    }
  } catch {
    // Nothing kept, or unreadable: check.
  }
  const ts = compiler();
  if (ts === null) return null;
  const { errors, files } = runCompiler(ts, roots);
  try {
    mkdirSync(KEPT, { recursive: true });
    const kept: Kept = {
      files: Object.fromEntries(files.map((file) => [file, contentHash(file) ?? ""])),
      errors,
    };
    // Written whole, then renamed: a concurrent run reads the old result or the new.
    const partial = `${keptFile}.${process.pid}`;
    writeFileSync(partial, JSON.stringify(kept));
    renameSync(partial, keptFile);
  } catch {
    // A result that cannot be kept is checked again next time.
  }
  return errors;
}

/** The type errors of the user's files imported so far (none if none were, or no compiler). */
export function importedTypeErrors(): TypeErrorAt[] {
  return imported.size === 0 ? [] : (typeErrors([...imported]) ?? []);
}

/** A file's path as from the working folder, when it is inside it. */
function shownPath(file: string): string {
  const cwd = process.cwd();
  return file.startsWith(cwd + sep) ? relative(cwd, file) : file;
}

/** `my-variant.ts:12:7: Property 'promsied' does not exist …`. */
export function showTypeError(error: TypeErrorAt): string {
  return `${shownPath(error.file)}:${error.line}:${error.column}: ${error.message}`;
}

/** At most this many type errors are printed; the rest are counted. */
const SHOWN = 5;

/** The type errors in words, one a line, indented. */
export function listTypeErrors(errors: readonly TypeErrorAt[], indent: string): string {
  const lines = errors.slice(0, SHOWN).map((e) => indent + showTypeError(e));
  if (errors.length > SHOWN) lines.push(`${indent}… and ${errors.length - SHOWN} more`);
  return lines.join("\n");
}

/**
 * When the user's code failed: a note naming its type errors, the likely cause, or null if it
 * has none (it ran with `--no-typecheck`, or the failure has another cause).
 */
export function typeNote(): string | null {
  const errors = importedTypeErrors();
  if (errors.length === 0) return null;
  const files = [...new Set(errors.map((e) => shownPath(e.file)))];
  return `  note: ${files.join(", ")} ${files.length === 1 ? "has" : "have"} type errors, which may be the cause:\n${listTypeErrors(errors, "    ")}`;
}

/** The user's code has type errors: not run. */
export class TypeCheckError extends Error {
  constructor(readonly errors: readonly TypeErrorAt[]) {
    super(`type error: ${errors[0]!.message}`);
    this.name = "TypeCheckError";
  }
}

/** Throws a {@link TypeCheckError} if `files` or the user's files they import have type errors. */
export function requireWellTyped(files: readonly string[]): void {
  const roots = files.filter(isTypeScript);
  if (roots.length === 0) return;
  const errors = typeErrors(roots) ?? [];
  if (errors.length > 0) throw new TypeCheckError(errors);
}
