/**
 * The compiled copy makes the grammar from the recipe `npm run build` writes (lang/parse.ts):
 * it must accept and reject exactly what the grammar compiled from spec/synod.ohm does, with the
 * same messages.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as ohm from "ohm-js";
import { describe, expect, it } from "vitest";
import { grammar } from "../../src/lang/parse.ts";

const fromRecipe = (ohm as unknown as { makeRecipe(recipe: unknown): ohm.Grammar }).makeRecipe(
  JSON.parse((grammar as ohm.Grammar & { toRecipe(): string }).toRecipe()),
);

const models = (readdirSync("models", { recursive: true }) as string[])
  .filter((file) => file.endsWith(".synod"))
  .map((file) => join("models", file));

describe("the grammar's recipe", () => {
  it("accepts every model, and fails where the grammar fails, with the same message", () => {
    const outcome = (g: ohm.Grammar, text: string): string => {
      const match = g.match(text);
      return match.failed() ? match.message! : "ok";
    };
    const texts = models.map((file) => readFileSync(file, "utf8"));
    // Each model cut short, and with a stray character in its middle.
    const broken = texts.flatMap((text) => [
      text.slice(0, Math.floor(text.length / 3)),
      text.slice(0, text.length >> 1) + "@" + text.slice(text.length >> 1),
    ]);
    expect(models.length).toBeGreaterThan(30);
    expect(texts.map((text) => outcome(fromRecipe, text))).toEqual(texts.map(() => "ok"));
    expect(broken.map((text) => outcome(fromRecipe, text))).toEqual(
      broken.map((text) => outcome(grammar, text)),
    );
  });
});
