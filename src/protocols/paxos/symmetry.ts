/**
 * Renaming acceptors and values in Paxos states, messages and history facts, for symmetry
 * reduction. Each value is rebuilt exactly as the protocol would have built it for the renamed
 * nodes (promise lists re-sorted by sender), so equal states stay equal after renaming.
 */
import { Map as IMap, Set as ISet } from "immutable";
import type { NodeId, Renaming } from "../../core/protocol.ts";
import { Learned, VoteCast } from "./history.ts";
import { Accept, Accepted, Prepare, PromiseMsg, Vote } from "./messages.ts";
import { AcceptorState, LearnerState, ProposerState } from "./state.ts";

const vote = (v: Vote | null, r: Renaming): Vote | null =>
  v === null ? null : v.set("value", r.value(v.value));

export function permute(x: unknown, r: Renaming): unknown {
  const node = (id: NodeId) => r.node(id);
  if (x instanceof AcceptorState) return x.set("accepted", vote(x.accepted, r));
  if (x instanceof ProposerState) {
    const value = (v: string | null) => (v === null ? null : r.value(v));
    return x.merge({
      value: value(x.value),
      promises: x.promises.map((p) => permute(p, r) as PromiseMsg).sortBy((p) => p.from),
      request: value(x.request),
      accepts: ISet(x.accepts.map(node)),
      decided: value(x.decided),
    });
  }
  if (x instanceof LearnerState) {
    return x.merge({
      decided: x.decided === null ? null : r.value(x.decided),
      acks: IMap(
        x.acks
          .entrySeq()
          .map(([v, from]) => [vote(v, r)!, ISet(from.map(node))] as [Vote, ISet<NodeId>]),
      ),
    });
  }
  if (x instanceof Prepare) return x.merge({ from: node(x.from), to: node(x.to) });
  if (x instanceof PromiseMsg) {
    return x.merge({ from: node(x.from), to: node(x.to), vote: vote(x.vote, r) });
  }
  if (x instanceof Accept || x instanceof Accepted) {
    return x.merge({ from: node(x.from), to: node(x.to), value: r.value(x.value) });
  }
  if (x instanceof VoteCast) {
    return x.merge({ acceptor: node(x.acceptor), value: r.value(x.value) });
  }
  if (x instanceof Learned) return x.set("value", r.value(x.value));
  throw new Error(`paxos symmetry: cannot rename ${String(x)}`);
}
