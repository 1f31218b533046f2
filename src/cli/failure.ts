/**
 * How a command that failed ends. A user's mistake (a model, an option, a file to write or read,
 * the user's own code throwing) is printed with a hint and exit code 2, never a stack trace;
 * anything else is synod's own fault: one line, exit code 4, and the stack only with `--debug`.
 */
import { sep } from "node:path";
import { fileURLToPath } from "node:url";
import { formatModelError, lineAndColumn, ModelError } from "../lang/errors.ts";
import { TraceFileError } from "../trace/itf.ts";
import { projectPath } from "../runtime/compiled.ts";
import { UsageError } from "./args.ts";
import { OutputError } from "../app/outputs.ts";
import { CheckpointError } from "../check/checkpoint.ts";
import { UserCodeError } from "../core/contracts.ts";
import { listTypeErrors, TypeCheckError, typeNote } from "../app/typecheck.ts";

export const EXIT = {
  ok: 0,
  violation: 1,
  usage: 2,
  incomplete: 3,
  internal: 4,
  unexpected: 5,
} as const;

/** A trace file that cannot be used, with the file's name. */
export class TraceFileProblem extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
  }
}

/** What went wrong, for people (`text`) and for `--json` (the other fields). */
export interface Failure {
  readonly exitCode: number;
  /** As printed on stderr. */
  readonly text: string;
  readonly message: string;
  readonly hint: string | null;
  /** Where, when the mistake is in a file (a model, the user's code, a trace). */
  readonly file: string | null;
  readonly line: number | null;
  readonly column: number | null;
}

/** What an error means for the user: a mistake of theirs (exit 2) or synod's own (exit 4). */
export function describeFailure(error: unknown, debug: boolean): Failure {
  const user = (
    text: string,
    message: string,
    hint: string | null,
    file: string | null = null,
    line: number | null = null,
    column: number | null = null,
  ): Failure => ({ exitCode: EXIT.usage, text, message, hint, file, line, column });
  if (error instanceof ModelError) {
    const at = error.span === null ? null : lineAndColumn(error.source, error.span.start);
    return user(
      formatModelError(error),
      error.message,
      error.hint,
      error.file,
      at?.line ?? null,
      at?.column ?? null,
    );
  }
  if (
    error instanceof UsageError ||
    error instanceof OutputError ||
    error instanceof CheckpointError
  ) {
    return user(`synod: ${error.message}\n  hint: ${error.hint}`, error.message, error.hint);
  }
  if (error instanceof TypeCheckError) {
    const first = error.errors[0]!;
    const hint = "fix the file at that line (or run with --no-typecheck to run the code as it is).";
    return user(
      `synod: error: ${error.errors.length === 1 ? "a type error" : `${error.errors.length} type errors`} in the model's TypeScript code:\n${listTypeErrors(error.errors, "  ")}\n  hint: ${hint}`,
      error.message,
      hint,
      first.file,
      first.line,
      first.column,
    );
  }
  if (error instanceof UserCodeError) {
    return user(
      `synod: error: ${error.message}\n  hint: ${error.hint}${withTypeNote()}`,
      error.message,
      error.hint,
    );
  }
  if (error instanceof TraceFileProblem) {
    return user(`${error.file}: error: ${error.problem}`, error.problem, null, error.file);
  }
  if (error instanceof TraceFileError) {
    return user(`synod: error: ${error.message}`, error.message, null);
  }
  const inUserCode = userCodeFrame(error);
  if (inUserCode !== null) {
    const message = `the model's TypeScript code threw: ${(error as Error).message}`;
    const hint =
      "fix the protocol or variant file; synod runs its handlers on every state it explores.";
    const [, file, line, column] = /^(.*):(\d+):(\d+)$/.exec(inUserCode)!;
    return user(
      `${inUserCode}: error: ${message}\n  hint: ${hint}${withTypeNote()}`,
      message,
      hint,
      file!,
      Number(line),
      Number(column),
    );
  }
  const message = (error instanceof Error ? error.message : String(error)).split("\n")[0]!;
  const hint =
    "this is synod's fault, not yours; run again with --debug for the stack, and report it.";
  return {
    exitCode: EXIT.internal,
    text: debug
      ? `synod: internal error: ${(error as Error).stack ?? message}`
      : `synod: internal error: ${message}\n  hint: ${hint}`,
    message: `internal error: ${message}`,
    hint,
    file: null,
    line: null,
    column: null,
  };
}

/** The user's code failed: its type errors, on lines of their own, if it has any. */
function withTypeNote(): string {
  const note = typeNote();
  return note === null ? "" : `\n${note}`;
}

/** Prints what went wrong and returns the exit code. */
export function reportFailure(
  error: unknown,
  complain: (text: string) => void,
  debug: boolean,
): number {
  const failure = describeFailure(error, debug);
  complain(failure.text);
  return failure.exitCode;
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
