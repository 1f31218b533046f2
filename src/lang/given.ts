/**
 * The model's fields as its protocol's settings see them (core/settings.ts): which of the fields
 * given the protocol takes, and the lines that protocols check together, in core's terms.
 */
import type { Span } from "../core/model.ts";
import type {
  BallotsGiven,
  Located,
  ModelField,
  ModelSettings,
  QuorumsGiven,
} from "../core/settings.ts";
import type { Fail } from "./fields.ts";
import type { Entry, Int } from "./syntax.ts";

/** The fields a protocol's settings may take or refuse, in the order their errors are checked. */
const PROTOCOL_FIELDS: readonly ModelField[] = [
  "acceptors",
  "proposers",
  "learners",
  "replicas",
  "clients",
  "slots",
  "values",
  "commands",
  "operations",
  "ballots",
  "network",
  "faults",
  "retry",
  "quorums",
  "symmetry",
];

/**
 * Fails unless the model gives every field the protocol requires, none it refuses, and only
 * symmetries it allows.
 */
export function fieldsTaken(
  settings: ModelSettings,
  protocolName: string,
  seen: ReadonlyMap<string, Entry>,
  symmetryEntry: (Entry & { kind: "symmetry" }) | null,
  header: Span,
  fail: Fail,
): void {
  for (const [name, rule] of Object.entries(settings.fields)) {
    if (rule.required === true && !seen.has(name)) {
      fail(
        `the model does not say \`${name}\``,
        header,
        `add a line such as \`${rule.example}\` inside the model's braces.`,
      );
    }
  }
  for (const field of PROTOCOL_FIELDS) {
    const entry = seen.get(field);
    if (entry === undefined || Object.hasOwn(settings.fields, field)) continue;
    fail(
      `protocol \`${protocolName}\` has no ${field}`,
      entry.key.span,
      settings.refused?.[field] ??
        `it takes ${Object.keys(settings.fields).join(", ")}; remove the line.`,
    );
  }
  if (symmetryEntry !== null) {
    const wrong = symmetryEntry.names.find((n) => !settings.symmetries.names.includes(n.text));
    if (wrong !== undefined) {
      fail(
        `\`symmetry ${wrong.text}\` does not apply to protocol \`${protocolName}\``,
        wrong.span,
        settings.symmetries.hint,
      );
    }
  }
}

/** A `ballots` line as the settings see it. */
export function ballotsOf(
  counts: (Entry & { kind: "ballots" }) | null,
  range: (Entry & { kind: "ballot-range" }) | null,
): BallotsGiven | null {
  if (range !== null) {
    return {
      kind: "range",
      high: { value: range.high.value, span: range.high.span },
      span: range.span,
    };
  }
  if (counts === null) return null;
  return {
    kind: "counts",
    counts: counts.counts.map((c) => c.value),
    perProposer: counts.perProposer,
    span: counts.span,
  };
}

/** A `quorums` line as the settings see it. */
export function quorumsOf(entry: (Entry & { kind: "quorums" }) | null): QuorumsGiven | null {
  if (entry === null) return null;
  const q = entry.quorums;
  const located = (i: Int): Located<number> => ({ value: i.value, span: i.span });
  return {
    span: entry.span,
    unchecked: entry.unchecked !== null,
    quorums:
      q.kind === "majority"
        ? q
        : q.kind === "sizes"
          ? { kind: "sizes", phase1: located(q.phase1), phase2: located(q.phase2) }
          : {
              kind: "sets",
              sets: q.sets.map((set) => set.map((n) => ({ value: n.text, span: n.span }))),
            },
  };
}
