/**
 * Loads a model file: read, parse, find the protocol it names (a built-in one, or a TypeScript
 * file of the user's, imported here), validate the fields against the protocol's settings, then
 * resolve the names that depend on the protocol (lang/resolve.ts).
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { importUserFile } from "../runtime/compiled.ts";
import {
  forgetUserFiles,
  importedTypeErrors,
  noteUserFile,
  requireWellTyped,
  showTypeError,
} from "./typecheck.ts";
import type { Model, NameRef } from "../core/model.ts";
import type { Protocol, Variant } from "../core/protocol.ts";
import type { ModelSettings } from "../core/settings.ts";
import { ModelError } from "../lang/errors.ts";
import { normalizedSource, parse } from "../lang/parse.ts";
import { resolveModel as resolveNames, type LoadedModel } from "../lang/resolve.ts";
import { didYouMean } from "../lang/suggest.ts";
import type { SyntaxTree } from "../lang/syntax.ts";
import { validate } from "../lang/validate.ts";
import { actorSettings } from "../protocols/paxos/settings.ts";
import { builtinProtocols, findProtocol } from "../protocols/registry.ts";

export type { LoadedModel } from "../lang/resolve.ts";

/** How to load a model. */
export interface LoadOptions {
  /**
   * Type-check the model's TypeScript files before running them (app/typecheck.ts); true unless
   * the user says `--no-typecheck`, or the model was checked already in this run.
   */
  readonly typecheck?: boolean;
}

/** Reads, parses and validates a model file and resolves what it names; throws a ModelError. */
export async function loadModel(file: string, options: LoadOptions = {}): Promise<LoadedModel> {
  const typecheck = options.typecheck ?? true;
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : String(error);
    throw new ModelError(
      `cannot read the model file: ${reason}`,
      null,
      "check the path.",
      file,
      "",
    );
  }
  const source = normalizedSource(text);
  const tree = parse(source, file);
  const ref = protocolRef(tree);
  forgetUserFiles();
  const protocol = ref === null ? null : await findOrImport(file, source, ref, typecheck);
  const model = validate(tree, file, source, protocol === null ? null : settingsOf(protocol));
  return resolveNames(model, protocol!, variantImporter(model, typecheck));
}

/**
 * Parses and validates a model's text without importing anything: a built-in protocol's
 * settings apply, and a protocol file is read with the settings of actor-style protocols
 * (`loadModel` imports it and applies its own).
 */
export function modelFromSource(text: string, file: string): Model {
  const source = normalizedSource(text);
  const tree = parse(source, file);
  const ref = protocolRef(tree);
  const protocol = ref === null || ref.isFile ? null : findBuiltin(file, source, ref);
  return validate(
    tree,
    file,
    source,
    ref === null ? null : protocol === null ? actorSettings : settingsOf(protocol),
  );
}

/**
 * Type-checks the TypeScript files a model file names (its protocol and variant, with the
 * user's files they import) before anything else: a command calls it before its time limit
 * starts, since the check is synod's own work, and then loads with `typecheck: false`. A model
 * that cannot be read or parsed is left for {@link loadModel} to report.
 */
export async function typecheckModelFile(file: string): Promise<void> {
  let tree: SyntaxTree;
  try {
    tree = parse(normalizedSource(await readFile(file, "utf8")), file);
  } catch {
    return;
  }
  // Protocol and variant in one check: they share synod's types, which most of its time reads.
  const files = tree.entries.flatMap((entry) =>
    (entry.kind === "protocol" || entry.kind === "variant") && entry.name.quoted
      ? [resolve(dirname(file), entry.name.text)]
      : [],
  );
  requireWellTyped(files.filter((path) => existsSync(path)));
}

/** Resolves a validated model's names again (a search worker, given the model as data). */
export async function resolveModel(model: Model): Promise<LoadedModel> {
  // Checked when the model was first loaded: the search workers only import.
  const protocol = await findOrImport(model.file, model.source, model.protocol, false);
  return resolveNames(model, protocol, variantImporter(model, false));
}

/** A protocol's model settings: its own declaration, or those of actor-style protocols. */
export function settingsOf(protocol: Protocol): ModelSettings {
  return protocol.settings ?? actorSettings;
}

/** The protocol a model names, if it names one. */
function protocolRef(tree: SyntaxTree): NameRef | null {
  for (const entry of tree.entries) {
    if (entry.kind === "protocol") {
      return { name: entry.name.text, isFile: entry.name.quoted, span: entry.name.span };
    }
  }
  return null;
}

async function findOrImport(
  file: string,
  source: string,
  ref: NameRef,
  typecheck: boolean,
): Promise<Protocol> {
  return ref.isFile
    ? ((await importDefinition(file, source, ref, "protocol", typecheck)) as Protocol)
    : findBuiltin(file, source, ref);
}

function findBuiltin(file: string, source: string, ref: NameRef): Protocol {
  const found = findProtocol(ref.name);
  if (found === undefined) {
    throw new ModelError(
      `unknown protocol \`${ref.name}\``,
      ref.span,
      didYouMean(
        ref.name,
        builtinProtocols.map((p) => p.name),
        "protocols",
      ),
      file,
      source,
    );
  }
  return found;
}

function variantImporter(model: Model, typecheck: boolean): (ref: NameRef) => Promise<Variant> {
  return async (ref) =>
    (await importDefinition(model.file, model.source, ref, "variant", typecheck)) as Variant;
}

/**
 * Imports a protocol or variant from a TypeScript file named in the model, relative to the
 * model file. Its default export must be what `defineProtocol` or `definePaxosVariant` returns.
 */
async function importDefinition(
  file: string,
  source: string,
  ref: NameRef,
  kind: "protocol" | "variant",
  typecheck: boolean,
): Promise<Protocol | Variant> {
  const path = resolve(dirname(file), ref.name);
  const fail = (message: string, hint: string): never => {
    throw new ModelError(message, ref.span, hint, file, source);
  };
  // Before it runs: a type error would run as it is (tsx strips types) and could change the verdict.
  if (typecheck && existsSync(path)) requireWellTyped([path]);
  let module: { default?: unknown };
  try {
    noteUserFile(path);
    module = await importUserFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Not found: the file itself, not a module it imports.
    const missing = /^Cannot find (?:module|package) '([^']+)'/.exec(
      String((error as Error).message),
    )?.[1];
    if (
      (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") &&
      (missing === path || missing === pathToFileURL(path).href)
    ) {
      return fail(
        `cannot find the ${kind} file \`${ref.name}\``,
        `the path is relative to the model file: ${path}`,
      );
    }
    const lines = String((error as Error).message ?? error).split("\n");
    // A syntax error (esbuild, through tsx): "Transform failed with 1 error:", then where and what.
    const syntax = /^Transform failed/.test(lines[0]!)
      ? lines.find((line) => /:\d+:\d+: ERROR: /.test(line))
      : undefined;
    if (syntax !== undefined) {
      return fail(
        `the ${kind} file \`${ref.name}\` does not compile: ${syntax.replace(" ERROR: ", " ")}`,
        "fix the file at that line, then run again.",
      );
    }
    // CommonJS names the file that required a missing module on a later line.
    const from = lines[0]!.startsWith("Cannot find module")
      ? lines.find((line) => line.startsWith("- "))?.slice(2)
      : undefined;
    // It loaded far enough to throw: its type errors, if any, are the likely cause.
    const typed = importedTypeErrors();
    return fail(
      `the ${kind} file \`${ref.name}\` failed to load: ${lines[0]}${from === undefined ? "" : ` required from ${from}`}`,
      typed.length === 0
        ? "fix the file, then run again."
        : `its first type error may be the cause: ${showTypeError(typed[0]!)}${typed.length === 1 ? "" : ` (and ${typed.length - 1} more)`}.`,
    );
  }
  const definition = module.default as { kind?: unknown } | undefined;
  if (definition === undefined || definition === null || definition.kind !== kind) {
    const make = kind === "variant" ? "definePaxosVariant({...})" : "defineProtocol({...})";
    return fail(
      `\`${ref.name}\` does not export a ${kind}`,
      `its default export must be a ${kind} made with \`${make}\` (see docs/authoring.md).`,
    );
  }
  return definition as Protocol | Variant;
}
