/** The `expect` block of a model: what a check of it is expected to find. */
import type { Expectation, Span } from "../core/model.ts";
import { unrecognised, type Fail } from "./fields.ts";
import type { Entry, ExpectKind } from "./syntax.ts";

const EXPECT_USAGE: Readonly<Record<string, string>> = {
  holds: "`holds` (every property holds)",
  violates: "`violates agreement` or `violates eventually decided`",
  states: "`states 1000` (distinct states)",
  generated: "`generated 5000`",
  edges: "`edges 4000`",
  depth: "`depth 12`",
  steps: "`steps 14` (the counterexample's length)",
  loop: "`loop 3` (the step a lasso's cycle goes back to)",
};

/** An `expect` block: one verdict, each count at most once, no trace for a model that holds. */
export function expectation(entry: Entry & { kind: "expect" }, fail: Fail): Expectation {
  let verdict: Expectation["verdict"] | null = null;
  const counts: Partial<Record<ExpectKind, number>> = {};
  const given = new Map<string, Span>();
  for (const line of entry.expectations) {
    if (line.kind === "unrecognised") unrecognised(line, EXPECT_USAGE, "expectation", fail);
    const what = line.kind === "expect-count" ? line.what : "verdict";
    if (given.has(what)) {
      fail(
        line.kind === "expect-count"
          ? `\`${what}\` is given twice in \`expect\``
          : "`expect` gives two verdicts",
        line.key.span,
        "keep one.",
      );
    }
    given.set(what, line.span);
    if (line.kind === "holds") verdict = { kind: "holds" };
    else if (line.kind === "violates") {
      const name = `${line.eventually === null ? "" : "eventually "}${line.property.text}`;
      verdict = {
        kind: "violates",
        property: {
          name,
          isFile: false,
          span: { start: (line.eventually ?? line.property.span).start, end: line.span.end },
        },
      };
    } else if (line.kind === "expect-count") {
      if (line.count.value < 0) {
        fail(
          `a count cannot be negative (${line.count.value})`,
          line.count.span,
          "write the count a check of this model gives.",
        );
      }
      counts[line.what] = line.count.value;
    }
  }
  if (verdict === null) {
    return fail(
      "`expect` gives no verdict",
      entry.key.span,
      "say `holds` or `violates NAME` (the property the counterexample breaks) inside the braces.",
    );
  }
  if (verdict.kind === "holds") {
    for (const what of ["steps", "loop"] as const) {
      if (given.has(what)) {
        fail(
          `\`${what}\` describes a counterexample, and the model is expected to hold`,
          given.get(what)!,
          "remove the line, or expect `violates NAME`.",
        );
      }
    }
  }
  return {
    verdict,
    states: counts.states ?? null,
    generated: counts.generated ?? null,
    edges: counts.edges ?? null,
    depth: counts.depth ?? null,
    steps: counts.steps ?? null,
    loop: counts.loop ?? null,
    span: entry.span,
  };
}
