/**
 * The quorums the protocols and their invariants use: the model's quorum system with true
 * majorities (core/quorums.ts says what a quorum system is).
 */
import type { Model } from "../core/model.ts";
import { majority, quorumSystem, type QuorumSystem } from "../core/quorums.ts";

export { majority, quorumSystem, type QuorumSystem } from "../core/quorums.ts";

const byModel = new WeakMap<Model, QuorumSystem>();

/**
 * The model's quorum system, with true majorities: what "chosen" means to the invariants
 * (a variant's rules may use other quorums, which is what they get wrong). Made once per model.
 */
export function modelQuorums(model: Model): QuorumSystem {
  let quorums = byModel.get(model);
  if (quorums === undefined) {
    quorums = quorumSystem(model.quorums, majority(model.acceptors));
    byModel.set(model, quorums);
  }
  return quorums;
}
