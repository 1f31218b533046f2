/**
 * The parser and validator under mutated models: every model in models/, with tokens deleted,
 * repeated or replaced (extreme numbers, names of JavaScript internals, control characters),
 * bytes inserted, other line ends, a byte-order mark, deep nesting. Each either is accepted or
 * is refused as a user's mistake: a ModelError located inside the file, in a message under 2 KB
 * that prints no JavaScript internals and no raw terminal escape.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { expect, it } from "vitest";
import { formatModelError, ModelError } from "../../src/lang/errors.ts";
import { modelFromSource, resolveModel } from "../../src/app/load.ts";

function models(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return models(path);
    return name.endsWith(".synod") ? [path] : [];
  });
}
const SOURCES = models("models").map((file) => readFileSync(file, "utf8"));

/** What a mutation may put in: the language's own words, and what has broken parsers before. */
const TOKENS = [
  "model",
  "protocol",
  "paxos",
  "multipaxos",
  "paxos-abstract",
  "acceptors",
  "proposers",
  "learners",
  "replicas",
  "clients",
  "slots",
  "commands",
  "values",
  "any",
  "of",
  "ballots",
  "per",
  "proposer",
  "network",
  "set",
  "unordered",
  "faults",
  "drop",
  "duplicate",
  "crash",
  "restart",
  "unlimited",
  "check",
  "eventually",
  "fairness",
  "weak",
  "strong",
  "assume",
  "leader",
  "retry",
  "resend",
  "quorums",
  "majority",
  "phase1",
  "phase2",
  "unchecked",
  "symmetry",
  "limits",
  "states",
  "depth",
  "variant",
  "no-adopt",
  "0",
  "1",
  "-1",
  "3",
  "2147483647",
  "2147483648",
  "4294967296",
  "99999999999999999999",
  "1e9",
  "0x10",
  "..",
  "0..1",
  "0..999999",
  "{",
  "}",
  ";",
  ",",
  "\n",
  "\r",
  "\r\n",
  "\t",
  '"',
  '"./nowhere.ts"',
  "//",
  "/*",
  "*/",
  "\u0000",
  "\u001b[31m",
  "\u001b]0;title\u0007",
  "\uFEFF",
  "é",
  "constructor",
  "__proto__",
  "toString",
  "hasOwnProperty",
  "prototype",
];

const tokenized = (text: string): string[] => text.split(/(\s+|[{};,])/).filter((t) => t !== "");

const mutation = fc.oneof(
  fc.record({ kind: fc.constant("delete"), at: fc.nat() }),
  fc.record({ kind: fc.constant("repeat"), at: fc.nat() }),
  fc.record({ kind: fc.constant("replace"), at: fc.nat(), token: fc.constantFrom(...TOKENS) }),
  fc.record({ kind: fc.constant("insert"), at: fc.nat(), token: fc.constantFrom(...TOKENS) }),
  fc.record({ kind: fc.constant("bytes"), at: fc.nat(), text: fc.string({ maxLength: 8 }) }),
  fc.record({ kind: fc.constant("crlf") }),
  fc.record({ kind: fc.constant("cr") }),
  fc.record({ kind: fc.constant("bom") }),
  fc.record({ kind: fc.constant("nest"), depth: fc.integer({ min: 1, max: 400 }) }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function mutate(text: string, m: Mutation): string {
  const tokens = tokenized(text);
  const at = "at" in m ? m.at % (tokens.length + 1) : 0;
  switch (m.kind) {
    case "delete":
      return [...tokens.slice(0, at), ...tokens.slice(at + 1)].join("");
    case "repeat":
      return [...tokens.slice(0, at + 1), ...tokens.slice(at)].join("");
    case "replace":
      return [...tokens.slice(0, at), m.token, ...tokens.slice(at + 1)].join("");
    case "insert":
      return [...tokens.slice(0, at), " ", m.token, " ", ...tokens.slice(at)].join("");
    case "bytes":
      return [...tokens.slice(0, at), m.text, ...tokens.slice(at)].join("");
    case "crlf":
      return text.replace(/\n/g, "\r\n");
    case "cr":
      return text.replace(/\n/g, "\r");
    case "bom":
      return `\uFEFF${text}`;
    case "nest":
      return text.replace(/}\s*$/, `  x ${"{".repeat(m.depth)}${"}".repeat(m.depth)}\n}\n`);
  }
}

it("a few thousand mutated models are accepted or refused as a user's mistake", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...SOURCES),
      fc.array(mutation, { minLength: 1, maxLength: 3 }),
      async (source, mutations) => {
        const text = mutations.reduce(mutate, source);
        try {
          const model = modelFromSource(text, "fuzzed.synod");
          // Names are resolved too, but no file a mutation named is imported.
          if (!model.protocol.isFile && model.variant?.isFile !== true) await resolveModel(model);
        } catch (error) {
          if (!(error instanceof ModelError)) throw error;
          const span = error.span;
          if (span !== null) {
            expect(span.start).toBeGreaterThanOrEqual(0);
            expect(span.end).toBeGreaterThanOrEqual(span.start);
            expect(span.start).toBeLessThanOrEqual(text.length);
          }
          const message = formatModelError(error);
          expect(message.length).toBeLessThan(2048);
          expect(message).not.toContain("\u001b");
          expect(message).not.toContain("[native code]");
          expect(message).not.toMatch(/\bundefined\b|\[object /);
        }
      },
    ),
    { seed: 20261202, numRuns: 3000 },
  );
});

it("a byte-order mark and CR-only line ends are read as any editor writes them", () => {
  const model = "model m {\n  protocol paxos\n  acceptors 3\n  proposers 1\n  values a\n}\n";
  for (const text of [`\uFEFF${model}`, model.replace(/\n/g, "\r"), model.replace(/\n/g, "\r\n")]) {
    expect(modelFromSource(text, "m.synod").acceptors).toBe(3);
  }
  // An error on line 4 of a CR-only file is reported on line 4.
  try {
    modelFromSource(model.replace("proposers 1", "proposers x").replace(/\n/g, "\r"), "m.synod");
  } catch (error) {
    expect(formatModelError(error as ModelError).split("\n")[0]).toMatch(/^m\.synod:4:/);
    return;
  }
  throw new Error("expected an error");
});
