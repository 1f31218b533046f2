/**
 * Renaming replicas in Multi-Paxos states, messages and history facts, for symmetry reduction.
 * Replica states name no node; proposers name replicas in their promises and acks.
 */
import { Map as IMap, Set as ISet } from "immutable";
import type { Renaming } from "../../core/protocol.ts";
import { ClientEvent, SlotVote, Submitted } from "./history.ts";
import { Accept, Accepted, Commit, Prepare, PromiseMsg, Reply, Request } from "./messages.ts";
import { ClientState, ProposerState, ReplicaState } from "./state.ts";

export function permute(x: unknown, r: Renaming): unknown {
  // A client's event names the client, which renaming replicas leaves as it is.
  if (
    x instanceof ReplicaState ||
    x instanceof ClientState ||
    x instanceof Submitted ||
    x instanceof ClientEvent
  ) {
    return x;
  }
  if (x instanceof ProposerState) {
    return x.merge({
      promises: IMap(x.promises.mapKeys((id) => r.node(id))),
      acks: x.acks.map((from) => ISet(from.map((id) => r.node(id)))),
    });
  }
  if (
    x instanceof Request ||
    x instanceof Prepare ||
    x instanceof PromiseMsg ||
    x instanceof Accept ||
    x instanceof Accepted ||
    x instanceof Commit ||
    x instanceof Reply
  ) {
    return (x as Prepare).merge({ from: r.node(x.from), to: r.node(x.to) });
  }
  if (x instanceof SlotVote) return x.set("replica", r.node(x.replica));
  throw new Error(`multipaxos symmetry: cannot rename ${String(x)}`);
}
