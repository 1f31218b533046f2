/** The formatted error a model's source gets when it is read and resolved, for exact-text tests. */
import { modelFromSource, resolveModel } from "../src/app/load.ts";
import { formatModelError, ModelError } from "../src/lang/errors.ts";

export async function modelErrorFor(source: string, file: string): Promise<string> {
  try {
    await resolveModel(modelFromSource(source, file));
  } catch (error) {
    if (error instanceof ModelError) return formatModelError(error);
    throw error;
  }
  throw new Error("expected a model error");
}
