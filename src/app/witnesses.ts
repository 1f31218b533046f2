/**
 * Reachability witnesses (`reachable NAME: FORMULA`): a state the model says the protocol can
 * reach, such as "a value is decided". A safety check that holds only because nothing ever
 * happens is vacuous; a witness that no reachable state satisfies says so. Each witness is
 * looked for by a breadth-first search whose one invariant is the formula's negation, so the
 * first state found is a shortest witness, found as soon as it is reached (most witnesses lie a
 * few steps deep); a witness that is never reached costs a whole search, the price of the news.
 */
import type { ClusterView, Invariant } from "../core/protocol.ts";
import type { ExploreOptions, ExploreResult } from "../check/search.ts";
import { explore } from "../check/explorer.ts";
import type { LoadedModel } from "./load.ts";
import type { Reachable } from "../lang/user-properties.ts";

/** What the search for one witness found. */
export interface WitnessReport {
  readonly id: string;
  /** The formula as written. */
  readonly formula: string;
  /** True if a reachable state satisfies it, false if none does, null if a limit stopped the search. */
  readonly found: boolean | null;
  /** The length of a shortest trace to such a state, when found. */
  readonly steps: number | null;
  /** Distinct states the search for it stored. */
  readonly distinctStates: number;
}

/** The model with the witness's negation as its one property: its "violation" is the witness. */
export function witnessModel(loaded: LoadedModel, reachable: Reachable): LoadedModel {
  const negation: Invariant<ClusterView> = {
    id: `reachable ${reachable.id}`,
    formula: `not (${reachable.formula})`,
    statement: `\`${reachable.formula}\` (reachable, stated in the model)`,
    rationale: `Stated in \`${loaded.model.file}\`.`,
    holds: (view) => !reachable.holds(view),
    readsMessages: reachable.readsMessages,
    explain: () => `\`${reachable.formula}\` holds in this state.`,
  };
  // The model states nothing else: what is printed as checked is the witness alone.
  const model = { ...loaded.model, properties: [], liveness: [] };
  return { ...loaded, model, invariants: [negation], steps: [], liveness: [], reachables: [] };
}

/** The witness a search of {@link witnessModel} found, or did not. */
export function witnessOf(reachable: Reachable, result: ExploreResult): WitnessReport {
  return {
    id: reachable.id,
    formula: reachable.formula,
    found: result.verdict === "violation" ? true : result.verdict === "ok" ? false : null,
    steps: result.trace === null ? null : result.trace.length - 1,
    distinctStates: result.distinctStates,
  };
}

/**
 * Looks for each witness of a model whose check found nothing wrong, one search each, on one
 * thread (search workers rebuild a model's properties from its file, which has no negations),
 * under the check's own limits and budget. `system` builds a model's transition system.
 */
export function findWitnesses(
  loaded: LoadedModel,
  options: ExploreOptions,
  system: (model: LoadedModel) => Parameters<typeof explore>[0],
): WitnessReport[] {
  const limits: ExploreOptions = {
    maxStates: options.maxStates ?? null,
    maxDepth: options.maxDepth ?? null,
    maxSeconds: options.maxSeconds ?? null,
    maxMemory: options.maxMemory ?? null,
    exact: options.exact ?? false,
    ...(options.budget === undefined ? {} : { budget: options.budget }),
  };
  return loaded.reachables.map((reachable) =>
    witnessOf(reachable, explore(system(witnessModel(loaded, reachable)), limits)),
  );
}
