/** `synod init [DIR]`: a new project in DIR (default: here), with a model and a variant to edit. */
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { parseCommand, UsageError } from "./args.ts";
import { EXIT, reportFailure } from "./failure.ts";
import type { Output } from "./main.ts";
import { projectPath } from "../runtime/compiled.ts";
import { writeScaffold } from "../app/scaffold.ts";

export function init(args: readonly string[], out: Output, err: Output): number {
  try {
    const { positionals } = parseCommand("init", args, {});
    if (positionals.length > 1) {
      throw new UsageError("`init` takes at most one folder", "e.g. `synod init my-paxos`.");
    }
    const folder = positionals[0] ?? ".";
    const { version } = JSON.parse(readFileSync(projectPath("package.json"), "utf8")) as {
      version: string;
    };
    const written = writeScaffold(folder, projectPath(), version);
    const into = relative(process.cwd(), folder) === "" ? "" : folder;
    out.write(
      [
        `wrote ${written.join(", ")}${into === "" ? "" : ` in ${into}`}`,
        "next:",
        ...(into === "" ? [] : [`  cd ${into}`]),
        "  npm install",
        "  npx synod check paxos.synod",
        "then change a rule in my-variant.ts (README.md shows one that breaks agreement).",
        "",
      ].join("\n"),
    );
    return EXIT.ok;
  } catch (error) {
    return reportFailure(error, (text) => err.write(text + "\n"), args.includes("--debug"));
  }
}
