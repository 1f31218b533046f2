/** Why a run breaks a safety property, in the words of the property's own `explain`. */
import type { LoadedModel } from "./load.ts";
import type { CheckableSystem } from "../core/checkable.ts";
import type { TraceStep } from "../check/search.ts";

/**
 * Why the last state of `trace` breaks invariant `violated`, or its last step step property
 * `violated`, in words; null if `violated` is neither (a liveness property).
 */
export function explainSafety(
  loaded: LoadedModel,
  system: CheckableSystem,
  trace: readonly TraceStep[],
  violated: string,
): string | null {
  const last = trace[trace.length - 1]!;
  const invariant = loaded.invariants.find((i) => i.id === violated);
  if (invariant !== undefined) return invariant.explain(system.view(last.state));
  const step = loaded.steps.find((p) => p.id === violated);
  if (step === undefined) return null;
  const before = system.view(trace[trace.length - 2]!.state);
  return step.explain(before, last.action!, system.view(last.state));
}

/** The violated invariant's drawing of the trace's last state, if it draws one. */
export function pictureOf(
  loaded: LoadedModel,
  system: CheckableSystem,
  trace: readonly TraceStep[],
  violated: string,
): readonly string[] | null {
  const invariant = loaded.invariants.find((i) => i.id === violated);
  if (invariant?.picture === undefined) return null;
  return invariant.picture(system.view(trace[trace.length - 1]!.state));
}
