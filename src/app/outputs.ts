/**
 * Files synod writes, checked before any work starts: synod never replaces a file it did not
 * make, never writes over a model, and says at once (exit 2) when a path cannot be written,
 * rather than after an hour of search.
 */
import { livenessName } from "../core/protocol.ts";
import { renderMscSvg } from "../trace/svg.ts";
import {
  accessSync,
  constants,
  existsSync,
  readFileSync,
  statSync,
  readdirSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, resolve } from "node:path";
import { toItf } from "../trace/itf.ts";
import type { CounterexampleStep } from "../trace/counterexample.ts";
import type { LoadedModel } from "./load.ts";

/** A command-line mistake about a file: printed as `synod: <message>` and a hint, exit 2. */
export class OutputError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = "OutputError";
  }
}

/** The folder a new file would go into must exist and be writable. */
function writableFolder(path: string, option: string): void {
  const folder = dirname(resolve(path));
  let isFolder = false;
  try {
    isFolder = statSync(folder).isDirectory();
  } catch {
    // Missing: said below.
  }
  if (!isFolder) {
    throw new OutputError(
      `${option} ${path}: the folder ${dirname(path)} does not exist`,
      "create it first, or give a path in a folder that exists.",
    );
  }
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    throw new OutputError(
      `${option} ${path}: the folder ${dirname(path)} cannot be written`,
      "give a path in a folder you can write to.",
    );
  }
}

/** A path that names a model file is never written, with or without `--force`. */
function refuseModelFile(path: string, option: string): void {
  if (path.endsWith(".synod")) {
    throw new OutputError(
      `${option} ${path}: synod never writes over a model file`,
      "give the output a name of its own, e.g. counterexample.itf.json.",
    );
  }
}

/**
 * Checks a file that a run will write (`--out-itf`): a model file is never written over, an
 * existing file only with `--force`, and its folder must be writable.
 */
export function checkNewFile(path: string, option: string, force: boolean): void {
  refuseModelFile(path, option);
  if (existsSync(path)) {
    if (statSync(path).isDirectory()) {
      throw new OutputError(`${option} ${path}: that is a folder`, "give a file name.");
    }
    if (!force) {
      throw new OutputError(
        `${option} ${path}: the file exists, and synod does not replace a file unless told to`,
        "give a new name, or add --force to replace it.",
      );
    }
    try {
      accessSync(path, constants.W_OK);
    } catch {
      throw new OutputError(`${option} ${path}: the file cannot be written`, "check its mode.");
    }
    return;
  }
  writableFolder(path, option);
}

/**
 * Checks a file that synod regenerates (`bench --out`): a new file, or one whose text starts
 * with `signature` (synod wrote it); another file only with `--force`.
 */
export function checkRegeneratedFile(
  path: string,
  option: string,
  signature: string,
  force: boolean,
): void {
  refuseModelFile(path, option);
  if (!existsSync(path)) return writableFolder(path, option);
  if (statSync(path).isDirectory()) {
    throw new OutputError(`${option} ${path}: that is a folder`, "give a file name.");
  }
  if (!force && !readFileSync(path, "utf8").startsWith(signature)) {
    throw new OutputError(
      `${option} ${path}: the file exists and synod did not write it`,
      "give a new name, or add --force to replace it.",
    );
  }
  try {
    accessSync(path, constants.W_OK);
  } catch {
    throw new OutputError(`${option} ${path}: the file cannot be written`, "check its mode.");
  }
}

/** The file in a folder of generated docs that lists what synod wrote there. */
export const DOCS_MANIFEST = ".synod-docs";

/**
 * Checks a folder of generated docs (`docs --out DIR`) and returns the files synod wrote there
 * before (from its manifest), which it may replace or remove. The folder must be new, empty, or
 * made by synod; a file synod did not write is never replaced.
 */
export function checkDocsFolder(folder: string, willWrite: readonly string[] = []): string[] {
  if (!existsSync(folder)) {
    // It will be made, with any missing folders above it, in the nearest one that exists.
    let above = resolve(folder);
    while (!existsSync(above)) above = dirname(above);
    if (!statSync(above).isDirectory()) {
      throw new OutputError(`--out ${folder}: ${above} is a file`, "give a folder path.");
    }
    try {
      accessSync(above, constants.W_OK);
    } catch {
      throw new OutputError(
        `--out ${folder}: the folder cannot be made in ${above}`,
        "give a path you can write to.",
      );
    }
    return [];
  }
  if (!statSync(folder).isDirectory()) {
    throw new OutputError(
      `--out ${folder}: that is a file, not a folder`,
      "give a folder for the generated pages.",
    );
  }
  const present = readdirSync(folder);
  const manifest = join(folder, DOCS_MANIFEST);
  let ours: string[] = [];
  if (existsSync(manifest)) {
    ours = readFileSync(manifest, "utf8")
      .split("\n")
      .filter((line) => line !== "" && !line.startsWith("#"));
  } else if (present.length > 0) {
    throw new OutputError(
      `--out ${folder}: the folder holds files synod did not write (${present.slice(0, 3).join(", ")}${present.length > 3 ? ", …" : ""})`,
      "give a new or empty folder; synod writes generated docs only where it made them.",
    );
  }
  const foreign = willWrite.filter((name) => present.includes(name) && !ours.includes(name));
  if (foreign.length > 0) {
    throw new OutputError(
      `--out ${folder}: synod would replace ${foreign.join(", ")}, which it did not write`,
      "move those files, or give another folder.",
    );
  }
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    throw new OutputError(`--out ${folder}: the folder cannot be written`, "check its mode.");
  }
  return ours.filter((name) => present.includes(name));
}

/**
 * Writes a counterexample as an ITF trace (`--out-itf`): the run, the property it breaks and
 * why; `lasso` for a liveness property's.
 */
export function writeItf(
  file: string,
  loaded: LoadedModel,
  counterexample: readonly CounterexampleStep[],
  violated: string,
  explanation: string | null,
  lasso: { loop: number; stutters: boolean } | null = null,
): void {
  const property = [...loaded.invariants, ...loaded.steps, ...loaded.liveness].find(
    (p) => p.id === violated || livenessName(p) === violated,
  );
  const itf = toItf(
    counterexample,
    loaded.model.file,
    violated,
    explanation ?? "",
    property?.statement,
    lasso,
  );
  try {
    writeFileSync(file, JSON.stringify(itf, null, 2) + "\n");
  } catch (error) {
    throw new OutputError(
      `--out-itf ${file}: the trace could not be written: ${(error as Error).message}`,
      "check the disk and the path; the verdict above stands.",
    );
  }
}

/** Writes a counterexample's message sequence chart as an SVG (`--out-svg`), titled `title`. */
export function writeSvg(
  file: string,
  counterexample: readonly CounterexampleStep[],
  title: string,
): void {
  try {
    writeFileSync(file, renderMscSvg(counterexample, title));
  } catch (error) {
    throw new OutputError(
      `--out-svg ${file}: the chart could not be written: ${(error as Error).message}`,
      "check the disk and the path; the verdict above stands.",
    );
  }
}
