/**
 * Lost messages searched as messages never delivered.
 *
 * On an `unordered` network, losing a message changes nothing but the network: the nodes'
 * states and the history stay as they are, and a run that leaves the message in flight instead,
 * never delivering it, can take every later step the lossy run takes (a delivery needs only its
 * message, a crash or a local step needs nothing of the network). So every state of a lossy run
 * has a state of a run without loss with the same nodes and history and more messages in flight,
 * reached in no more steps; and a run without loss is a run of the model. Unless something reads
 * the messages in flight or waits for the network to be empty, the search need not lose
 * messages: the same properties fail, with counterexamples of the same shortest length, over
 * fewer states. It must lose them when:
 * - a step may be a timeout, enabled only when no message is in flight (a loss can enable it);
 * - a liveness property is checked (a lost message is no longer one fairness must deliver);
 * - a property reads the messages in flight (`readsMessages`);
 * - coverage is counted (it counts the losses), or `--explore-drops` asks for them.
 */
import type { Model } from "../core/model.ts";
import type { LoadedModel } from "./load.ts";

/** True if the search of this model need not lose messages (see the module's comment). */
export function lossesNeedNoSearch(loaded: LoadedModel): boolean {
  const { model, protocol } = loaded;
  return (
    model.network === "unordered" &&
    model.faults.drop !== 0 &&
    model.exploreDrops !== true &&
    protocol.timeoutsIn?.(model) === false &&
    loaded.liveness.length === 0 &&
    [...loaded.invariants, ...loaded.reachables].every((p) => p.readsMessages !== true) &&
    loaded.steps.every((p) => (p as { readsMessages?: boolean }).readsMessages !== true)
  );
}

/** The model the search explores: without its drop budget where losses need no search. */
export function searchedModel(loaded: LoadedModel): Model {
  const { model } = loaded;
  return lossesNeedNoSearch(loaded) ? { ...model, faults: { ...model.faults, drop: 0 } } : model;
}

/**
 * The model with its losses searched (`--explore-drops`): for coverage, and for what takes steps
 * one at a time, as a run takes them (random walks, the explorer, a saved trace followed), which
 * may lose a message.
 */
export function withLosses(loaded: LoadedModel): LoadedModel {
  return { ...loaded, model: { ...loaded.model, exploreDrops: true } };
}
