/**
 * `synod check --self-check`: what a protocol declares only for speed, checked against the
 * protocol itself on the states of a bounded search. Each declaration lets the search skip work;
 * a wrong one gives a wrong verdict, silently. Three kinds are checked, each by running without
 * the reduction and comparing:
 *
 * - messages a node ignores forever (`ignoresForever`): delivering one where the runtime drops
 *   it must change nothing and send nothing;
 * - what a property reads (`readsRoles`, `readsMessages`, `readsOnlyHistory`): its remembered
 *   value must be the value it has when evaluated afresh;
 * - symmetry (the protocol's renamings): a state and its representative must satisfy the same
 *   properties and have the same successors, up to renaming.
 */
import { is } from "immutable";
import type { CheckableSystem } from "../core/checkable.ts";
import type { Cluster, Envelope, NodeBehaviour } from "../core/protocol.ts";
import { explore } from "../check/explorer.ts";
import { buildActorSystem } from "../system/actor-system.ts";
import { buildSystem } from "./build.ts";
import { successorClasses } from "../system/renaming-check.ts";
import type { LoadedModel } from "./load.ts";

/** What one kind of declaration came to. */
export interface HintCheck {
  /** The declaration, in words. */
  readonly hint: string;
  /** How many times it was checked. */
  readonly checked: number;
  /** The first few cases where it was wrong, in words; empty if none. */
  readonly wrong: readonly string[];
}

/** At most this many wrong cases are kept per declaration. */
const KEEP = 5;

/** Checks a model's speed declarations on the first `maxStates` states of a search. */
export function selfCheck(loaded: LoadedModel, maxStates = 20_000): HintCheck[] {
  const noSymmetry = { ...loaded, model: { ...loaded.model, symmetry: NO_SYMMETRY } };
  const checks: HintCheck[] = [];
  const obsolete = obsoleteMessages(noSymmetry, maxStates);
  if (obsolete !== null) checks.push(obsolete);
  checks.push(propertyReads(noSymmetry, buildSystem(noSymmetry), maxStates));
  const { symmetry } = loaded.model;
  if ((symmetry.acceptors || symmetry.values) && loaded.liveness.length === 0) {
    checks.push(renamings(loaded, buildSystem(loaded), maxStates));
  }
  return checks;
}

const NO_SYMMETRY = { acceptors: false, values: false };

/** States in breadth-first order from the initial ones, at most `max`, not reduced. */
function statesOf(system: CheckableSystem, max: number): Int32Array[] {
  const seen = new Set<string>();
  const states: Int32Array[] = [];
  const add = (state: Int32Array) => {
    const key = state.join(",");
    if (seen.has(key) || states.length >= max) return;
    seen.add(key);
    states.push(state);
  };
  system.initialStates().forEach(add);
  for (let i = 0; i < states.length && states.length < max; i++) {
    system.successors(states[i]!, (_action, buffer, length) => add(buffer.slice(0, length)));
  }
  return states;
}

/** Each message a node says it ignores forever, delivered there instead: a no-op? */
export function obsoleteMessages(loaded: LoadedModel, maxStates: number): HintCheck | null {
  const { model, protocol, variant, invariants } = loaded;
  if (protocol.build === undefined) return null;
  const cluster = protocol.build(model, variant);
  if (cluster.nodes.every((node) => node.ignoresForever === undefined)) return null;
  let checked = 0;
  const wrong: string[] = [];
  const watched: Cluster = {
    ...cluster,
    nodes: cluster.nodes.map((node): NodeBehaviour<unknown, Envelope> => ({
      ...node,
      ignoresForever: (state, message) => {
        const ignored = node.ignoresForever?.(state, message) ?? false;
        if (ignored) {
          checked++;
          const step = node.receive(state, message);
          if ((!is(step.state, state) || step.send.length > 0) && wrong.length < KEEP) {
            wrong.push(
              `${node.id} says it ignores ${cluster.describeMessage(message)} forever, but receiving it ${step.send.length > 0 ? "sends messages" : "changes its state"}`,
            );
          }
        }
        return ignored;
      },
    })),
  };
  const localKinds = protocol.localActions?.map((kind) => kind.name) ?? [];
  // The real search: the runtime asks `ignoresForever` as it writes each successor.
  explore(buildActorSystem(model, watched, invariants, [], localKinds), { maxStates });
  return { hint: "messages ignored forever are no-ops where they are dropped", checked, wrong };
}

/** Each property's remembered value against its value evaluated afresh. */
function propertyReads(loaded: LoadedModel, system: CheckableSystem, maxStates: number): HintCheck {
  let checked = 0;
  const wrong: string[] = [];
  const states = statesOf(system, maxStates);
  for (const state of states) {
    const view = system.view(state);
    system.invariants.forEach((invariant, i) => {
      checked++;
      const remembered = invariant.holds(state.slice());
      if (remembered !== loaded.invariants[i]!.holds(view) && wrong.length < KEEP) {
        wrong.push(
          `${invariant.id} is remembered as ${remembered ? "holding" : "violated"} in a state where it is ${remembered ? "violated" : "holding"}: it reads more than it declares`,
        );
      }
    });
    const steps = system.stepInvariants ?? [];
    if (steps.length === 0) continue;
    system.successors(state, (action, buffer, length) => {
      const after = buffer.slice(0, length);
      const afterView = system.view(after);
      steps.forEach((step, j) => {
        checked++;
        const remembered = step.holds(state, action, after, length);
        const fresh = loaded.steps[j]!.holds(view, action, afterView);
        if (remembered !== fresh && wrong.length < KEEP) {
          wrong.push(
            `${step.id} is remembered as ${remembered ? "holding" : "violated"} on a step where it is ${fresh ? "holding" : "violated"}: it reads more than the history`,
          );
        }
      });
    });
  }
  return { hint: "properties read only what they declare", checked, wrong };
}

/** A state and its representative: the same properties, the same successors up to renaming. */
function renamings(loaded: LoadedModel, system: CheckableSystem, maxStates: number): HintCheck {
  const canonical = (state: Int32Array): Int32Array => {
    const copy = state.slice();
    system.canonicalize!(copy, copy.length);
    return copy;
  };
  const classes = {
    successors: system.successors.bind(system),
    canonicalize: system.canonicalize!.bind(system),
  };
  const successors = (state: Int32Array): number[] =>
    [...successorClasses(classes, state).keys()].sort((a, b) => a - b);
  let checked = 0;
  const wrong: string[] = [];
  // A bounded search without reduction, so that states other than representatives are met.
  const states = statesOf(system, maxStates);
  for (const state of states) {
    const representative = canonical(state);
    checked++;
    const view = system.view(state);
    const renamed = system.view(representative);
    for (const invariant of loaded.invariants) {
      if (invariant.holds(view) !== invariant.holds(renamed) && wrong.length < KEEP) {
        wrong.push(`${invariant.id} tells a state from its renaming: it depends on names`);
      }
    }
    const here = successors(state);
    const there = successors(representative);
    if (here.join(";") !== there.join(";") && wrong.length < KEEP) {
      wrong.push(
        `a state and its renaming have different successors (${here.length} and ${there.length} up to renaming): a rule depends on names, or the protocol's renaming misses part of a state`,
      );
    }
  }
  return { hint: "renamed states behave alike (symmetry)", checked, wrong };
}
