/** The learner: learns a value once a quorum of acceptors report accepting it in one ballot. */
import { Set as ISet } from "immutable";
import type { Step } from "../../core/protocol.ts";
import type { PaxosContext } from "./context.ts";
import { Vote, type PaxosMessage } from "./messages.ts";
import type { LearnerState } from "./state.ts";

export function receive(
  state: LearnerState,
  message: PaxosMessage,
  ctx: PaxosContext,
): Step<LearnerState, PaxosMessage> {
  // Once it has learned, a learner has nothing more to learn.
  if (message.kind !== "accepted" || state.decided !== null) return { state, send: [] };
  const vote = new Vote({ ballot: message.ballot, value: message.value });
  // A set of acceptors, not a counter: a duplicated report counts once.
  const acks = state.acks.update(vote, ISet<string>(), (from) => from.add(message.from));
  if (!ctx.quorums.phase2(ctx.rules.supporters(acks, vote).toArray())) {
    return { state: state.set("acks", acks), send: [] };
  }
  // Learned: the tally is no longer needed, so forget it (fewer distinct states to explore).
  return { state: state.merge({ acks: acks.clear(), decided: message.value }), send: [] };
}
