/**
 * Resolves the names in a validated model that depend on its protocol: the variant, the
 * invariants, step properties and liveness predicates to check, the kinds of action fairness
 * names. The protocol is found by whoever knows the protocols (app/load.ts), which also imports
 * a variant the model names by path. Kept apart from the parser, so that a search worker, given
 * the model as parsed, loads no parser.
 */
import { livenessName } from "../core/protocol.ts";
import type {
  Invariant,
  Protocol,
  StatePredicate,
  StepProperty,
  Variant,
} from "../core/protocol.ts";
import { SYSTEM_KINDS } from "../core/actions.ts";
import { ModelError } from "./errors.ts";
import type { Model, NameRef } from "../core/model.ts";
import { didYouMean } from "./suggest.ts";
import { userProperties, type Reachable } from "./user-properties.ts";

/** A model with everything it names resolved. */
export interface LoadedModel {
  readonly model: Model;
  readonly protocol: Protocol;
  readonly variant: Variant | null;
  /** The invariants to check, in the order the model lists them. */
  readonly invariants: readonly Invariant<any>[];
  /** The step properties to check, in the order the model lists them. */
  readonly steps: readonly StepProperty<any>[];
  /** The predicates of the liveness properties (`eventually P`), in the order listed. */
  readonly liveness: readonly StatePredicate<any>[];
  /** The states the model says must be reachable (`reachable NAME: …`), in order. */
  readonly reachables: readonly Reachable[];
}

/**
 * Resolves the variant and property names of a validated model of `protocol`. `importVariant`
 * imports a variant the model names by path.
 */
export async function resolveModel(
  model: Model,
  protocol: Protocol,
  importVariant: (ref: NameRef) => Promise<Variant>,
): Promise<LoadedModel> {
  const fail = (message: string, ref: NameRef | null, hint: string): never => {
    throw new ModelError(message, ref?.span ?? model.header, hint, model.file, model.source);
  };

  let variant: Variant | null = null;
  if (model.variant !== null) {
    if (model.variant.isFile) {
      variant = await importVariant(model.variant);
      if (variant.protocol !== protocol.name) {
        fail(
          `variant \`${variant.name}\` changes protocol \`${variant.protocol}\`, but this model checks \`${protocol.name}\``,
          model.variant,
          `use \`protocol ${variant.protocol}\`, or a variant of \`${protocol.name}\`.`,
        );
      }
    } else {
      const found = protocol.variants.find((v) => v.name === model.variant!.name);
      if (found === undefined) {
        fail(
          `protocol \`${protocol.name}\` has no variant \`${model.variant.name}\``,
          model.variant,
          didYouMean(
            model.variant.name,
            protocol.variants.map((v) => v.name),
            "variants",
          ),
        );
      }
      variant = found!;
    }
  }

  const allSteps = protocol.steps ?? [];
  const known = [...protocol.invariants.map((i) => i.id), ...allSteps.map((p) => p.id)];
  const invariants: Invariant<any>[] = [];
  const steps: StepProperty<any>[] = [];
  if (model.check === null) {
    invariants.push(
      ...protocol.invariants.filter(
        (i) => i.byDefault !== false && (i.vacuousIn?.(model) ?? null) === null,
      ),
    );
    steps.push(...allSteps);
  } else {
    for (const ref of model.check) {
      const invariant = protocol.invariants.find((i) => i.id === ref.name);
      const step = allSteps.find((p) => p.id === ref.name);
      if (invariant === undefined && step === undefined) {
        fail(
          `protocol \`${protocol.name}\` has no invariant \`${ref.name}\``,
          ref,
          didYouMean(ref.name, known, "invariants"),
        );
      }
      const vacuous = invariant?.vacuousIn?.(model) ?? null;
      if (vacuous !== null) {
        fail(`\`${ref.name}\` would hold trivially here: ${vacuous.why}`, ref, vacuous.hint);
      }
      if (invariant !== undefined) invariants.push(invariant);
      else steps.push(step!);
    }
  }
  const repeated = model.check?.find(
    (ref, i) => model.check!.findIndex((r) => r.name === ref.name) < i,
  );
  if (repeated !== undefined) {
    fail(`invariant \`${repeated.name}\` is listed twice`, repeated, "list each invariant once.");
  }

  const predicates = protocol.predicates ?? [];
  const liveness: StatePredicate<any>[] = [];
  for (const ref of model.liveness) {
    // `all_learners_decided` and `all-learners-decided` name the same predicate.
    const name = ref.name.replace(/_/g, "-");
    const predicate = predicates.find((p) => p.id === name);
    if (predicate === undefined) {
      fail(
        `protocol \`${protocol.name}\` has no predicate \`${ref.name}\` for \`eventually\``,
        ref,
        predicates.length === 0
          ? `protocol \`${protocol.name}\` exports no state predicate, so it cannot be checked for liveness.`
          : didYouMean(
              name,
              predicates.map((p) => p.id),
              "predicates",
            ),
      );
    }
    if (liveness.includes(predicate!)) {
      fail(`\`eventually ${ref.name}\` is listed twice`, ref, "list each property once.");
    }
    liveness.push(predicate!);
  }
  if (model.fairness.length > 0) {
    const kinds = [...SYSTEM_KINDS, ...(protocol.localActions ?? []).map((k) => k.name)];
    for (const { action } of model.fairness) {
      if (!kinds.includes(action.name)) {
        fail(
          `unknown kind of action \`${action.name}\``,
          action,
          didYouMean(action.name, kinds, "kinds of action"),
        );
      }
    }
  }

  const stated = userProperties(model, protocol, variant, [
    ...known,
    ...predicates.map((p) => p.id),
  ]);
  invariants.push(...stated.invariants);
  liveness.push(...stated.liveness);

  const expected = model.expect?.verdict;
  if (expected?.kind === "violates") {
    const checked = [
      ...invariants.map((i) => i.id),
      ...steps.map((p) => p.id),
      ...liveness.map(livenessName),
    ];
    if (!checked.includes(expected.property.name)) {
      fail(
        `\`expect\` names \`${expected.property.name}\`, which this model does not check`,
        expected.property,
        didYouMean(expected.property.name, checked, "properties it checks"),
      );
    }
  }

  return { model, protocol, variant, invariants, steps, liveness, reachables: stated.reachables };
}
