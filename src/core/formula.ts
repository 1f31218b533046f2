/**
 * Properties written in the model file (`invariant NAME: FORMULA`, `reachable NAME: FORMULA`):
 * their syntax tree, kept in the model as plain data so that search workers get it with the
 * model, and their compiler, which turns a formula into a closure over a state's
 * {@link ClusterView} once, resolving every name and node field before the search starts.
 * spec/language.md ("Properties of your own") is the reference; spec/semantics.md says what
 * each operator means.
 */
import { is, List, Map as IMap, Record as IRecord, Set as ISet } from "immutable";
import type { ClusterView, NodeView } from "./protocol.ts";

/** A place in the model file: offsets into its text. */
export interface FormulaSpan {
  readonly start: number;
  readonly end: number;
}

/** A name as written, with its place. */
export interface FormulaName {
  readonly text: string;
  readonly span: FormulaSpan;
}

/** `x in SET` in a quantifier or a count. */
export interface Binding {
  readonly name: FormulaName;
  readonly set: Formula;
}

/** A comparison of two values (spec/semantics.md, "Properties of your own"). */
export type CompareOp = "==" | "!=" | "<" | "<=" | ">" | ">=";

/** A formula's syntax tree. */
export type Formula = { readonly span: FormulaSpan } & (
  | {
      readonly kind: "quantified";
      readonly quantifier: "forall" | "exists";
      readonly bindings: readonly Binding[];
      readonly body: Formula;
    }
  | {
      readonly kind: "count" | "quorum";
      readonly binding: Binding;
      readonly body: Formula | null;
    }
  | { readonly kind: "implies" | "and" | "or"; readonly left: Formula; readonly right: Formula }
  | { readonly kind: "not"; readonly operand: Formula }
  | {
      readonly kind: "compare";
      readonly op: CompareOp;
      readonly left: Formula;
      readonly right: Formula;
    }
  | { readonly kind: "member"; readonly element: Formula; readonly set: Formula }
  | {
      readonly kind: "arith";
      readonly op: "+" | "-";
      readonly left: Formula;
      readonly right: Formula;
    }
  | { readonly kind: "range"; readonly low: Formula; readonly high: Formula }
  | { readonly kind: "field"; readonly target: Formula; readonly field: FormulaName }
  | { readonly kind: "index"; readonly target: Formula; readonly key: Formula }
  | { readonly kind: "name"; readonly text: string }
  | { readonly kind: "int"; readonly value: number }
  | { readonly kind: "string"; readonly value: string }
);

/** A property the model file states. */
export interface PropertyDecl {
  readonly form: "invariant" | "reachable" | "liveness";
  readonly name: FormulaName;
  /** The state formula; for a liveness property, the one that must come to hold (Q). */
  readonly formula: Formula;
  /**
   * For a liveness property: `eventually` (Q at some point of every fair run), `infinitely`
   * (`always eventually Q`) or `leads-to` (`P ~> Q`: after every state where P holds, Q at
   * some point).
   */
  readonly temporal?: "eventually" | "infinitely" | "leads-to";
  /** For `P ~> Q`: P. */
  readonly trigger?: Formula;
  /** The whole line, for messages about the property. */
  readonly span: FormulaSpan;
}

/** A name or field the compiler cannot resolve, or a formula of the wrong kind. */
export class FormulaError extends Error {
  constructor(
    message: string,
    readonly span: FormulaSpan,
    /** The names that would have been known there, for a "did you mean". */
    readonly known: readonly string[],
    readonly hint: string,
  ) {
    super(message);
  }
}

/** What a formula may name, besides its own bound variables: read from the model and protocol. */
export interface FormulaContext {
  /** Every node: its id and role, in the order of the view's nodes. */
  readonly nodes: readonly { readonly id: string; readonly role: string }[];
  /** The fields of each role's nodes, from their initial states. */
  readonly fields: ReadonlyMap<string, readonly string[]>;
  /** The model's values (`values a, b`) and commands. */
  readonly values: readonly string[];
  /** The ballots a run may use, lowest first; null if the protocol has no ballots. */
  readonly ballots: readonly unknown[] | null;
  /** True if these nodes (by name) form a phase-2 quorum of the model's quorum system. */
  readonly isQuorum: (ids: readonly string[]) => boolean;
  /** The protocol's own invariants and predicates, which a formula may name as conditions. */
  readonly conditions: ReadonlyMap<
    string,
    { holds(view: ClusterView): boolean; readsMessages?: boolean }
  >;
}

/** A compiled formula: its value in a state, and what it reads (for remembering its value). */
export interface CompiledFormula {
  holds(view: ClusterView): boolean;
  /** True if it reads the messages in flight. */
  readonly readsMessages: boolean;
  /** The roles whose nodes it reads, or null for any node. */
  readonly readsRoles: readonly string[] | null;
  /** For a formula `forall x in S: P`, the members of S for which P is false, in words. */
  counterexamples(view: ClusterView): string[];
  /** The nodes and values it names (which symmetry would rename under it). */
  readonly named: { readonly nodes: readonly string[]; readonly values: readonly string[] };
}

/** A value a formula computes. */
type Value = unknown;
type Env = Value[];
type Eval = (view: ClusterView, env: Env) => Value;

/** What the compiler knows of a name or expression's value: a node of some roles, or not. */
type Type = { readonly nodeRoles: readonly string[] } | null;

const ROLE_SETS: Record<string, string> = {
  acceptors: "acceptor",
  proposers: "proposer",
  learners: "learner",
  replicas: "replica",
  clients: "client",
};
const NODE_BUILTINS = ["id", "role", "crashed"];

/** Raised while a formula runs on a state (comparing a ballot with a value, say). */
export class FormulaRuntimeError extends Error {
  constructor(
    message: string,
    readonly span: FormulaSpan,
  ) {
    super(message);
  }
}

/** Compiles `formula` against what the model and protocol define; throws a FormulaError. */
export function compileFormula(formula: Formula, context: FormulaContext): CompiledFormula {
  let readsMessages = false;
  const roles = new Set<string>();
  let anyNode = false;
  const named = { nodes: [] as string[], values: [] as string[] };
  const nodeIndex = new Map(context.nodes.map((node, i) => [node.id, i]));
  const allRoles = [...new Set(context.nodes.map((node) => node.role))];

  const compile = (f: Formula, scope: readonly { name: string; type: Type }[]): [Eval, Type] => {
    switch (f.kind) {
      case "int": {
        const value = f.value;
        return [() => value, null];
      }
      case "string": {
        const value = f.value;
        return [() => value, null];
      }
      case "name":
        return compileName(f, scope);
      case "field": {
        const [target, type] = compile(f.target, scope);
        const field = f.field.text;
        // A role with no node in this model has no fields to check against: nothing is read.
        if (type !== null && type.nodeRoles.some((role) => context.fields.has(role))) {
          const known = [
            ...NODE_BUILTINS,
            ...new Set(type.nodeRoles.flatMap((role) => context.fields.get(role) ?? [])),
          ];
          if (!known.includes(field)) {
            throw new FormulaError(
              `${type.nodeRoles.length === 1 ? article(type.nodeRoles[0]!) : "a node"} has no field \`${field}\``,
              f.field.span,
              known,
              `its fields: ${known.join(", ")}.`,
            );
          }
        }
        return [(view, env) => fieldOf(target(view, env), field), null];
      }
      case "index": {
        const [[target], [key]] = [compile(f.target, scope), compile(f.key, scope)];
        const span = f.target.span;
        return [(view, env) => entryOf(target(view, env), key(view, env), span), null];
      }
      case "range": {
        const [[low], [high]] = [compile(f.low, scope), compile(f.high, scope)];
        const [lowSpan, highSpan] = [f.low.span, f.high.span];
        return [
          (view, env) => {
            const from = numberOf(low(view, env), lowSpan);
            const to = numberOf(high(view, env), highSpan);
            return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
          },
          null,
        ];
      }
      case "not": {
        const operand = condition(f.operand, scope);
        return [(view, env) => !operand(view, env), null];
      }
      case "and": {
        const [left, right] = [condition(f.left, scope), condition(f.right, scope)];
        return [(view, env) => left(view, env) && right(view, env), null];
      }
      case "or": {
        const [left, right] = [condition(f.left, scope), condition(f.right, scope)];
        return [(view, env) => left(view, env) || right(view, env), null];
      }
      case "implies": {
        const [left, right] = [condition(f.left, scope), condition(f.right, scope)];
        return [(view, env) => !left(view, env) || right(view, env), null];
      }
      case "compare": {
        const [[left], [right]] = [compile(f.left, scope), compile(f.right, scope)];
        const span = f.span;
        const test = COMPARE[f.op];
        return [(view, env) => test(left(view, env), right(view, env), span), null];
      }
      case "member": {
        const [[element], [set]] = [compile(f.element, scope), compile(f.set, scope)];
        const span = f.set.span;
        return [
          (view, env) => membersOf(set(view, env), span).some((m) => same(m, element(view, env))),
          null,
        ];
      }
      case "arith": {
        const [[left], [right]] = [compile(f.left, scope), compile(f.right, scope)];
        const sign = f.op === "+" ? 1 : -1;
        const span = f.span;
        return [
          (view, env) =>
            numberOf(left(view, env), f.left.span) + sign * numberOf(right(view, env), span),
          null,
        ];
      }
      case "count":
      case "quorum": {
        const [set, type] = compile(f.binding.set, scope);
        const inner = [...scope, { name: f.binding.name.text, type }];
        const body = f.body === null ? () => true : condition(f.body, inner);
        const slot = scope.length;
        const span = f.binding.set.span;
        const members = (view: ClusterView, env: Env): Value[] =>
          membersOf(set(view, env), span).filter((member) => {
            env[slot] = member;
            return body(view, env);
          });
        if (f.kind === "count") return [(view, env) => members(view, env).length, null];
        const { isQuorum } = context;
        return [
          (view, env) => isQuorum(members(view, env).map((m) => (isNode(m) ? m.id : String(m)))),
          null,
        ];
      }
      case "quantified": {
        let inner = [...scope];
        const sets: [Eval, number, FormulaSpan][] = [];
        for (const binding of f.bindings) {
          const [set, type] = compile(binding.set, inner);
          sets.push([set, inner.length, binding.set.span]);
          inner = [...inner, { name: binding.name.text, type }];
        }
        const body = condition(f.body, inner);
        const forall = f.quantifier === "forall";
        // Nested loops, one per binding: true at once for `exists`, false at once for `forall`.
        const loop = (i: number, view: ClusterView, env: Env): boolean => {
          if (i === sets.length) return body(view, env);
          const [set, slot, span] = sets[i]!;
          for (const member of membersOf(set(view, env), span)) {
            env[slot] = member;
            if (loop(i + 1, view, env) !== forall) return !forall;
          }
          return forall;
        };
        return [(view, env) => loop(0, view, env), null];
      }
    }
  };

  /** A formula that must be true or false. */
  const condition = (f: Formula, scope: readonly { name: string; type: Type }[]) => {
    const [evaluate] = compile(f, scope);
    const span = f.span;
    return (view: ClusterView, env: Env): boolean => {
      const value = evaluate(view, env);
      if (typeof value !== "boolean") {
        throw new FormulaRuntimeError(`expected true or false, found ${describe(value)}`, span);
      }
      return value;
    };
  };

  const compileName = (
    f: Formula & { kind: "name" },
    scope: readonly { name: string; type: Type }[],
  ): [Eval, Type] => {
    for (let slot = scope.length - 1; slot >= 0; slot--) {
      if (scope[slot]!.name === f.text) return [(_view, env) => env[slot], scope[slot]!.type];
    }
    const name = f.text;
    if (name === "true" || name === "false") {
      const value = name === "true";
      return [() => value, null];
    }
    if (name === "none") return [() => null, null];
    // `acceptors`, `replicas`, …, and for a protocol's own roles the role's name with an s.
    const role = ROLE_SETS[name] ?? allRoles.find((r) => `${r}s` === name);
    if (role !== undefined) {
      roles.add(role);
      const indices = context.nodes.flatMap((node, i) => (node.role === role ? [i] : []));
      return [(view) => indices.map((i) => view.nodes[i]), { nodeRoles: [role] }];
    }
    if (name === "nodes") {
      anyNode = true;
      return [(view) => view.nodes, { nodeRoles: allRoles }];
    }
    if (name === "messages") {
      readsMessages = true;
      return [(view) => view.messages, null];
    }
    if (name === "history") return [(view) => view.facts, null];
    if (name === "values") {
      const values = context.values;
      return [() => values, null];
    }
    if (name === "ballots") {
      const ballots = context.ballots;
      if (ballots === null) {
        throw new FormulaError(
          "this protocol has no ballots to quantify over",
          f.span,
          [],
          "`ballots` names the ballots of a protocol that has them (`paxos`, `multipaxos`).",
        );
      }
      return [() => ballots, null];
    }
    const index = nodeIndex.get(name);
    if (index !== undefined) {
      const role = context.nodes[index]!.role;
      roles.add(role);
      named.nodes.push(name);
      return [(view) => view.nodes[index], { nodeRoles: [role] }];
    }
    if (context.values.includes(name)) {
      named.values.push(name);
      return [() => name, null];
    }
    const condition = context.conditions.get(name);
    if (condition !== undefined) {
      anyNode = true;
      if (condition.readsMessages !== false) readsMessages = true;
      return [(view) => condition.holds(view), null];
    }
    const known = [
      ...scope.map((s) => s.name),
      ...allRoles.map((r) => Object.keys(ROLE_SETS).find((set) => ROLE_SETS[set] === r) ?? `${r}s`),
      "nodes",
      "messages",
      "history",
      "values",
      ...(context.ballots === null ? [] : ["ballots"]),
      ...context.nodes.map((node) => node.id),
      ...context.values,
      ...context.conditions.keys(),
      "true",
      "false",
      "none",
    ];
    throw new FormulaError(
      `unknown name \`${name}\``,
      f.span,
      known,
      "a formula names the variables it binds (`forall a in acceptors: …`), role sets (`acceptors`, `nodes`), `messages`, `history`, `values`, `ballots`, nodes (`a1`), values, the protocol's invariants and predicates, `true`, `false` and `none`.",
    );
  };

  /**
   * For `forall x in S, y in T: P`: a function giving the assignments that make P false in a
   * state (at most three), in words. Compiled here, with the formula.
   */
  const explainer = (f: Formula): ((view: ClusterView) => string[]) => {
    if (f.kind !== "quantified" || f.quantifier !== "forall") return () => [];
    let scope: { name: string; type: Type }[] = [];
    const sets: [Eval, FormulaSpan][] = [];
    for (const binding of f.bindings) {
      const [set, type] = compile(binding.set, scope);
      sets.push([set, binding.set.span]);
      scope = [...scope, { name: binding.name.text, type }];
    }
    const body = condition(f.body, scope);
    return (view) => {
      const at: Env = [];
      const found: string[] = [];
      const search = (i: number): void => {
        if (found.length === 3) return;
        if (i === sets.length) {
          if (!body(view, at)) {
            found.push(scope.map((s, k) => `${s.name} = ${describe(at[k])}`).join(", "));
          }
          return;
        }
        const [set, span] = sets[i]!;
        for (const member of membersOf(set(view, at), span)) {
          at[i] = member;
          search(i + 1);
        }
      };
      search(0);
      return found;
    };
  };

  const top = condition(formula, []);
  // Evaluations never nest (a formula does not call itself): one environment serves them all.
  const env: Env = [];
  const counterexamples = explainer(formula);
  const readRoles = anyNode ? null : [...roles];
  return {
    holds: (view) => top(view, env),
    readsMessages,
    readsRoles: readRoles,
    counterexamples,
    named,
  };
}

const isNode = (value: Value): value is NodeView =>
  typeof value === "object" &&
  value !== null &&
  !IRecord.isRecord(value) &&
  "id" in value &&
  "role" in value &&
  "state" in value;

/** A field of a node, a record, a map or a plain object; `none` where there is none. */
function fieldOf(target: Value, field: string): Value {
  if (target === null || target === undefined) return null;
  if (isNode(target)) {
    if (field === "id" || field === "role" || field === "crashed") return target[field];
    return fieldOf(target.state, field);
  }
  if (IRecord.isRecord(target)) {
    const record = target as unknown as { has(k: string): boolean; get(k: string): unknown };
    return record.has(field) ? (record.get(field) ?? null) : null;
  }
  if (IMap.isMap(target)) return (target as IMap<unknown, unknown>).get(field) ?? null;
  if (typeof target === "object" && field in target) {
    return (target as { [field: string]: unknown })[field] ?? null;
  }
  return null;
}

/**
 * `target[key]`: a map's entry (`r.committed[2]`), or a list's `key`-th element counting from 1
 * (`r.applied[1]`, as TLA+'s sequences); `none` where there is none.
 */
function entryOf(target: Value, key: Value, span: FormulaSpan): Value {
  if (target === null || target === undefined) return null;
  if (IMap.isMap(target)) {
    return (target as IMap<unknown, unknown>).get(isNode(key) ? key.id : key) ?? null;
  }
  // A list is read in place: no copy per evaluation.
  const size = List.isList(target)
    ? (target as List<unknown>).size
    : Array.isArray(target)
      ? target.length
      : -1;
  if (size < 0) {
    throw new FormulaRuntimeError(`cannot index ${describe(target)}: not a list or map`, span);
  }
  if (typeof key !== "number" || !Number.isInteger(key) || key < 1 || key > size) return null;
  return (Array.isArray(target) ? target[key - 1] : (target as List<unknown>).get(key - 1)) ?? null;
}

/** Nodes are equal to their ids, so `m.from == p1` compares names. */
function same(a: Value, b: Value): boolean {
  const x = isNode(a) ? a.id : a;
  const y = isNode(b) ? b.id : b;
  return is(x ?? null, y ?? null);
}

/** The members of a set, list or map's keys, as a formula iterates them. */
function membersOf(set: Value, span: FormulaSpan): readonly Value[] {
  if (Array.isArray(set)) return set;
  if (List.isList(set) || ISet.isSet(set)) return (set as List<unknown>).toArray();
  if (IMap.isMap(set)) return [...(set as IMap<unknown, unknown>).keys()];
  throw new FormulaRuntimeError(`expected a set, found ${describe(set)}`, span);
}

function numberOf(value: Value, span: FormulaSpan): number {
  if (typeof value === "number") return value;
  throw new FormulaRuntimeError(`expected a number, found ${describe(value)}`, span);
}

/**
 * The order of `<`: numbers by size, text alphabetically, records field by field in their
 * declared order (a ballot by round, then proposer), lists element by element; `none` below
 * everything. Values of different kinds are not ordered.
 */
function order(a: Value, b: Value, span: FormulaSpan): number {
  if (a === null || a === undefined) return b === null || b === undefined ? 0 : -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  if (IRecord.isRecord(a) && IRecord.isRecord(b)) {
    return lexicographic(fieldValues(a), fieldValues(b), span);
  }
  if (List.isList(a) && List.isList(b)) {
    return lexicographic((a as List<unknown>).toArray(), (b as List<unknown>).toArray(), span);
  }
  throw new FormulaRuntimeError(`cannot order ${describe(a)} and ${describe(b)}`, span);
}

/** A record's field values, in the order its fields are declared. */
const fieldValues = (record: unknown): unknown[] =>
  (record as { toSeq(): { valueSeq(): { toArray(): unknown[] } } }).toSeq().valueSeq().toArray();

function lexicographic(a: readonly Value[], b: readonly Value[], span: FormulaSpan): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = order(a[i], b[i], span);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

const COMPARE: Record<CompareOp, (a: Value, b: Value, span: FormulaSpan) => boolean> = {
  "==": (a, b) => same(a, b),
  "!=": (a, b) => !same(a, b),
  "<": (a, b, span) => order(a, b, span) < 0,
  "<=": (a, b, span) => order(a, b, span) <= 0,
  ">": (a, b, span) => order(a, b, span) > 0,
  ">=": (a, b, span) => order(a, b, span) >= 0,
};

/** `an acceptor`, `a proposer`. */
const article = (noun: string): string => `${/^[aeiou]/.test(noun) ? "an" : "a"} ${noun}`;

/** A value in words, for messages: `a1`, `3`, `"x"`, `none`, a record as its fields. */
export function describe(value: Value): string {
  if (value === null || value === undefined) return "none";
  if (isNode(value)) return value.id;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (IRecord.isRecord(value) || IMap.isMap(value) || List.isList(value) || ISet.isSet(value)) {
    return JSON.stringify((value as { toJS(): unknown }).toJS());
  }
  if (Array.isArray(value)) return `a set of ${value.length}`;
  return JSON.stringify(value) ?? String(value);
}
