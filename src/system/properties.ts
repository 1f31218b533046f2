/**
 * An actor system's invariants, step properties and liveness predicates as the engine checks
 * them: each evaluated on a decoded view, and remembered by what it reads. A property that
 * ignores the network has the same value for every state with the same nodes and history; one
 * that reads some roles only, for every state with the same nodes of those roles.
 */
import type {
  ClusterView,
  Envelope,
  Invariant,
  NodeBehaviour,
  StepProperty,
} from "../core/protocol.ts";
import type { StateInvariant, StepInvariant } from "../core/transition-system.ts";
import type { Layout } from "./encoding.ts";
import { IntKeys, rememberedById } from "./remember.ts";

/** The checks of an actor system's properties. */
export interface ActorProperties {
  readonly stateInvariants: StateInvariant[];
  readonly stepInvariants: StepInvariant[];
  /** A liveness predicate as a check of states, remembered as invariants are. */
  statePredicate(
    holds: (view: ClusterView) => boolean,
    readsMessages: boolean,
  ): (state: Int32Array) => boolean;
}

/** The properties of an actor system over states read with `view`. */
export function actorProperties(
  nodes: readonly NodeBehaviour<unknown, Envelope>[],
  layout: Layout,
  view: (state: Int32Array) => ClusterView,
  invariants: readonly Invariant[],
  steps: readonly StepProperty[],
): ActorProperties {
  const header = layout.facts;
  // Invariants read a decoded view; decode once per state, however many invariants there are.
  let viewedState: Int32Array | null = null;
  let viewed: ClusterView | null = null;
  const viewOf = (state: Int32Array): ClusterView => {
    if (state !== viewedState) {
      viewedState = state;
      viewed = view(state);
    }
    return viewed!;
  };
  // A property that ignores the network has the same value for every state with the same nodes
  // and history; one that reads only some roles, for every state with the same nodes of those
  // roles. Remember it by that key (the nodes' slots, then the history facts), numbered once per
  // state for each set of roles.
  let scratch = new Int32Array(64);
  const roleKeys = new Map<string, (state: Int32Array) => number>();
  const keyByRoles = (roles: readonly string[]): ((state: Int32Array) => number) => {
    const name = [...roles].sort().join(",");
    let idOf = roleKeys.get(name);
    if (idOf === undefined) {
      const positions = nodes.flatMap((node, i) => (roles.includes(node.role) ? [i] : []));
      const keys = new IntKeys();
      let keyed: Int32Array | null = null;
      let id = 0;
      idOf = (state) => {
        if (state !== keyed) {
          keyed = state;
          const facts = state[layout.factCount]!;
          const length = positions.length + facts;
          if (length > scratch.length) scratch = new Int32Array(2 * length);
          const width = positions.length;
          for (let k = 0; k < width; k++) scratch[k] = state[positions[k]!]!;
          // A loop, not `set` of a subarray: no view made per state.
          for (let f = 0; f < facts; f++) scratch[width + f] = state[header + f]!;
          id = keys.id(scratch, length);
        }
        return id;
      };
      roleKeys.set(name, idOf);
    }
    return idOf;
  };
  const nodesAndHistory = keyByRoles([...new Set(nodes.map((node) => node.role))]);
  const stateInvariants: StateInvariant[] = invariants.map((invariant) => ({
    id: invariant.id,
    holds:
      invariant.readsMessages === true
        ? (state: Int32Array) => invariant.holds(viewOf(state))
        : rememberedById(
            invariant.readsRoles === undefined ? nodesAndHistory : keyByRoles(invariant.readsRoles),
            (state: Int32Array) => invariant.holds(viewOf(state)),
          ),
  }));

  /** True if two states hold the same history facts. */
  const sameHistory = (a: Int32Array, b: Int32Array): boolean => {
    const n = a[layout.factCount]!;
    if (b[layout.factCount] !== n) return false;
    for (let i = header; i < header + n; i++) if (a[i] !== b[i]) return false;
    return true;
  };
  const stepInvariants: StepInvariant[] = steps.map((property) => {
    if (property.readsOnlyHistory !== true) {
      return {
        id: property.id,
        holds: (before, action, after, length) =>
          property.holds(view(before), action, view(after.subarray(0, length))),
      };
    }
    // Its value depends only on the two histories: remember it by them (the first one's length,
    // then both). The history lies before the messages, so it can be read off the scratch buffer
    // directly.
    const histories = new IntKeys();
    const byHistories = rememberedById(
      (before: Int32Array, _action: number, after: Int32Array, _length: number) => {
        const n = before[layout.factCount]!;
        const m = after[layout.factCount]!;
        if (1 + n + m > scratch.length) scratch = new Int32Array(2 * (1 + n + m));
        scratch[0] = n;
        scratch.set(before.subarray(header, header + n), 1);
        scratch.set(after.subarray(header, header + m), 1 + n);
        return histories.id(scratch, 1 + n + m);
      },
      (before: Int32Array, action: number, after: Int32Array, length: number) =>
        property.holds(view(before), action, view(after.subarray(0, length))),
    );
    return {
      id: property.id,
      holds: (before, action, after, length) =>
        sameHistory(before, after) || byHistories(before, action, after, length),
    };
  });

  // A predicate that ignores the network is remembered by the nodes and history, as invariants.
  const statePredicate = (holds: (view: ClusterView) => boolean, readsMessages: boolean) =>
    readsMessages
      ? (state: Int32Array) => holds(viewOf(state))
      : rememberedById(nodesAndHistory, (state: Int32Array) => holds(viewOf(state)));
  return { stateInvariants, stepInvariants, statePredicate };
}
