/**
 * What every part of the validator shares: a line the grammar did not recognise (a known field
 * written the wrong way, or an unknown one, with a did-you-mean), names as written, the largest
 * count a model may give.
 */
import type { NameRef, Span } from "../core/model.ts";
import { didYouMean } from "./suggest.ts";
import type { Name, Unrecognised } from "./syntax.ts";

/** At most this many nodes of a role (and slots): more is beyond what a search can cover. */
export const LARGEST_COUNT = 1000;

/** Reports a mistake at a place in the model, with a hint; never returns. */
export type Fail = (message: string, span: Span | null, hint: string | null) => never;

/** A name as the model wrote it: a built-in name, or a quoted path. */
export function nameRef(name: Name): NameRef {
  return { name: name.text, isFile: name.quoted, span: name.span };
}

/** A line the grammar did not recognise: a known field with the wrong shape, or an unknown one. */
export function unrecognised(
  entry: Unrecognised,
  usage: Readonly<Record<string, string>>,
  kind: string,
  fail: Fail,
): never {
  const key = entry.key.text;
  // Own keys only: `constructor` is no field, whatever Object.prototype says.
  const form = Object.hasOwn(usage, key) ? usage[key] : undefined;
  if (form !== undefined) {
    return fail(`\`${key}\` is not written that way`, entry.rest, `write it as ${form}.`);
  }
  return fail(
    `unknown ${kind} \`${key}\``,
    entry.key.span,
    didYouMean(key, Object.keys(usage), `${kind}s`),
  );
}
