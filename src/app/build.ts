/**
 * A loaded model → the system to search: the protocol's own (message-set protocols) or an actor
 * system. Also what a search worker runs to build its copy (see check/parallel.ts): this module
 * and what it imports load no parser, so that a worker starts sooner.
 */
import { searchedModel } from "./reductions.ts";
import { resolveModel, type LoadedModel } from "./load.ts";
import type { Model } from "../core/model.ts";
import type { WorkerRecipe } from "../check/parallel.ts";
import { buildActorSystem } from "../system/actor-system.ts";
import type { CheckableSystem } from "../core/checkable.ts";
import type { ClusterView } from "../core/protocol.ts";
import type { RegistryBuffers } from "../system/intern.ts";
import { compiledUrl, sourceUrl } from "../runtime/compiled.ts";
import { workerEntry } from "../runtime/workers.ts";

const NO_SYMMETRY = { acceptors: false, values: false };

/**
 * The system of a loaded model. With a liveness property the search needs every edge of the
 * state graph as it is, so symmetry reduction is left out (see `warnings` in run.ts).
 * `threadShared` is another thread's system's (see TransitionSystem), to number states the same
 * way.
 */
export function buildSystem(loaded: LoadedModel, threadShared?: unknown): CheckableSystem {
  const system = systemOf(loaded, threadShared);
  if (loaded.reachables.length === 0) return system;
  // The witnesses, as predicates on encoded states (remembered as the invariants are).
  const witnesses = loaded.reachables.map((reachable) => ({
    id: reachable.id,
    holds:
      system.statePredicate?.(
        (view) => reachable.holds(view as ClusterView),
        reachable.readsMessages,
      ) ?? ((state: Int32Array) => reachable.holds(system.view(state) as ClusterView)),
  }));
  return Object.assign(system, { witnesses });
}

function systemOf(loaded: LoadedModel, threadShared?: unknown): CheckableSystem {
  const { protocol, variant, invariants, steps } = loaded;
  const searched = searchedModel(loaded);
  const model = loaded.liveness.length > 0 ? { ...searched, symmetry: NO_SYMMETRY } : searched;
  if (protocol.system !== undefined) return protocol.system(model, variant, invariants, steps);
  return buildActorSystem(
    model,
    protocol.build!(model, variant),
    invariants,
    steps,
    protocol.localActions?.map((kind) => kind.name) ?? [],
    (threadShared as RegistryBuffers | undefined) ?? null,
    // The built-in protocols and variants treat interchangeable nodes alike; the user's may not.
    model.protocol.isFile || model.variant?.isFile === true,
  );
}

/** What a search worker needs to build the system the coordinator built. */
export interface WorkerModel {
  /** The model as the coordinator parsed it (the worker resolves its names again). */
  readonly model: Model;
  /** The coordinator's system's `threadShared` (see TransitionSystem). */
  readonly shared: unknown;
  /**
   * The ids of the invariants and step properties the coordinator checks, which may be fewer
   * than the model names (`--continue` leaves out those already violated).
   */
  readonly checks: { readonly invariants: readonly string[]; readonly steps: readonly string[] };
}

/** How search workers build a copy of `system`, the system of `loaded`. */
export function workerRecipe(loaded: LoadedModel, system: CheckableSystem): WorkerRecipe {
  const { protocol, variant } = loaded.model;
  const module = sourceUrl(import.meta.url);
  // A protocol or variant of the user's is TypeScript: its workers need tsx.
  const mayCompile = !protocol.isFile && variant?.isFile !== true;
  return {
    module,
    data: {
      model: loaded.model,
      shared: system.threadShared,
      checks: {
        invariants: loaded.invariants.map((i) => i.id),
        steps: loaded.steps.map((p) => p.id),
      },
    } satisfies WorkerModel,
    compiledModule: mayCompile ? compiledUrl(module) : null,
    entry: workerEntry(),
  };
}

/** Builds a search worker's copy of the system (see {@link workerRecipe}). */
export async function buildWorkerSystem(data: WorkerModel): Promise<CheckableSystem> {
  const resolved = await resolveModel(data.model);
  const { invariants, steps } = data.checks;
  return buildSystem(
    {
      ...resolved,
      invariants: resolved.invariants.filter((i) => invariants.includes(i.id)),
      steps: resolved.steps.filter((p) => steps.includes(p.id)),
    },
    data.shared,
  );
}
