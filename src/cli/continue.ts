/**
 * `check --continue` (TLC's `-continue`): go on after a violation, so that every violated
 * property is reported, each with its own shortest counterexample. A search stops at its first
 * violating state; here the check is run again without each property found violated, until a
 * run finds nothing more (or a limit stops it). Each further run starts from the initial state,
 * so a property's counterexample is a shortest one over the whole state graph, and the states
 * that violate a property already reported are searched through like any other.
 */
import { livenessName } from "../core/protocol.ts";
import type { LoadedModel } from "../app/load.ts";
import type { CheckReport } from "../run.ts";

/** The model without the property named `name` (as a result names it); null if nothing is left. */
export function withoutProperty(loaded: LoadedModel, name: string): LoadedModel | null {
  const next: LoadedModel = {
    ...loaded,
    invariants: loaded.invariants.filter((i) => i.id !== name),
    steps: loaded.steps.filter((p) => p.id !== name),
    liveness: loaded.liveness.filter((p) => livenessName(p) !== name),
    reachables: loaded.reachables.filter((r) => `reachable ${r.id}` !== name),
  };
  const left =
    next.invariants.length + next.steps.length + next.liveness.length + next.reachables.length;
  return left === 0 ? null : next;
}

/**
 * Runs `check` on the model, then again without each property violated, in order. Every report
 * after the first carries `without`: the properties left out of its search. The last report is
 * the first that found no violation, was stopped by a limit, or left nothing to check after it.
 */
export async function checkContinuing(
  loaded: LoadedModel,
  check: (loaded: LoadedModel) => Promise<CheckReport>,
): Promise<CheckReport[]> {
  const reports: CheckReport[] = [];
  const without: string[] = [];
  let current: LoadedModel | null = loaded;
  while (current !== null) {
    const report = await check(current);
    reports.push(without.length === 0 ? report : { ...report, without: [...without] });
    if (report.result.verdict !== "violation") break;
    without.push(report.result.violated!);
    current = withoutProperty(current, report.result.violated!);
    // The model's `expect` block describes the check as it stops, not the runs after it.
    if (current !== null) current = { ...current, model: { ...current.model, expect: null } };
  }
  return reports;
}
