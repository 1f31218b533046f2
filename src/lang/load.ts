/**
 * Loads a model file: read, parse, validate, then resolve the names that depend on the protocol
 * (resolve.ts).
 */
import { readFile } from "node:fs/promises";
import { findProtocol } from "../protocols/registry.ts";
import { ModelError } from "./errors.ts";
import type { Model, NameRef } from "../core/model.ts";
import { normalizedSource, parse } from "./parse.ts";
import { resolveModel, type LoadedModel } from "./resolve.ts";
import { validate } from "./validate.ts";

export { resolveModel, type LoadedModel } from "./resolve.ts";

/** Reads, parses and validates a model file and resolves what it names; throws a ModelError. */
export async function loadModel(file: string): Promise<LoadedModel> {
  let source: string;
  try {
    source = await readFile(file, "utf8");
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
  return resolveModel(modelFromSource(source, file));
}

/** Parses and validates a model's text (the names it uses are resolved by `resolveModel`). */
export function modelFromSource(text: string, file: string): Model {
  const source = normalizedSource(text);
  const shapeOf = (ref: NameRef) =>
    ref.isFile ? "actors" : (findProtocol(ref.name)?.shape ?? "actors");
  return validate(parse(source, file), file, source, shapeOf);
}
