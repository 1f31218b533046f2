/**
 * Parses .synod text into a {@link SyntaxTree} with ohm-js, using the grammar in spec/synod.ohm.
 * Syntax errors become {@link ModelError}s located at the rightmost point the parser reached.
 * Longer than most modules: it holds one semantic action per rule of the grammar, in the
 * grammar's order, so that the two read side by side.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import * as ohm from "ohm-js";
import { ModelError, type Span } from "./errors.ts";
import type { Binding, CompareOp, Formula, PropertyDecl } from "../core/formula.ts";
import type {
  ClientOperations,
  Entry,
  ExpectEntry,
  ExpectKind,
  FaultEntry,
  FaultKind,
  Int,
  Item,
  LimitEntry,
  LimitKind,
  Name,
  OperationText,
  Pair,
  PropertyRef,
  Role,
  SyntaxTree,
  Unrecognised,
} from "./syntax.ts";
/** True in the compiled copy (`dist/src/lang/parse.js`), which has the grammar's recipe. */
const COMPILED = import.meta.url.endsWith(".js");
/** The grammar's recipe, which `npm run build` writes into `dist/spec/`. */
const RECIPE = fileURLToPath(
  new URL(`${COMPILED ? "../.." : "../../dist"}/spec/synod.ohm-recipe.json`, import.meta.url),
);
/** The grammar's source, `spec/synod.ohm`. */
const SOURCE = fileURLToPath(
  new URL(`${COMPILED ? "../../.." : "../.."}/spec/synod.ohm`, import.meta.url),
);

/**
 * The grammar. Ohm takes about 0.1 s to compile it from spec/synod.ohm, at every start of the
 * command line; the compiled copy (runtime/compiled.ts) makes it from the recipe that `npm run
 * build` wrote beside it (ohm's own pre-compiled form, `toRecipe`), in about 2 ms.
 */
export const grammar =
  COMPILED && existsSync(RECIPE)
    ? (ohm as unknown as { makeRecipe(recipe: unknown): ohm.Grammar }).makeRecipe(
        JSON.parse(readFileSync(RECIPE, "utf8")),
      )
    : ohm.grammar(readFileSync(SOURCE, "utf8"));

/** Writes the grammar's recipe for the compiled copy (`npm run build`). */
export function writeGrammarRecipe(): void {
  mkdirSync(dirname(RECIPE), { recursive: true });
  writeFileSync(RECIPE, (grammar as ohm.Grammar & { toRecipe(): string }).toRecipe());
}

const spanOf = (node: ohm.Node): Span => ({
  start: node.source.startIdx,
  end: node.source.endIdx,
});

const semantics = grammar.createSemantics().addOperation<unknown>("tree", {
  Spec(_lead, model, _trail) {
    return model.tree();
  },
  Model(_kw, name, _open, body, _close): SyntaxTree {
    return {
      name: name.tree() as Name,
      header: { start: this.source.startIdx, end: name.source.endIdx },
      entries: body.tree() as Entry[],
    };
  },
  Body(_lead, list, _trail) {
    return list.asIteration().children.map((entry) => entry.tree());
  },
  FaultBody(_lead, list, _trail) {
    return list.asIteration().children.map((entry) => entry.tree());
  },
  LimitBody(_lead, list, _trail) {
    return list.asIteration().children.map((entry) => entry.tree());
  },
  ExpectBody(_lead, list, _trail) {
    return list.asIteration().children.map((entry) => entry.tree());
  },
  Entry(entry) {
    return entry.tree();
  },
  Protocol(key, name): Entry {
    return { kind: "protocol", key: word(key), span: spanOf(this), name: name.tree() as Name };
  },
  Variant(key, name): Entry {
    return { kind: "variant", key: word(key), span: spanOf(this), name: name.tree() as Name };
  },
  Count(role, count): Entry {
    return {
      kind: "count",
      key: word(role),
      span: spanOf(this),
      role: role.sourceString as Role,
      count: count.tree() as Int,
    };
  },
  Values_any(key, _any, _of, list): Entry {
    return {
      kind: "values",
      key: word(key),
      span: spanOf(this),
      choice: "any",
      values: list.asIteration().children.map((v) => v.tree() as Name),
    };
  },
  Values_each(key, list): Entry {
    return {
      kind: "values",
      key: word(key),
      span: spanOf(this),
      choice: "each",
      values: list.asIteration().children.map((v) => v.tree() as Name),
    };
  },
  Commands(key, list): Entry {
    return {
      kind: "commands",
      key: word(key),
      span: spanOf(this),
      commands: list.asIteration().children.map((v) => v.tree() as Name),
    };
  },
  Operations(key, _open, body, _close): Entry {
    return {
      kind: "operations",
      key: word(key),
      span: spanOf(this),
      clients: body.tree() as ClientOperations[],
    };
  },
  OperationsBody(_lead, list, _trail) {
    return list.asIteration().children.map((entry) => entry.tree());
  },
  ClientOperations(client, _colon, list): ClientOperations {
    return {
      client: client.tree() as Name,
      span: spanOf(this),
      operations: list.asIteration().children.map((v) => v.tree() as OperationText),
    };
  },
  Operation(kind, operands): OperationText {
    return {
      kind: kind.tree() as Name,
      // A value may be written as a number: `put x 1`.
      operands: operands.children.map((o): Name => ({
        text: o.sourceString,
        quoted: false,
        span: spanOf(o),
      })),
      span: spanOf(this),
    };
  },
  Ballots_range(key, low, _dots, high): Entry {
    return {
      kind: "ballot-range",
      key: word(key),
      span: spanOf(this),
      low: low.tree() as Int,
      high: high.tree() as Int,
    };
  },
  Symmetry(key, list): Entry {
    return {
      kind: "symmetry",
      key: word(key),
      span: spanOf(this),
      names: list.asIteration().children.map((v) => v.tree() as Name),
    };
  },
  Ballots_each(key, count, _per, _proposer): Entry {
    return {
      kind: "ballots",
      key: word(key),
      span: spanOf(this),
      counts: [count.tree() as Int],
      perProposer: true,
    };
  },
  Ballots_list(key, list): Entry {
    return {
      kind: "ballots",
      key: word(key),
      span: spanOf(this),
      counts: list.asIteration().children.map((c) => c.tree() as Int),
      perProposer: false,
    };
  },
  Network(key, semantics): Entry {
    return {
      kind: "network",
      key: word(key),
      span: spanOf(this),
      semantics: semantics.tree() as Name,
    };
  },
  Faults(key, _open, body, _close): Entry {
    return {
      kind: "faults",
      key: word(key),
      span: spanOf(this),
      faults: body.tree() as FaultEntry[],
    };
  },
  Fault_budget(kind, count, target): FaultEntry {
    return {
      kind: "budget",
      key: word(kind),
      span: spanOf(this),
      fault: kind.sourceString as FaultKind,
      count: count.sourceString === "unlimited" ? null : (count.child(0).tree() as Int),
      target: target.numChildren > 0 ? (target.children[0]!.tree() as Name) : null,
    };
  },
  Fault(entry) {
    return entry.tree();
  },
  Check(key, list): Entry {
    return {
      kind: "check",
      key: word(key),
      span: spanOf(this),
      properties: list.asIteration().children.map((v) => v.tree() as PropertyRef),
    };
  },
  Property_eventually(keyword, name): PropertyRef {
    return { name: name.tree() as Name, eventually: spanOf(keyword), span: spanOf(this) };
  },
  Property_always(name): PropertyRef {
    return { name: name.tree() as Name, eventually: null, span: spanOf(this) };
  },
  Fairness(key, list): Entry {
    return {
      kind: "fairness",
      key: word(key),
      span: spanOf(this),
      pairs: list.asIteration().children.map((v) => v.tree() as Pair),
    };
  },
  Assume(key, list): Entry {
    return {
      kind: "assume",
      key: word(key),
      span: spanOf(this),
      pairs: list.asIteration().children.map((v) => v.tree() as Pair),
    };
  },
  Pair(first, second): Pair {
    return { first: first.tree() as Name, second: second.tree() as Name, span: spanOf(this) };
  },
  Quorums_majority(key, _majority): Entry {
    return {
      kind: "quorums",
      key: word(key),
      span: spanOf(this),
      quorums: { kind: "majority" },
      unchecked: null,
    };
  },
  Quorums_sizes(key, _p1, phase1, _comma, _p2, phase2, unchecked): Entry {
    return {
      kind: "quorums",
      key: word(key),
      span: spanOf(this),
      quorums: { kind: "sizes", phase1: phase1.tree() as Int, phase2: phase2.tree() as Int },
      unchecked: unchecked.numChildren > 0 ? spanOf(unchecked.children[0]!) : null,
    };
  },
  Quorums_sets(key, list, unchecked): Entry {
    return {
      kind: "quorums",
      key: word(key),
      span: spanOf(this),
      quorums: {
        kind: "sets",
        sets: list.asIteration().children.map((set) => set.tree() as Name[]),
      },
      unchecked: unchecked.numChildren > 0 ? spanOf(unchecked.children[0]!) : null,
    };
  },
  QuorumSet(words) {
    return words.children.map((w) => w.tree() as Name);
  },
  Retry(key, mode): Entry {
    return { kind: "retry", key: word(key), span: spanOf(this), mode: mode.tree() as Name };
  },
  Limits(key, _open, body, _close): Entry {
    return {
      kind: "limits",
      key: word(key),
      span: spanOf(this),
      limits: body.tree() as LimitEntry[],
    };
  },
  Limit_bound(kind, count): LimitEntry {
    return {
      kind: "bound",
      key: word(kind),
      span: spanOf(this),
      limit: kind.sourceString as LimitKind,
      count: count.tree() as Int,
    };
  },
  Limit(entry) {
    return entry.tree();
  },
  Expect(key, _open, body, _close): Entry {
    return {
      kind: "expect",
      key: word(key),
      span: spanOf(this),
      expectations: body.tree() as ExpectEntry[],
    };
  },
  Expectation_holds(key): ExpectEntry {
    return { kind: "holds", key: word(key), span: spanOf(this) };
  },
  Expectation_eventually(key, eventually, property): ExpectEntry {
    return {
      kind: "violates",
      key: word(key),
      span: spanOf(this),
      property: property.tree() as Name,
      eventually: spanOf(eventually),
    };
  },
  Expectation_violates(key, property): ExpectEntry {
    return {
      kind: "violates",
      key: word(key),
      span: spanOf(this),
      property: property.tree() as Name,
      eventually: null,
    };
  },
  Expectation_count(what, count): ExpectEntry {
    return {
      kind: "expect-count",
      key: word(what),
      span: spanOf(this),
      what: what.sourceString as ExpectKind,
      count: count.tree() as Int,
    };
  },
  Expectation(entry) {
    return entry.tree();
  },
  UserProperty_state(form, name, _colon, formula): Entry {
    const property: PropertyDecl = {
      form: form.sourceString as PropertyDecl["form"],
      name: { text: name.sourceString, span: spanOf(name) },
      formula: formula.tree() as Formula,
      span: spanOf(this),
    };
    return { kind: "property", key: word(form), span: spanOf(this), property };
  },
  UserProperty_liveness(key, name, _colon, temporal): Entry {
    const property: PropertyDecl = {
      form: "liveness",
      name: { text: name.sourceString, span: spanOf(name) },
      ...(temporal.tree() as Pick<PropertyDecl, "formula" | "temporal" | "trigger">),
      span: spanOf(this),
    };
    return { kind: "property", key: word(key), span: spanOf(this), property };
  },
  Temporal_infinitely(_always, _eventually, formula) {
    return { formula: formula.tree(), temporal: "infinitely" };
  },
  Temporal_eventually(_eventually, formula) {
    return { formula: formula.tree(), temporal: "eventually" };
  },
  Temporal_leadsTo(trigger, _arrow, formula) {
    return { formula: formula.tree(), temporal: "leads-to", trigger: trigger.tree() };
  },
  Formula(inner) {
    return inner.tree();
  },
  Quantified(quantifier, bindings, _colon, body): Formula {
    return {
      kind: "quantified",
      quantifier: quantifier.sourceString as "forall" | "exists",
      bindings: bindings.asIteration().children.map((b) => b.tree() as Binding),
      body: body.tree() as Formula,
      span: spanOf(this),
    };
  },
  Binding(name, _in, set): Binding {
    return {
      name: { text: name.sourceString, span: spanOf(name) },
      set: set.tree() as Formula,
    };
  },
  Implication_implies(left, _arrow, right): Formula {
    return { kind: "implies", left: left.tree(), right: right.tree(), span: spanOf(this) };
  },
  Disjunction_or(left, _or, right): Formula {
    return { kind: "or", left: left.tree(), right: right.tree(), span: spanOf(this) };
  },
  Conjunction_and(left, _and, right): Formula {
    return { kind: "and", left: left.tree(), right: right.tree(), span: spanOf(this) };
  },
  Negation_not(_not, operand): Formula {
    return { kind: "not", operand: operand.tree(), span: spanOf(this) };
  },
  Comparison_compare(left, op, right): Formula {
    return {
      kind: "compare",
      op: op.sourceString as CompareOp,
      left: left.tree(),
      right: right.tree(),
      span: spanOf(this),
    };
  },
  Comparison_member(element, _in, set): Formula {
    return { kind: "member", element: element.tree(), set: set.tree(), span: spanOf(this) };
  },
  Range_range(low, _dots, high): Formula {
    return { kind: "range", low: low.tree(), high: high.tree(), span: spanOf(this) };
  },
  Sum_arith(left, op, right): Formula {
    return {
      kind: "arith",
      op: op.sourceString as "+" | "-",
      left: left.tree(),
      right: right.tree(),
      span: spanOf(this),
    };
  },
  Operand_field(target, _dot, field): Formula {
    return {
      kind: "field",
      target: target.tree(),
      field: { text: field.sourceString, span: spanOf(field) },
      span: spanOf(this),
    };
  },
  Operand_index(target, _open, key, _close): Formula {
    return { kind: "index", target: target.tree(), key: key.tree(), span: spanOf(this) };
  },
  Operand_count(_count, _open, binding, _colon, body, _close): Formula {
    return overMembers("count", binding, body, this);
  },
  Operand_quorum(_quorum, _open, binding, _colon, body, _close): Formula {
    return overMembers("quorum", binding, body, this);
  },
  Operand_paren(_open, inner, _close) {
    return inner.tree();
  },
  Operand_int(value): Formula {
    return { kind: "int", value: (value.tree() as Int).value, span: spanOf(this) };
  },
  Operand_string(value): Formula {
    return { kind: "string", value: (value.tree() as Name).text, span: spanOf(this) };
  },
  Operand_name(name): Formula {
    return { kind: "name", text: name.sourceString, span: spanOf(this) };
  },
  Unrecognised(key, items): Unrecognised {
    const rest =
      items.numChildren > 0
        ? { start: items.children[0]!.source.startIdx, end: this.source.endIdx }
        : spanOf(key);
    return {
      kind: "unrecognised",
      key: word(key),
      span: spanOf(this),
      rest,
      items: items.children.map(item),
    };
  },
  name(inner) {
    return inner.tree();
  },
  word(_first, _rest): Name {
    return { text: this.sourceString, quoted: false, span: spanOf(this) };
  },
  string(_open, chars, _close): Name {
    return { text: chars.sourceString, quoted: true, span: spanOf(this) };
  },
  int(_minus, _digits): Int {
    const value = Number(this.sourceString);
    if (Math.abs(value) > LARGEST_NUMBER) throw new TooLarge(this.sourceString, spanOf(this));
    return { value, span: spanOf(this) };
  },
});

/** `count(x in S: F)` or `quorum(x in S: F)` (F optional). */
function overMembers(
  kind: "count" | "quorum",
  binding: ohm.Node,
  body: ohm.Node,
  node: ohm.Node,
): Formula {
  return {
    kind,
    binding: binding.tree() as Binding,
    body: body.numChildren > 0 ? (body.children[0]!.tree() as Formula) : null,
    span: spanOf(node),
  };
}

/** One token after an unrecognised line's key. */
function item(node: ohm.Node): Item {
  const inner = node.children[0]!;
  const span = spanOf(inner);
  switch (inner.ctorName) {
    case "int":
      return { kind: "int", value: (inner.tree() as Int).value, span };
    case "string":
    case "word":
      return { kind: inner.ctorName, text: (inner.tree() as Name).text, span };
    case "Block":
      return { kind: "block", span };
    default:
      return { kind: "comma", span };
  }
}

/**
 * The largest number a model may hold: synod keeps counts, ballots and budgets in a state's
 * 32-bit words, so a larger one could not be represented (and would wrap around silently).
 */
export const LARGEST_NUMBER = 2 ** 31 - 1;

/** A number too large for a model, met while building the tree. */
class TooLarge extends Error {
  constructor(
    readonly text: string,
    readonly span: Span,
  ) {
    super(text);
  }
}

/** A keyword node (`acceptors`, `drop`, …) as a Name, for error messages about the entry. */
function word(node: ohm.Node): Name {
  return { text: node.sourceString, quoted: false, span: spanOf(node) };
}

/** Blocks (`{ … }`) nest at most this deep; a model needs two. */
export const DEEPEST_NESTING = 16;

/**
 * The first `{` nested deeper than {@link DEEPEST_NESTING}, outside comments and strings, or -1.
 * Checked before parsing: the parser recurses once per level.
 */
function tooDeep(source: string): number {
  let depth = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === "/" && source[i + 1] === "/") {
      i = source.indexOf("\n", i);
      if (i < 0) return -1;
    } else if (c === "/" && source[i + 1] === "*") {
      i = source.indexOf("*/", i + 2);
      if (i < 0) return -1;
      i++;
    } else if (c === '"') {
      const end = source.slice(i + 1).search(/["\n]/);
      if (end < 0) return -1;
      i += end + 1;
    } else if (c === "{") {
      if (++depth > DEEPEST_NESTING) return i;
    } else if (c === "}") depth--;
  }
  return -1;
}

/** A token as an error message quotes it: at most 40 characters. */
function quoted(text: string): string {
  return `\`${text.length > 40 ? `${text.slice(0, 37)}…` : text}\``;
}

/**
 * A model file's text as the parser reads it, with every offset kept: a byte-order mark becomes
 * a space, and a carriage return that ends a line on its own (old Mac line ends) a line feed.
 * (A CR before an LF stays: the grammar takes it for white space.)
 */
export function normalizedSource(text: string): string {
  return text.replace(/^\uFEFF/, " ").replace(/\r(?!\n)/g, "\n");
}

/** Parses a model file's text. Throws a {@link ModelError} on a syntax error. */
export function parse(text: string, file: string): SyntaxTree {
  const source = normalizedSource(text);
  const deep = tooDeep(source);
  if (deep >= 0) {
    throw new ModelError(
      `blocks nest more than ${DEEPEST_NESTING} deep here`,
      { start: deep, end: deep + 1 },
      "a model's blocks (`model { faults { … } }`) nest two deep; close the blocks opened before this one.",
      file,
      source,
    );
  }
  const match = grammar.match(source);
  if (match.failed()) {
    const at = match.getRightmostFailurePosition();
    const found =
      at >= source.length
        ? "the end of the file"
        : source[at] === "\n" || source[at] === "\r"
          ? "the end of the line"
          : quoted(source.slice(at).match(/^\S+/)?.[0] ?? source[at]!);
    const width =
      at >= source.length ? 0 : Math.max(1, (source.slice(at).match(/^\S+/)?.[0] ?? "").length);
    throw new ModelError(
      `syntax error: expected ${match.getExpectedText().replace(/"\\n"/g, "a line break")}, found ${found}`,
      { start: at, end: at + width },
      syntaxHint(source, at),
      file,
      source,
    );
  }
  try {
    return semantics(match).tree() as SyntaxTree;
  } catch (error) {
    if (!(error instanceof TooLarge)) throw error;
    const shown = error.text.length > 24 ? `${error.text.slice(0, 20)}…` : error.text;
    throw new ModelError(
      `the number ${shown} is too large: a number in a model is at most ${LARGEST_NUMBER.toLocaleString("en-US")}`,
      error.span,
      "synod keeps counts, ballots and budgets in 32-bit words; give a smaller number.",
      file,
      source,
    );
  }
}

/**
 * Parses a formula on its own (a built-in property's `formula`), as the model's `invariant`
 * lines are read. Throws a {@link ModelError} located in `text` on a syntax error.
 */
export function parseFormula(text: string, file = "(formula)"): Formula {
  const match = grammar.match(text, "Formula");
  if (match.failed()) {
    const at = match.getRightmostFailurePosition();
    throw new ModelError(
      `syntax error in a formula: expected ${match.getExpectedText()}`,
      { start: at, end: Math.min(text.length, at + 1) },
      'see spec/language.md, "Properties of your own".',
      file,
      text,
    );
  }
  return semantics(match).tree() as Formula;
}

/** A hint for the commonest syntax mistakes; the expected-token list covers the rest. */
function syntaxHint(source: string, at: number): string {
  if (!/^\s*(\/\/[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*model\b/.test(source)) {
    return "a model file starts with `model NAME {` and ends with `}`; see spec/language.md.";
  }
  if (at >= source.length) {
    return "every `{` needs a matching `}`: is one missing at the end?";
  }
  return "one entry per line, e.g. `acceptors 3`; see spec/language.md for every field.";
}
