/**
 * How a command that failed ends. A user's mistake (a model, an option, a file to write or read,
 * the user's own code throwing) is printed with a hint and exit code 2, never a stack trace;
 * anything else is synod's own fault: one line, exit code 4, and the stack only with `--debug`.
 */
import { sep } from "node:path";
import { fileURLToPath } from "node:url";
import { formatModelError, ModelError } from "../lang/errors.ts";
import { TraceFileError } from "../trace/itf.ts";
import { projectPath } from "../compiled.ts";
import { UsageError } from "./args.ts";
import { OutputError } from "./outputs.ts";
import { CheckpointError } from "../check/checkpoint.ts";

export const EXIT = { ok: 0, violation: 1, usage: 2, incomplete: 3, internal: 4 } as const;

/** A trace file that cannot be used, with the file's name. */
export class TraceFileProblem extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
  }
}

/** Prints what went wrong and returns the exit code. */
export function reportFailure(
  error: unknown,
  complain: (text: string) => void,
  debug: boolean,
): number {
  if (error instanceof ModelError) {
    complain(formatModelError(error));
    return EXIT.usage;
  }
  if (
    error instanceof UsageError ||
    error instanceof OutputError ||
    error instanceof CheckpointError
  ) {
    complain(`synod: ${error.message}\n  hint: ${error.hint}`);
    return EXIT.usage;
  }
  if (error instanceof TraceFileProblem) {
    complain(`${error.file}: error: ${error.problem}`);
    return EXIT.usage;
  }
  if (error instanceof TraceFileError) {
    complain(`synod: error: ${error.message}`);
    return EXIT.usage;
  }
  const inUserCode = userCodeFrame(error);
  if (inUserCode !== null) {
    complain(
      `${inUserCode}: error: the model's TypeScript code threw: ${(error as Error).message}\n  hint: fix the protocol or variant file; synod runs its handlers on every state it explores.`,
    );
    return EXIT.usage;
  }
  const message = error instanceof Error ? error.message : String(error);
  complain(
    debug
      ? `synod: internal error: ${(error as Error).stack ?? message}`
      : `synod: internal error: ${message.split("\n")[0]}\n  hint: this is synod's fault, not yours; run again with --debug for the stack, and report it.`,
  );
  return EXIT.internal;
}

/**
 * Where in the user's own code an error was thrown (`file:line:column`, the innermost frame in a
 * file that is neither synod's nor a package's), or null if it came from synod itself.
 */
export function userCodeFrame(error: unknown): string | null {
  const stack = (error as Error | undefined)?.stack ?? "";
  const synod = [projectPath("src") + sep, projectPath("dist") + sep, projectPath("bin") + sep];
  for (const match of stack.matchAll(
    /(file:\/\/[^\s()]+|\/[^\s():]+)\.([cm]?[tj]sx?):(\d+):(\d+)/g,
  )) {
    const written = `${match[1]}.${match[2]}`;
    const path = written.startsWith("file://") ? fileURLToPath(written) : written;
    if (synod.some((root) => path.startsWith(root))) continue;
    if (path.includes(`${sep}node_modules${sep}`) || path.startsWith("node:")) continue;
    const relative = path.startsWith(process.cwd() + sep)
      ? path.slice(process.cwd().length + 1)
      : path;
    return `${relative}:${match[3]}:${match[4]}`;
  }
  return null;
}
