/**
 * The properties a model states itself (`invariant`, `reachable` and `liveness` lines),
 * compiled against the protocol's nodes and the model's values into ordinary invariants,
 * witnesses and liveness predicates, which synod checks as it checks the protocol's own.
 * A name or field the formula cannot mean is a {@link ModelError} at its place in the file.
 */
import {
  compileFormula,
  FormulaError,
  FormulaRuntimeError,
  type FormulaContext,
  type PropertyDecl,
} from "../core/formula.ts";
import { UserCodeError } from "../core/contracts.ts";
import type { Model } from "../core/model.ts";
import { majority, quorumSystem } from "../core/quorums.ts";
import type {
  ClusterView,
  FormulaNode,
  Invariant,
  Protocol,
  StatePredicate,
  Variant,
} from "../core/protocol.ts";
import { lineAndColumn, ModelError } from "./errors.ts";
import { didYouMean } from "./suggest.ts";

/** A `reachable` line: a state the search must be able to reach (a witness). */
export interface Reachable {
  readonly id: string;
  /** The formula as written. */
  readonly formula: string;
  /** True in a state that witnesses it. */
  readonly holds: (view: ClusterView) => boolean;
  /** True if the formula reads the messages in flight. */
  readonly readsMessages: boolean;
}

/**
 * The model's `invariant` lines as invariants and its `reachable` lines as witnesses to look
 * for; `taken` are the protocol's property names.
 */
export function userProperties(
  model: Model,
  protocol: Protocol,
  variant: Variant | null,
  taken: readonly string[],
): {
  invariants: Invariant<ClusterView>[];
  reachables: Reachable[];
  liveness: StatePredicate<ClusterView>[];
} {
  const stated = model.properties;
  if (stated.length === 0) return { invariants: [], reachables: [], liveness: [] };
  const fail = (message: string, span: { start: number; end: number }, hint: string): never => {
    throw new ModelError(message, span, hint, model.file, model.source);
  };
  if (protocol.build === undefined && protocol.formulaNodes === undefined) {
    fail(
      `protocol \`${protocol.name}\` does not show its nodes to formulas`,
      stated[0]!.span,
      "properties of your own need a protocol whose nodes formulas can read (`paxos`, `multipaxos`, `paxos-abstract`, or an actor protocol of yours); state this one in the protocol's code.",
    );
  }
  // Liveness needs fairness, which is stated over the actions of nodes: an actor protocol's.
  const temporal = stated.find((property) => property.form === "liveness");
  if (temporal !== undefined && protocol.build === undefined) {
    fail(
      `protocol \`${protocol.name}\` cannot be checked for liveness`,
      temporal.span,
      "it is a specification with no processes, so no fairness; check liveness on `paxos` or `multipaxos`, and state `invariant` or `reachable` lines here.",
    );
  }
  const context = formulaContext(model, protocol, variant);
  const compiled = stated.map((property) => {
    // Witnesses have names of their own (`--witness NAME`): `reachable decided: decided` is fine.
    if (property.form === "invariant" && taken.includes(property.name.text)) {
      fail(
        `protocol \`${protocol.name}\` already has a property \`${property.name.text}\``,
        property.name.span,
        "give yours another name.",
      );
    }
    try {
      return property.form === "liveness"
        ? livenessOf(model, property, context)
        : invariantOf(model, property, context);
    } catch (error) {
      if (!(error instanceof FormulaError)) throw error;
      return fail(
        error.message,
        error.span,
        error.known.length > 0
          ? didYouMean(nameAt(model, error.span), error.known, "names")
          : error.hint,
      );
    }
  });
  const invariants = compiled.filter((_, i) => stated[i]!.form === "invariant");
  const reachables = compiled
    .filter((_, i) => stated[i]!.form === "reachable")
    .map((invariant) => ({
      id: invariant.id,
      formula: invariant.formula!,
      holds: invariant.holds,
      readsMessages: invariant.readsMessages === true,
    }));
  const liveness = compiled.filter(
    (_, i) => stated[i]!.form === "liveness",
  ) as StatePredicate<ClusterView>[];
  return { invariants, reachables, liveness };
}

/**
 * A `liveness NAME: …` line as a predicate the liveness check takes: Q, which must come to
 * hold, and for `P ~> Q` and `always eventually Q` the trigger after which it must.
 */
function livenessOf(
  model: Model,
  property: PropertyDecl,
  context: FormulaContext,
): StatePredicate<ClusterView> & Invariant<ClusterView> {
  const goal = invariantOf(model, property, context);
  const line = model.source.slice(property.span.start, property.span.end);
  const text = line.slice(line.indexOf(":") + 1).trim();
  const after =
    property.temporal === "leads-to"
      ? invariantOf(model, { ...property, formula: property.trigger! }, context)
      : null;
  const trigger =
    after !== null ? after.holds : property.temporal === "infinitely" ? () => true : undefined;
  const predicate = {
    ...goal,
    readsMessages: goal.readsMessages === true || after?.readsMessages === true,
    stated: property.name.text,
    formula: text,
    statement: `\`${text}\` (stated in the model)`,
    ...(trigger === undefined ? {} : { trigger }),
  };
  return predicate;
}

const nameAt = (model: Model, span: { start: number; end: number }) =>
  model.source.slice(span.start, span.end);

/** What a formula of this model may name. */
export function formulaContext(
  model: Model,
  protocol: Protocol,
  variant: Variant | null,
): FormulaContext {
  const nodes: readonly FormulaNode[] =
    protocol.build !== undefined
      ? protocol.build(model, variant).nodes.map(({ id, role, initial }) => ({ id, role, initial }))
      : protocol.formulaNodes!(model);
  // Each role's fields, with the value each holds in the initial state: a field's kind is
  // that value's (none where no node of the role holds one there).
  const fields = new Map<string, Map<string, unknown>>();
  for (const node of nodes) {
    const known = fields.get(node.role) ?? new Map<string, unknown>();
    for (const field of fieldNames(node.initial)) {
      const value = fieldValue(node.initial, field);
      if (!known.has(field) || known.get(field) === null) known.set(field, value);
    }
    fields.set(node.role, known);
  }
  const conditions = new Map<
    string,
    { holds(view: ClusterView): boolean; readsMessages?: boolean }
  >();
  for (const property of [...protocol.invariants, ...(protocol.predicates ?? [])]) {
    conditions.set(property.id, property as { holds(view: ClusterView): boolean });
  }
  return {
    nodes: nodes.map((node) => ({ id: node.id, role: node.role })),
    fields,
    values: [...model.values, ...(model.log?.commands ?? [])],
    ballots: protocol.ballots?.(model, variant) ?? null,
    isQuorum: quorumSystem(model.quorums, majority(model.acceptors)).phase2,
    conditions,
  };
}

/** A field of a node's state: a Record's or a plain object's; null if absent. */
function fieldValue(state: unknown, field: string): unknown {
  const record = state as { get?(k: string): unknown } & Record<string, unknown>;
  return (typeof record.get === "function" ? record.get(field) : record[field]) ?? null;
}

/** The fields of a node's state: a Record's keys, or a plain object's. */
function fieldNames(state: unknown): string[] {
  if (state === null || typeof state !== "object") return [];
  const record = state as { toSeq?(): { keySeq(): { toArray(): string[] } } };
  if (typeof record.toSeq === "function") return record.toSeq().keySeq().toArray();
  return Object.keys(state);
}

function invariantOf(
  model: Model,
  property: PropertyDecl,
  context: FormulaContext,
  // Liveness is checked without symmetry reduction: its formulas may name any node.
  underSymmetry = property.form !== "liveness",
): Invariant<ClusterView> {
  const compiled = compileFormula(property.formula, context);
  // A formula that names a node or value the search treats as interchangeable would be
  // checked on one member of each orbit only: its answer would depend on the renaming.
  const renamed = !underSymmetry
    ? null
    : model.symmetry.acceptors && compiled.named.nodes.length > 0
      ? `node \`${compiled.named.nodes[0]}\``
      : model.symmetry.values && compiled.named.values.length > 0
        ? `value \`${compiled.named.values[0]}\``
        : null;
  if (renamed !== null) {
    throw new ModelError(
      `property \`${property.name.text}\` names ${renamed}, which \`symmetry\` makes interchangeable with others`,
      property.formula.span,
      "quantify instead (`forall a in acceptors: …`), or remove the `symmetry` line.",
      model.file,
      model.source,
    );
  }
  const text = model.source.slice(property.formula.span.start, property.formula.span.end);
  const where = (span: { start: number }) => {
    const { line, column } = lineAndColumn(model.source, span.start);
    return `${model.file}:${line}:${column}`;
  };
  // A formula that cannot be evaluated in some state (comparing a ballot with a value, say) is
  // the model's mistake: exit 2 at its place, as a mistake in a protocol's code is.
  const located = (error: unknown): unknown =>
    error instanceof FormulaRuntimeError
      ? new UserCodeError(
          `${where(error.span)}: in property \`${property.name.text}\`: ${error.message}`,
          "a formula compares values of one kind (numbers, text, ballots), and quantifies over sets.",
        )
      : error;
  return {
    id: property.name.text,
    formula: text,
    statement: `\`${text}\` (stated in the model)`,
    rationale: `Stated in \`${model.file}\`.`,
    holds: (view) => {
      try {
        return compiled.holds(view);
      } catch (error) {
        throw located(error);
      }
    },
    readsMessages: compiled.readsMessages,
    ...(compiled.readsRoles === null ? {} : { readsRoles: compiled.readsRoles }),
    explain: (view) => {
      let cases: string[];
      try {
        cases = compiled.counterexamples(view);
      } catch (error) {
        throw located(error);
      }
      return cases.length === 0
        ? `\`${text}\` is false in this state.`
        : `\`${text}\` is false for ${cases.join("; ")}.`;
    },
  };
}
