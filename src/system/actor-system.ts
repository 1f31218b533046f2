/**
 * The actor runtime: a protocol's nodes, the model's network and its fault budget, as one
 * {@link TransitionSystem}. This module assembles the parts, each in its own module: the
 * encoding (encoding.ts), the handlers' interned outcomes (outcomes.ts), the successors under the
 * network's semantics and the fault budget (successors.ts), decoding for people and properties
 * (decode.ts), properties remembered by what they read (properties.ts) and symmetry
 * (symmetry.ts).
 *
 * A global state is an integer vector (see {@link Layout}): each node's interned local state and
 * crashed flag, the remaining fault budget, the history facts recorded so far (a sorted set of
 * ids), and the messages in flight (a sorted multiset of ids on an `unordered` network, a sorted
 * set on a `set` network).
 *
 * Handlers are pure, so the result of delivering message m to a node in local state s depends on
 * (node, s, m) alone: it is computed once, interned, and remembered. Generating a successor is
 * then integer work on a reused buffer; protocol code runs once per new (state, message) pair,
 * not once per successor.
 */
import type {
  Cluster,
  ClusterView,
  Envelope,
  Invariant,
  NodeBehaviour,
  StepProperty,
} from "../core/protocol.ts";
import type { Model } from "../core/model.ts";
import type { ActionClasses } from "../core/transition-system.ts";
import type { CheckableSystem } from "../core/checkable.ts";
import { SYSTEM_KINDS } from "../core/actions.ts";
import { ActionKind, actionKind, actionTarget, localNode, localOrdinal } from "./actions.ts";
import type { RegistryBuffers } from "./intern.ts";
import { KIND_BITS, type Layout } from "./encoding.ts";
import { handlerOutcomes } from "./outcomes.ts";
import { actorSuccessors } from "./successors.ts";
import { actorDecoder } from "./decode.ts";
import { actorProperties } from "./properties.ts";
import { symmetryReduction, type SymmetryReduction } from "./symmetry.ts";
import { renamingCheck } from "./renaming-check.ts";

export type { Layout } from "./encoding.ts";

/** Where {@link TransitionSystem.actionKey}'s keys of node actions begin: after every message's. */
const NODE_ACTIONS = 2 ** 40;

export interface ActorSystem extends CheckableSystem<ClusterView> {
  readonly cluster: Cluster;
  readonly layout: Layout;
  /** A message id's value in words: `p1 → a2: Prepare(b=1.p1)`. */
  describeMessage(id: number): string;
  /** The model's symmetry reduction, if it has one. */
  readonly symmetry?: SymmetryReduction;
}

/**
 * Builds the transition system of a protocol's nodes under a model's network and faults.
 * `localKinds` names the kinds of the nodes' own steps (the protocol's `localActions`).
 * `checkRenamings` (for the user's code, under symmetry) checks before each expansion that the
 * code treats renamed states alike (renaming-check.ts).
 */
export function buildActorSystem(
  model: Model,
  cluster: Cluster,
  invariants: readonly Invariant[],
  steps: readonly StepProperty[] = [],
  localKinds: readonly string[] = [],
  shared: RegistryBuffers | null = null,
  checkRenamings = false,
): ActorSystem {
  const kinds: readonly string[] = [...SYSTEM_KINDS, ...localKinds, "local"];
  const nodes: readonly NodeBehaviour<unknown, Envelope>[] = cluster.nodes;
  const nodeCount = nodes.length;
  const nodeIndex = new Map(nodes.map((node, i) => [node.id, i]));
  const layout: Layout = {
    nodes: 0,
    budget: nodeCount,
    factCount: nodeCount + 4,
    facts: nodeCount + 5,
  };

  const outcomes = handlerOutcomes(model, cluster, kinds, shared);
  const { destination, destinationOf, localSteps } = outcomes;
  const { initialStates, successors } = actorSuccessors(model, nodes, layout, outcomes);
  const decoder = actorDecoder(model, cluster, layout, outcomes);
  const properties = actorProperties(nodes, layout, decoder.view, invariants, steps);

  const actionClasses: ActionClasses = {
    kinds,
    faultKinds: ["drop", "duplicate", "crash", "restart"],
    instance: (state, action) => {
      const kind = actionKind(action);
      if (kind !== ActionKind.Local) return kind | (actionTarget(action) << KIND_BITS);
      const node = localNode(action);
      const step = localSteps(node, state[node]! >> 1)[localOrdinal(action)]!;
      return step.kind | (node << KIND_BITS);
    },
    kindOf: (instance) => instance & ((1 << KIND_BITS) - 1),
    nodeOf: (instance) => {
      const kind = instance & ((1 << KIND_BITS) - 1);
      const target = instance >>> KIND_BITS;
      if (kind <= ActionKind.Duplicate) return destination[target] ?? destinationOf(target);
      return target;
    },
    nodeIndex: (name) => nodeIndex.get(name) ?? -1,
    nodes: nodes.map((node) => node.id),
  };

  const symmetry = symmetryReduction(model, cluster, { ...outcomes, layout });
  if (symmetry !== undefined) outcomes.setRenamings(symmetry.renamingAt);
  const checkRenaming =
    symmetry !== undefined && checkRenamings
      ? renamingCheck(
          {
            successors,
            canonicalize: symmetry.canonicalize,
            invariants: properties.stateInvariants,
            describeAction: decoder.describeAction,
          },
          symmetry,
          cluster.symmetricRole ?? "acceptor",
        )
      : undefined;

  return {
    model,
    cluster,
    layout,
    initialStates,
    successors,
    invariants: properties.stateInvariants,
    stepInvariants: properties.stepInvariants,
    actions: actionClasses,
    // A message's id follows the order values were met in; its hash does not.
    actionKey: (action) => {
      const kind = actionKind(action);
      if (kind > ActionKind.Duplicate) return NODE_ACTIONS + action;
      return (outcomes.messages.hashOf(actionTarget(action)) >>> 0) * 8 + kind;
    },
    statePredicate: properties.statePredicate,
    ...(symmetry === undefined ? {} : { canonicalize: symmetry.canonicalize, symmetry }),
    ...(checkRenaming === undefined ? {} : { checkRenaming }),
    // Interned ids come from the shared registry, so a copy given it encodes states alike.
    portable: true,
    threadShared: outcomes.registry.buffers,
    saveShared: () => outcomes.registry.save(),
    ...decoder,
  };
}
