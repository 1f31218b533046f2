/** Every complete model shown in the docs (a fenced block tagged `synod`) is a valid model. */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { modelFromSource, resolveModel } from "../../src/app/load.ts";
import { normalizedSource, parse } from "../../src/lang/parse.ts";
import { validate } from "../../src/lang/validate.ts";
import twoPhaseCommit from "../../examples/two-phase-commit/two-phase-commit.ts";

/** Protocols of examples/ that snippets name, by file name. */
const EXAMPLE_PROTOCOLS = { "./two-phase-commit.ts": twoPhaseCommit } as const;

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
      const example = /protocol\s+"([^"]+)"/.exec(snippet!)?.[1];
      if (example !== undefined && example in EXAMPLE_PROTOCOLS) {
        // A protocol of its own: validated against its own settings.
        const protocol = EXAMPLE_PROTOCOLS[example as keyof typeof EXAMPLE_PROTOCOLS];
        const source = normalizedSource(snippet!);
        const model = validate(parse(source, file), file, source, protocol.settings!);
        expect(model.own, file).toEqual({ "resource-managers": 2 });
        count++;
        continue;
      }
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
