/**
 * Type-checks a model's TypeScript file (a protocol or variant) and the files of the user's it
 * imports, before synod runs them. tsx strips types without checking them, so without this a
 * misspelt field (`state.promsied`) would run as `undefined` and surface, if at all, as a wrong
 * verdict or an error far from its cause. Only the user's files are reported: synod's own sources
 * and installed packages are taken as they are.
 *
 * `synod` resolves to the running synod and any other package the user's folder does not have
 * (`immutable`) to synod's own, as when the file is imported (runtime/compiled.ts).
 */
import { existsSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, relative, sep } from "node:path";
import type * as TS from "typescript";
import { projectPath } from "../runtime/compiled.ts";

/** The user's TypeScript files this process has imported (protocols and variants). */
const imported = new Set<string>();

/** Starts a new model's list of imported files (a command loads one model; tests, many). */
export function forgetUserFiles(): void {
  imported.clear();
}

/** Notes a user's file as imported, so that a failure can type-check it (see {@link typeNote}). */
export function noteUserFile(path: string): void {
  if (/\.[cm]?ts$/.test(path)) imported.add(path);
}

/** A type or syntax error in a user's file, 1-based. */
export interface TypeErrorAt {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** The TypeScript compiler, if installed (a dependency of synod; absent only in odd installs). */
function compiler(): typeof TS | null {
  try {
    return createRequire(import.meta.url)("typescript") as typeof TS;
  } catch {
    return null;
  }
}

/** Where Node's types are, found as synod finds its packages; none if they are missing. */
function nodeTypes(): TS.CompilerOptions {
  try {
    const manifest = createRequire(import.meta.url).resolve("@types/node/package.json");
    return { types: ["node"], typeRoots: [dirname(dirname(manifest))] };
  } catch {
    return { types: [] };
  }
}

/** Files of synod's own and of installed packages: not the user's to fix. */
function isUsers(file: string): boolean {
  const synodSources = projectPath("src") + sep;
  const normal = file.split("/").join(sep);
  return (
    !normal.startsWith(synodSources) &&
    !normal.includes(`${sep}node_modules${sep}`) &&
    !normal.endsWith(".d.ts")
  );
}

/**
 * The type errors of `root` and the user's files it imports, in file order; null when the
 * TypeScript compiler cannot be loaded (nothing is checked then).
 */
export function typeErrors(roots: readonly string[]): TypeErrorAt[] | null {
  const ts = compiler();
  if (ts === null) return null;
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
    // Node's types (console, require, process) where installed: with synod, or hoisted beside it.
    ...nodeTypes(),
  };
  const host = ts.createCompilerHost(options, true);
  const synodIndex = projectPath("src", "index.ts");
  const fromSynod = projectPath("package.json");
  host.resolveModuleNameLiterals = (literals, containingFile, _redirect, compilerOptions) =>
    literals.map((literal) => {
      const name = literal.text;
      if (name === "synod") {
        return {
          resolvedModule: { resolvedFileName: synodIndex, extension: ts.Extension.Ts },
        };
      }
      const found = ts.resolveModuleName(name, containingFile, compilerOptions, host);
      if (found.resolvedModule !== undefined || name.startsWith(".")) return found;
      // A package the user's folder does not have: synod's own, as at run time.
      return ts.resolveModuleName(name, fromSynod, compilerOptions, host);
    });
  const program = ts.createProgram({ rootNames: roots, options, host });
  const errors: TypeErrorAt[] = [];
  for (const source of program.getSourceFiles()) {
    if (!isUsers(source.fileName)) continue;
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
  return errors;
}

/** The last type check, by the files checked and when each last changed. */
let lastCheck: { key: string; errors: TypeErrorAt[] } | null = null;

/** The type errors of the user's files imported so far (none if none were, or no compiler). */
export function importedTypeErrors(): TypeErrorAt[] {
  if (imported.size === 0) return [];
  const roots = [...imported].sort();
  // A failing run may ask twice (a note, then a hint); files it imports are keyed by the roots.
  const key = roots
    .map((file) => `${file}@${existsSync(file) ? statSync(file).mtimeMs : 0}`)
    .join("|");
  if (lastCheck?.key !== key) lastCheck = { key, errors: typeErrors(roots) ?? [] };
  return lastCheck.errors;
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
 * has none. Slow (a type check), so only on failure.
 */
export function typeNote(): string | null {
  const errors = importedTypeErrors();
  if (errors.length === 0) return null;
  const files = [...new Set(errors.map((e) => shownPath(e.file)))];
  return `  note: ${files.join(", ")} ${files.length === 1 ? "has" : "have"} type errors, which may be the cause:\n${listTypeErrors(errors, "    ")}`;
}

/** `--typecheck` found type errors in the user's code: not run. */
export class TypeCheckError extends Error {
  constructor(readonly errors: readonly TypeErrorAt[]) {
    super(`type error: ${errors[0]!.message}`);
    this.name = "TypeCheckError";
  }
}

/** For `--typecheck`: throws a {@link TypeCheckError} if the user's imported files have any. */
export function requireWellTyped(): void {
  const errors = importedTypeErrors();
  if (errors.length > 0) throw new TypeCheckError(errors);
}
