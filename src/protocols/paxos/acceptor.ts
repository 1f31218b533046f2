/** The acceptor: promises in phase 1, votes in phase 2 ("Paxos Made Simple", §2.2). */
import type { Step } from "../../core/protocol.ts";
import type { PaxosContext } from "./context.ts";
import { Accept, Accepted, Prepare, PromiseMsg, Vote, type PaxosMessage } from "./messages.ts";
import type { AcceptorState } from "./state.ts";

type AcceptorStep = Step<AcceptorState, PaxosMessage>;

export function receive(
  state: AcceptorState,
  message: PaxosMessage,
  ctx: PaxosContext,
): AcceptorStep {
  switch (message.kind) {
    case "prepare":
      return onPrepare(state, message, ctx);
    case "accept":
      return onAccept(state, message, ctx);
    default:
      return { state, send: [] };
  }
}

/** Phase 1b: promise not to accept lower ballots, and report the latest vote. */
function onPrepare(state: AcceptorState, prepare: Prepare, ctx: PaxosContext): AcceptorStep {
  // A resent Prepare for the ballot already promised is answered again: the first Promise may
  // have been lost, and a proposer that resends needs an answer to make progress.
  const repeat = ctx.answersRepeats && prepare.ballot.equals(state.promised);
  if (!repeat && !ctx.rules.mayPromise(state, prepare.ballot)) return { state, send: [] };
  const promise = new PromiseMsg({
    from: ctx.self,
    to: prepare.from,
    ballot: prepare.ballot,
    vote: state.accepted,
  });
  return { state: state.set("promised", prepare.ballot), send: [promise] };
}

/**
 * Phase 2b: vote for the value unless a higher ballot was promised; tell the learners (and the
 * ballot's proposer, with `decisions proposers`).
 */
function onAccept(state: AcceptorState, accept: Accept, ctx: PaxosContext): AcceptorStep {
  if (!ctx.rules.mayAccept(state, accept.ballot)) return { state, send: [] };
  const vote = new Vote({ ballot: accept.ballot, value: accept.value });
  const next = state.merge({
    promised: ctx.rules.promiseAfterVote(state, accept.ballot),
    accepted: vote,
  });
  const told = ctx.reportsDecisions ? [...ctx.learners, accept.from] : ctx.learners;
  const send = told.map(
    (to) => new Accepted({ from: ctx.self, to, ballot: accept.ballot, value: accept.value }),
  );
  return { state: next, send };
}
