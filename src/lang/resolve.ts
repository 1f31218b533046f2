/**
 * Resolves the names in a parsed model that depend on the protocol: the protocol itself, its
 * variant, the invariants, step properties and liveness predicates to check. A protocol or
 * variant named by a path is a TypeScript file, imported at run time. Kept apart from the parser,
 * so that a search worker, given the model as parsed, loads no parser.
 */
import { dirname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { allowTypeScript } from "../compiled.ts";
import type {
  Invariant,
  Protocol,
  StatePredicate,
  StepProperty,
  Variant,
} from "../core/protocol.ts";
import { SYSTEM_KINDS } from "../core/actions.ts";
import { builtinProtocols, findProtocol } from "../protocols/registry.ts";
import { ModelError } from "./errors.ts";
import type { Model, NameRef } from "../core/model.ts";
import { didYouMean } from "./suggest.ts";

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
}

/** Resolves the protocol, variant and invariant names of a validated model. */
export async function resolveModel(model: Model): Promise<LoadedModel> {
  const fail = (message: string, ref: NameRef | null, hint: string): never => {
    throw new ModelError(message, ref?.span ?? model.header, hint, model.file, model.source);
  };

  let protocol: Protocol;
  if (model.protocol.isFile) {
    protocol = (await importDefinition(model, model.protocol, "protocol")) as Protocol;
  } else {
    const found = findProtocol(model.protocol.name);
    if (found === undefined) {
      fail(
        `unknown protocol \`${model.protocol.name}\``,
        model.protocol,
        didYouMean(
          model.protocol.name,
          builtinProtocols.map((p) => p.name),
          "protocols",
        ),
      );
    }
    protocol = found!;
  }

  let variant: Variant | null = null;
  if (model.variant !== null) {
    if (model.variant.isFile) {
      variant = (await importDefinition(model, model.variant, "variant")) as Variant;
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
    invariants.push(...protocol.invariants);
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

  return { model, protocol, variant, invariants, steps, liveness };
}

/**
 * Imports a protocol or variant from a TypeScript file named in the model, relative to the
 * model file. Its default export must be what `defineProtocol` or `definePaxosVariant` returns.
 */
async function importDefinition(
  model: Model,
  ref: NameRef,
  kind: "protocol" | "variant",
): Promise<Protocol | Variant> {
  const path = resolve(dirname(model.file), ref.name);
  const fail = (message: string, hint: string): never => {
    throw new ModelError(message, ref.span, hint, model.file, model.source);
  };
  let module: { default?: unknown };
  try {
    await allowTypeScript();
    module = (await import(pathToFileURL(path).href)) as { default?: unknown };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Not found: the file itself, not a module it imports.
    const missing = /^Cannot find (?:module|package) '([^']+)'/.exec(
      String((error as Error).message),
    )?.[1];
    if (
      code === "ERR_MODULE_NOT_FOUND" &&
      (missing === path || missing === pathToFileURL(path).href)
    ) {
      return fail(
        `cannot find the ${kind} file \`${ref.name}\``,
        `the path is relative to the model file: ${path}`,
      );
    }
    const first = String((error as Error).message ?? error).split("\n")[0];
    return fail(
      `the ${kind} file \`${ref.name}\` failed to load: ${first}`,
      "fix the file, then run again.",
    );
  }
  const definition = module.default as { kind?: unknown } | undefined;
  if (definition === undefined || definition === null || definition.kind !== kind) {
    const make = kind === "variant" ? "definePaxosVariant({...})" : "defineProtocol({...})";
    return fail(
      `\`${ref.name}\` does not export a ${kind}`,
      `its default export must be a ${kind} made with \`${make}\` (see docs/authoring.md).`,
    );
  }
  return definition as Protocol | Variant;
}
