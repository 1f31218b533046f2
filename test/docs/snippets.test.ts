/** Every complete model shown in the docs (a fenced block tagged `synod`) is a valid model. */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { modelFromSource, resolveModel } from "../../src/app/load.ts";

function markdown(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return markdown(path);
    return name.endsWith(".md") ? [path] : [];
  });
}

it("every synod snippet in the docs parses and validates", async () => {
  const files = ["README.md", ...markdown("docs"), ...markdown("spec")];
  let count = 0;
  for (const file of files) {
    for (const [, snippet] of readFileSync(file, "utf8").matchAll(/```synod\n([\s\S]*?)```/g)) {
      // Read as if it sat among the examples, so a relative variant path resolves.
      const as = "models/examples/snippet.synod";
      const model = modelFromSource(snippet!, as);
      if (model.variant?.isFile === true && model.variant.name === "./my-variant.ts") continue;
      await expect(resolveModel(model), `${file}`).resolves.toBeDefined();
      count++;
    }
  }
  expect(count).toBeGreaterThanOrEqual(3);
});
