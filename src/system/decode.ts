/**
 * An actor system's states and actions for people and for properties: the decoded view that
 * invariants read, a state's snapshot for traces, each action in words and as an event.
 */
import type { Cluster, ClusterView, Envelope } from "../core/protocol.ts";
import type { Model } from "../core/model.ts";
import type { InFlight, Snapshot, StepEvent } from "../core/checkable.ts";
import { toData, type Data } from "../core/data.ts";
import { ActionKind, actionKind, actionTarget, localNode, localOrdinal } from "./actions.ts";
import { CRASH, DROP, DUPLICATE, RESTART, type Layout } from "./encoding.ts";
import type { HandlerOutcomes } from "./outcomes.ts";

/** How an actor system's states and actions read. */
export interface ActorDecoder {
  /** The state as protocol values, for properties (the messages decoded only if read). */
  view(state: Int32Array): ClusterView;
  /** The state for a trace: each node's fields, the messages, the budget, the history. */
  snapshot(state: Int32Array): Snapshot;
  /** A message id's value in words: `p1 → a2: Prepare(b=1.p1)`. */
  describeMessage(id: number): string;
  /** An action taken from `before`, in words. */
  describeAction(before: Int32Array, action: number): string;
  /** An action as data: its kind, node and message. */
  actionEvent(before: Int32Array, action: number): StepEvent;
}

/** The decoder of an actor system's states. */
export function actorDecoder(
  model: Model,
  cluster: Cluster,
  layout: Layout,
  outcomes: HandlerOutcomes,
): ActorDecoder {
  const { localStates, messages, facts, localSteps } = outcomes;
  const nodes = cluster.nodes;
  const header = layout.facts;

  const messageIds = (state: Int32Array): Int32Array =>
    state.subarray(header + state[layout.factCount]!);
  const factIds = (state: Int32Array): Int32Array =>
    state.subarray(header, header + state[layout.factCount]!);

  const view = (state: Int32Array): ClusterView => {
    // Most properties never look at the network: decode it only if one does.
    let inFlight: Envelope[] | null = null;
    const ids = messageIds(state).slice();
    return {
      model,
      nodes: nodes.map((node, i) => ({
        id: node.id,
        role: node.role,
        state: localStates.value(state[i]! >> 1),
        crashed: (state[i]! & 1) === 1,
      })),
      get messages() {
        return (inFlight ??= Array.from(ids, (id) => messages.value(id)));
      },
      facts: Array.from(factIds(state), (id) => facts.value(id)),
    };
  };

  const describeMessage = (id: number): string => {
    const message = messages.value(id);
    return `${message.from} → ${message.to}: ${cluster.describeMessage(message)}`;
  };

  const snapshot = (state: Int32Array): Snapshot => ({
    nodes: nodes.map((node, i) => ({
      id: node.id,
      role: node.role,
      crashed: (state[i]! & 1) === 1,
      fields: node.show(localStates.value(state[i]! >> 1)),
      data: toData(localStates.value(state[i]! >> 1)),
    })),
    messages: Array.from(messageIds(state), inFlight),
    budget: {
      drop: state[layout.budget + DROP]!,
      duplicate: state[layout.budget + DUPLICATE]!,
      crash: state[layout.budget + CRASH]!,
      restart: state[layout.budget + RESTART]!,
    },
    history: Array.from(factIds(state), (id) =>
      cluster.describeFact ? cluster.describeFact(facts.value(id)) : String(facts.value(id)),
    ),
    facts: Array.from(factIds(state), (id) => toData(facts.value(id))),
  });

  const describeAction = (before: Int32Array, action: number): string => {
    const target = actionTarget(action);
    switch (actionKind(action)) {
      case ActionKind.Deliver: {
        const message = messages.value(target);
        return `${message.to} receives ${cluster.describeMessage(message)} from ${message.from}`;
      }
      case ActionKind.Drop:
        return `the network loses ${describeMessage(target)}`;
      case ActionKind.Duplicate:
        return `the network duplicates ${describeMessage(target)}`;
      case ActionKind.Crash:
        return `${nodes[target]!.id} crashes`;
      case ActionKind.Recover:
        return `${nodes[target]!.id} recovers from its stable storage`;
      case ActionKind.Restart:
        return `${nodes[target]!.id} restarts and loses its volatile state`;
      case ActionKind.Local: {
        const node = localNode(action);
        return localSteps(node, before[node]! >> 1)[localOrdinal(action)]!.label;
      }
    }
    return `unknown action ${action}`;
  };

  const inFlight = (id: number): InFlight => {
    const message = messages.value(id);
    // The message's own fields, without its sender and receiver (the envelope's).
    const { from: _from, to: _to, ...body } = toData(message) as { [field: string]: Data };
    return {
      from: message.from,
      to: message.to,
      message: cluster.describeMessage(message),
      data: body,
    };
  };
  const actionEvent = (_before: Int32Array, action: number): StepEvent => {
    const target = actionTarget(action);
    switch (actionKind(action)) {
      case ActionKind.Deliver:
        return { kind: "deliver", node: messages.value(target).to, message: inFlight(target) };
      case ActionKind.Drop:
        return { kind: "drop", node: messages.value(target).to, message: inFlight(target) };
      case ActionKind.Duplicate:
        return { kind: "duplicate", node: messages.value(target).to, message: inFlight(target) };
      case ActionKind.Crash:
        return { kind: "crash", node: nodes[target]!.id };
      case ActionKind.Recover:
        return { kind: "recover", node: nodes[target]!.id };
      case ActionKind.Restart:
        return { kind: "restart", node: nodes[target]!.id };
      default:
        return { kind: "local", node: nodes[localNode(action)]!.id };
    }
  };

  return { view, snapshot, describeMessage, describeAction, actionEvent };
}
