/**
 * A one-entry memo for what a property derives from the model and the history alone (the
 * choices made so far), when the property also reads the network and so is evaluated in every
 * state. Successive states of a search are mostly one parent's successors, which share its
 * history, and history facts are interned: comparing them element by element by identity is
 * cheap.
 */
import type { ClusterView } from "../core/protocol.ts";
import type { Model } from "../core/model.ts";

export function lastByHistory<T>(derive: (view: ClusterView) => T): (view: ClusterView) => T {
  let model: Model | null = null;
  let facts: readonly unknown[] = [];
  let value: T | undefined;
  return (view) => {
    const now = view.facts;
    if (
      view.model !== model ||
      now.length !== facts.length ||
      now.some((fact, i) => fact !== facts[i])
    ) {
      value = derive(view);
      model = view.model;
      facts = now;
    }
    return value as T;
  };
}
