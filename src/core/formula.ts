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
  /**
   * The fields of each role's nodes, each with the value it holds in the initial state (null
   * where none): the field's kind, for the checks made before any state.
   */
  readonly fields: ReadonlyMap<string, ReadonlyMap<string, unknown>>;
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

/**
 * What the compiler knows of an expression's value before any state, from literals, the
 * model's names and the nodes' initial states: enough to refuse, with its place, a formula that
 * orders a ballot against a number or reads a field a record does not have. Null: not known
 * (`none`, a message's field, a field that starts as none).
 */
type Kind =
  | { readonly of: "number" | "text" | "bool" }
  | { readonly of: "node"; readonly roles: readonly string[] }
  | { readonly of: "record"; readonly name: string; readonly fields: ReadonlyMap<string, Kind> }
  | { readonly of: "list" | "set" | "map"; readonly member: Kind }
  | null;
type Scope = readonly { readonly name: string; readonly kind: Kind }[];

const NUMBER: Kind = { of: "number" };
const TEXT: Kind = { of: "text" };
const BOOL: Kind = { of: "bool" };
const listOf = (member: Kind): Kind => ({ of: "list", member });

/** The kind of a value found in a state. */
function kindOf(value: unknown): Kind {
  if (typeof value === "number") return NUMBER;
  if (typeof value === "string") return TEXT;
  if (typeof value === "boolean") return BOOL;
  if (IRecord.isRecord(value)) {
    const record = value as unknown as {
      toSeq(): { entrySeq(): { toArray(): [string, unknown][] } };
    };
    const fields = new Map(
      record
        .toSeq()
        .entrySeq()
        .toArray()
        .map(([k, v]) => [k, kindOf(v)]),
    );
    // A class extending Record is named by its class: `Ballot` → "a ballot".
    const name = (value as object).constructor.name;
    return { of: "record", name: /^[A-Z]/.test(name) ? name.toLowerCase() : "record", fields };
  }
  if (List.isList(value) || Array.isArray(value)) {
    const first = List.isList(value) ? (value as List<unknown>).first() : (value as unknown[])[0];
    return listOf(first === undefined ? null : kindOf(first));
  }
  if (ISet.isSet(value)) {
    const first = (value as ISet<unknown>).first();
    return { of: "set", member: first === undefined ? null : kindOf(first) };
  }
  if (IMap.isMap(value)) return { of: "map", member: null };
  return null;
}

/** A kind in words, for messages: `a number`, `a ballot`, `an acceptor`. */
function kindName(kind: Exclude<Kind, null>): string {
  switch (kind.of) {
    case "number":
      return "a number";
    case "text":
      return "text";
    case "bool":
      return "true or false";
    case "node":
      return kind.roles.length === 1 ? article(kind.roles[0]!) : "a node";
    case "record":
      return article(kind.name);
    default:
      return `a ${kind.of}`;
  }
}

/** True if `<` orders values of these kinds (or one is not known). */
function orderable(a: Kind, b: Kind): boolean {
  if (a === null || b === null) return true;
  if (a.of !== b.of) return false;
  if (a.of === "record") return a.name === (b as { name: string }).name;
  return a.of === "number" || a.of === "text" || a.of === "list";
}

/** True if two known kinds are one: of the same sort, records of one name, members alike. */
function sameKind(a: Kind, b: Kind): boolean {
  if (a === null || b === null) return a === b;
  if (a.of !== b.of) return false;
  if (a.of === "record") return a.name === (b as { name: string }).name;
  if ("member" in a) return sameKind(a.member, (b as { member: Kind }).member);
  return true;
}

/** True if values of these kinds may be equal (a node equals its name). */
function comparable(a: Kind, b: Kind): boolean {
  if (a === null || b === null || a.of === b.of) return true;
  const kinds = [a.of, b.of];
  return kinds.includes("node") && kinds.includes("text");
}

const ROLE_SETS: Record<string, string> = {
  acceptors: "acceptor",
  proposers: "proposer",
  learners: "learner",
  replicas: "replica",
  clients: "client",
};
const NODE_BUILTINS = ["id", "role", "crashed"];
const KIND_HINT =
  "a formula compares values of one kind (numbers, text, ballots), and quantifies over sets.";

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

  /** Refuses, at its place, a value of a known kind where another is needed. */
  const expectKind = (kind: Kind, wanted: readonly string[], what: string, span: FormulaSpan) => {
    if (kind !== null && !wanted.includes(kind.of)) {
      throw new FormulaError(`expected ${what}, found ${kindName(kind)}`, span, [], KIND_HINT);
    }
  };
  /** The member kind of a set a formula iterates, refusing what is not one. */
  const memberKind = (kind: Kind, span: FormulaSpan): Kind => {
    expectKind(kind, ["list", "set", "map"], "a set", span);
    return kind === null ? null : kind.of === "map" ? null : (kind as { member: Kind }).member;
  };
  // `<`, `<=`, `>`, `>=` need values of one kind; `==` and `!=` values that may be equal.
  const ORDERS = ["<", "<=", ">", ">="];

  const compile = (f: Formula, scope: Scope): [Eval, Kind] => {
    switch (f.kind) {
      case "int": {
        const value = f.value;
        return [() => value, NUMBER];
      }
      case "string": {
        const value = f.value;
        return [() => value, TEXT];
      }
      case "name":
        return compileName(f, scope);
      case "field":
        return compileField(f, scope);
      case "index": {
        const [[target, targetKind], [key]] = [compile(f.target, scope), compile(f.key, scope)];
        const span = f.target.span;
        if (targetKind !== null && targetKind.of !== "list" && targetKind.of !== "map") {
          throw new FormulaError(
            `cannot index ${kindName(targetKind)}: not a list or map`,
            span,
            [],
            KIND_HINT,
          );
        }
        const member = targetKind?.of === "list" ? targetKind.member : null;
        return [(view, env) => entryOf(target(view, env), key(view, env), span), member];
      }
      case "range": {
        const [[low, lowKind], [high, highKind]] = [compile(f.low, scope), compile(f.high, scope)];
        const [lowSpan, highSpan] = [f.low.span, f.high.span];
        expectKind(lowKind, ["number"], "a number", lowSpan);
        expectKind(highKind, ["number"], "a number", highSpan);
        return [
          (view, env) => {
            const from = numberOf(low(view, env), lowSpan);
            const to = numberOf(high(view, env), highSpan);
            return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
          },
          listOf(NUMBER),
        ];
      }
      case "not": {
        const operand = condition(f.operand, scope);
        return [(view, env) => !operand(view, env), BOOL];
      }
      case "and": {
        const [left, right] = [condition(f.left, scope), condition(f.right, scope)];
        return [(view, env) => left(view, env) && right(view, env), BOOL];
      }
      case "or": {
        const [left, right] = [condition(f.left, scope), condition(f.right, scope)];
        return [(view, env) => left(view, env) || right(view, env), BOOL];
      }
      case "implies": {
        const [left, right] = [condition(f.left, scope), condition(f.right, scope)];
        return [(view, env) => !left(view, env) || right(view, env), BOOL];
      }
      case "compare": {
        const [[left, leftKind], [right, rightKind]] = [
          compile(f.left, scope),
          compile(f.right, scope),
        ];
        const span = f.span;
        if (ORDERS.includes(f.op) && !orderable(leftKind, rightKind)) {
          throw new FormulaError(
            `cannot order ${kindName(leftKind!)} and ${kindName(rightKind!)}`,
            span,
            [],
            KIND_HINT,
          );
        }
        if (!ORDERS.includes(f.op) && !comparable(leftKind, rightKind)) {
          throw new FormulaError(
            `compares ${kindName(leftKind!)} with ${kindName(rightKind!)}, which are never equal`,
            span,
            [],
            KIND_HINT,
          );
        }
        const test = COMPARE[f.op];
        return [(view, env) => test(left(view, env), right(view, env), span), BOOL];
      }
      case "member": {
        const [[element], [set, setKind]] = [compile(f.element, scope), compile(f.set, scope)];
        const span = f.set.span;
        memberKind(setKind, span);
        return [
          (view, env) => membersOf(set(view, env), span).some((m) => same(m, element(view, env))),
          BOOL,
        ];
      }
      case "arith": {
        const [[left, leftKind], [right, rightKind]] = [
          compile(f.left, scope),
          compile(f.right, scope),
        ];
        expectKind(leftKind, ["number"], "a number", f.left.span);
        expectKind(rightKind, ["number"], "a number", f.right.span);
        const sign = f.op === "+" ? 1 : -1;
        const span = f.span;
        return [
          (view, env) =>
            numberOf(left(view, env), f.left.span) + sign * numberOf(right(view, env), span),
          NUMBER,
        ];
      }
      case "count":
      case "quorum": {
        const [set, setKind] = compile(f.binding.set, scope);
        const span = f.binding.set.span;
        const inner = [...scope, { name: f.binding.name.text, kind: memberKind(setKind, span) }];
        const body = f.body === null ? () => true : condition(f.body, inner);
        const slot = scope.length;
        const members = (view: ClusterView, env: Env): Value[] =>
          membersOf(set(view, env), span).filter((member) => {
            env[slot] = member;
            return body(view, env);
          });
        if (f.kind === "count") return [(view, env) => members(view, env).length, NUMBER];
        const { isQuorum } = context;
        return [
          (view, env) => isQuorum(members(view, env).map((m) => (isNode(m) ? m.id : String(m)))),
          BOOL,
        ];
      }
      case "quantified": {
        let inner = [...scope];
        const sets: [Eval, number, FormulaSpan][] = [];
        for (const binding of f.bindings) {
          const [set, setKind] = compile(binding.set, inner);
          const kind = memberKind(setKind, binding.set.span);
          sets.push([set, inner.length, binding.set.span]);
          inner = [...inner, { name: binding.name.text, kind }];
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
        return [(view, env) => loop(0, view, env), BOOL];
      }
    }
  };

  /** `E.field`: a node's field (checked against its role's), a record's, or any other's. */
  const compileField = (f: Formula & { kind: "field" }, scope: Scope): [Eval, Kind] => {
    const [target, kind] = compile(f.target, scope);
    const field = f.field.text;
    const read: Eval = (view, env) => fieldOf(target(view, env), field);
    if (kind === null || kind.of === "map" || kind.of === "list" || kind.of === "set") {
      return [read, null];
    }
    if (kind.of === "node") {
      if (field === "id" || field === "role") return [read, TEXT];
      if (field === "crashed") return [read, BOOL];
      // A role with no node in this model has no fields to check against: nothing is read.
      const roles = kind.roles.filter((role) => context.fields.has(role));
      if (roles.length === 0) return [read, null];
      const kinds = roles.flatMap((role) => {
        const fields = context.fields.get(role)!;
        return fields.has(field) ? [kindOf(fields.get(field))] : [];
      });
      if (kinds.length === 0) {
        noSuchField(kind, f.field, [
          ...NODE_BUILTINS,
          ...new Set(roles.flatMap((role) => [...context.fields.get(role)!.keys()])),
        ]);
      }
      // Several roles whose fields differ in kind: not known.
      return [read, kinds.every((k) => sameKind(k, kinds[0]!)) ? kinds[0]! : null];
    }
    if (kind.of === "record") {
      if (!kind.fields.has(field)) noSuchField(kind, f.field, [...kind.fields.keys()]);
      return [read, kind.fields.get(field)!];
    }
    throw new FormulaError(
      `${kindName(kind)} has no fields`,
      f.field.span,
      [],
      `\`.${field}\` reads a field of a node, a record, a message or a fact.`,
    );
  };

  /** Refuses `.field` on a node or record that has none by that name, naming those it has. */
  const noSuchField = (kind: Exclude<Kind, null>, field: FormulaName, known: string[]): never => {
    throw new FormulaError(
      `${kindName(kind)} has no field \`${field.text}\``,
      field.span,
      known,
      `its fields: ${known.join(", ")}.`,
    );
  };

  /** A formula that must be true or false. */
  const condition = (f: Formula, scope: Scope) => {
    const [evaluate, kind] = compile(f, scope);
    const span = f.span;
    expectKind(kind, ["bool"], "true or false", span);
    return (view: ClusterView, env: Env): boolean => {
      const value = evaluate(view, env);
      if (typeof value !== "boolean") {
        throw new FormulaRuntimeError(`expected true or false, found ${describe(value)}`, span);
      }
      return value;
    };
  };

  const compileName = (f: Formula & { kind: "name" }, scope: Scope): [Eval, Kind] => {
    for (let slot = scope.length - 1; slot >= 0; slot--) {
      if (scope[slot]!.name === f.text) return [(_view, env) => env[slot], scope[slot]!.kind];
    }
    const name = f.text;
    if (name === "true" || name === "false") {
      const value = name === "true";
      return [() => value, BOOL];
    }
    if (name === "none") return [() => null, null];
    // `acceptors`, `replicas`, …, and for a protocol's own roles the role's name with an s.
    const role = ROLE_SETS[name] ?? allRoles.find((r) => `${r}s` === name);
    if (role !== undefined) {
      roles.add(role);
      const indices = context.nodes.flatMap((node, i) => (node.role === role ? [i] : []));
      return [(view) => indices.map((i) => view.nodes[i]), listOf({ of: "node", roles: [role] })];
    }
    if (name === "nodes") {
      anyNode = true;
      return [(view) => view.nodes, listOf({ of: "node", roles: allRoles })];
    }
    if (name === "messages") {
      readsMessages = true;
      return [(view) => view.messages, listOf(null)];
    }
    if (name === "history") return [(view) => view.facts, listOf(null)];
    if (name === "values") {
      const values = context.values;
      return [() => values, listOf(TEXT)];
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
      return [() => ballots, listOf(ballots.length === 0 ? null : kindOf(ballots[0]))];
    }
    const index = nodeIndex.get(name);
    if (index !== undefined) {
      const role = context.nodes[index]!.role;
      roles.add(role);
      named.nodes.push(name);
      return [(view) => view.nodes[index], { of: "node", roles: [role] }];
    }
    if (context.values.includes(name)) {
      named.values.push(name);
      return [() => name, TEXT];
    }
    const condition = context.conditions.get(name);
    if (condition !== undefined) {
      anyNode = true;
      if (condition.readsMessages !== false) readsMessages = true;
      return [(view) => condition.holds(view), BOOL];
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
    let scope: { name: string; kind: Kind }[] = [];
    const sets: [Eval, FormulaSpan][] = [];
    for (const binding of f.bindings) {
      const [set, kind] = compile(binding.set, scope);
      sets.push([set, binding.set.span]);
      scope = [...scope, { name: binding.name.text, kind: memberKind(kind, binding.set.span) }];
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
