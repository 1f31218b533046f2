/** `synod docs MODELS... --out DIR`: check the models and write the invariant reference. */
import { parseCommand, UsageError } from "./args.ts";
import { EXIT, reportFailure } from "./failure.ts";
import type { Output } from "./main.ts";

export async function docs(args: readonly string[], out: Output, err: Output): Promise<number> {
  try {
    const { values, positionals } = parseCommand("docs", args, {
      out: { type: "string", value: "DIR" },
    });
    if (positionals.length === 0 || values.out === undefined) {
      throw new UsageError(
        "`docs` takes model files and `--out DIR`",
        "e.g. `synod docs models/*.synod --out docs/invariants`.",
      );
    }
    const { generateInvariantDocs } = await import("../docs/invariants.ts");
    const written = await generateInvariantDocs(positionals, values.out);
    out.write(`wrote ${written.length} pages to ${values.out}\n`);
    return EXIT.ok;
  } catch (error) {
    return reportFailure(error, (text) => err.write(text + "\n"), args.includes("--debug"));
  }
}
