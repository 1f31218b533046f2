/**
 * Errors a user can cause, located in their source text.
 *
 * A {@link ModelError} carries the file, the span of the offending text and a hint. The CLI
 * prints it with {@link formatModelError} (file:line:column, the source line, a caret under the
 * fault) and exits with code 2; it never shows a stack trace.
 */

import type { Span } from "../core/model.ts";

export type { Span } from "../core/model.ts";

/** A mistake in a model file (or in a file it names), reported at a place in that file. */
export class ModelError extends Error {
  constructor(
    message: string,
    /** Where the mistake is; null when it is not in the text (e.g. an unreadable file). */
    readonly span: Span | null,
    /** What to do about it, in one or two sentences. */
    readonly hint: string | null,
    /** The file the span points into. */
    readonly file: string,
    /** That file's text (to print the offending line). */
    readonly source: string,
  ) {
    super(message);
    this.name = "ModelError";
  }
}

/** 1-based line and column of an offset. */
export function lineAndColumn(source: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < source.length; i++) {
    if (source.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Renders an error the way compilers do:
 *
 * ```
 * models/bad.synod:4:12: error: unknown protocol `paxo`
 *    4 |   protocol paxo
 *      |            ^^^^
 *   hint: did you mean `paxos`?
 * ```
 */
export function formatModelError(error: ModelError): string {
  const lines: string[] = [];
  const message = shortened(printable(error.message));
  if (error.span === null) {
    lines.push(`${error.file}: error: ${message}`);
  } else {
    const { line, column } = lineAndColumn(error.source, error.span.start);
    lines.push(`${error.file}:${line}:${column}: error: ${message}`);
    const lineStart = error.source.lastIndexOf("\n", error.span.start - 1) + 1;
    let lineEnd = error.source.indexOf("\n", lineStart);
    if (lineEnd < 0) lineEnd = error.source.length;
    const whole = printable(error.source.slice(lineStart, lineEnd).replace(/\r$/, ""));
    // A long line is shown in a window around the fault, so the message stays short.
    const from = Math.max(0, column - 1 - WINDOW / 2);
    const text =
      (from > 0 ? "…" : "") +
      whole.slice(from, from + WINDOW) +
      (whole.length > from + WINDOW ? "…" : "");
    const indent = column - 1 - from + (from > 0 ? 1 : 0);
    const gutter = String(line).length + 3;
    const width = Math.max(
      1,
      Math.min(error.span.end, lineEnd, lineStart + from + WINDOW) - error.span.start,
    );
    lines.push(`${String(line).padStart(gutter - 2)} | ${text}`);
    lines.push(`${" ".repeat(gutter - 1)}| ${" ".repeat(indent)}${"^".repeat(width)}`);
  }
  if (error.hint !== null) lines.push(`  hint: ${shortened(printable(error.hint))}`);
  return lines.join("\n");
}

/** The widest part of a source line an error shows. */
const WINDOW = 100;

/**
 * Text from a model file as it may be printed: control characters (a terminal's escape
 * sequences among them) and tabs shown as spaces or `\u{…}`, never sent to the terminal raw.
 */
export function printable(text: string): string {
  return text
    .replace(/\t/g, " ")
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u{${c.charCodeAt(0).toString(16)}}`);
}

/** A message part cut to at most 600 characters. */
function shortened(text: string): string {
  return text.length > 600 ? `${text.slice(0, 597)}…` : text;
}
