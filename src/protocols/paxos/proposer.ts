/**
 * The proposer: starts a ballot (phase 1a), gathers promises from a quorum, then asks the
 * acceptors to accept the value phase 1 allows (phase 2a).
 */
import { List, Set as ISet } from "immutable";
import type { LocalAction, Step } from "../../core/protocol.ts";
import { showBallot } from "./ballot.ts";
import type { PaxosContext } from "./context.ts";
import {
  Accept,
  Accepted,
  Prepare,
  PromiseMsg,
  showValue,
  type PaxosMessage,
  type Value,
} from "./messages.ts";
import type { ProposerState } from "./state.ts";

type ProposerStep = Step<ProposerState, PaxosMessage>;

export interface ProposerConfig {
  /** 1-based, so ballots read `2.p1`. */
  readonly index: number;
  /** How many ballots it may start. */
  readonly maxRounds: number;
  /** The values it may propose: one, or any of the model's values. */
  readonly values: readonly Value[];
  /** `retry resend`: on a timeout, resend the current ballot's requests. */
  readonly retry: boolean;
}

/**
 * A proposer may start a new ballot at any time (a timeout), while it has rounds left; with
 * `retry resend` it may also resend the requests of its current ballot.
 */
export function local(
  state: ProposerState,
  config: ProposerConfig,
  ctx: PaxosContext,
): LocalAction<ProposerState, PaxosMessage>[] {
  const actions: LocalAction<ProposerState, PaxosMessage>[] = [];
  if (state.round < config.maxRounds) {
    for (const value of config.values) {
      const step = startBallot(state, value, config, ctx);
      actions.push({
        kind: "start",
        label: `${ctx.self} starts ballot ${showBallot(step.state.ballot)} proposing ${showValue(value)}`,
        step,
      });
    }
  }
  if (config.retry && state.phase !== "idle") actions.push(resend(state, ctx));
  return actions;
}

/**
 * On a timeout, send the current phase's request again: Prepare to every acceptor that has not
 * promised yet, or Accept to every acceptor (a proposer does not hear who accepted).
 */
function resend(state: ProposerState, ctx: PaxosContext): LocalAction<ProposerState, PaxosMessage> {
  const { ballot } = state;
  const send: PaxosMessage[] =
    state.phase === "preparing"
      ? ctx.acceptors
          .filter((acceptor) => !state.promises.some((p) => p.from === acceptor))
          .map((acceptor) => new Prepare({ from: ctx.self, to: acceptor, ballot }))
      : ctx.acceptors.map(
          (acceptor) => new Accept({ from: ctx.self, to: acceptor, ballot, value: state.value! }),
        );
  const request = state.phase === "preparing" ? "Prepare" : "Accept";
  return {
    kind: "retry",
    timeout: true,
    label: `${ctx.self} times out and resends ${request}(b=${showBallot(ballot)}) to ${send.map((m) => m.to).join(", ")}`,
    step: { state, send },
  };
}

/** Phase 1a: take the next round's ballot and ask every acceptor to promise it. */
function startBallot(
  state: ProposerState,
  value: Value,
  config: ProposerConfig,
  ctx: PaxosContext,
): ProposerStep {
  const round = state.round + 1;
  const ballot = ctx.rules.ballot(round, config.index);
  const next = state.merge({
    round,
    ballot,
    phase: "preparing",
    value,
    promises: List(),
    request: ctx.reportsDecisions ? value : null,
    accepts: ISet(),
  });
  const send = ctx.acceptors.map(
    (acceptor) => new Prepare({ from: ctx.self, to: acceptor, ballot }),
  );
  return { state: next, send };
}

export function receive(
  state: ProposerState,
  message: PaxosMessage,
  ctx: PaxosContext,
): ProposerStep {
  if (message.kind === "promise") return onPromise(state, message, ctx);
  if (message.kind === "accepted") return onAccepted(state, message, ctx);
  return { state, send: [] };
}

/**
 * Phase 2b heard (with `decisions proposers`): once a quorum accepted its ballot, the proposer
 * reports the value decided to its client.
 */
function onAccepted(state: ProposerState, accepted: Accepted, ctx: PaxosContext): ProposerStep {
  if (
    state.phase !== "accepting" ||
    !accepted.ballot.equals(state.ballot) ||
    state.decided !== null
  ) {
    return { state, send: [] };
  }
  const accepts = state.accepts.add(accepted.from);
  if (!ctx.quorums.phase2(accepts.toArray()))
    return { state: state.set("accepts", accepts), send: [] };
  return {
    state: state.merge({ accepts: ISet(), decided: ctx.rules.reportedValue(state) }),
    send: [],
  };
}

/** Phase 1b received: once a quorum has promised, phase 2a asks every acceptor to accept. */
function onPromise(state: ProposerState, promise: PromiseMsg, ctx: PaxosContext): ProposerStep {
  if (state.phase !== "preparing" || !ctx.rules.promiseCounts(state, promise)) {
    return { state, send: [] };
  }
  const promises = ctx.rules.recordPromise(state.promises, promise);
  if (!ctx.quorums.phase1(promises.map((p) => p.from).toArray())) {
    return { state: state.set("promises", promises), send: [] };
  }
  const value = ctx.rules.chooseValue(promises, state.value!);
  const next = state.merge({ phase: "accepting", value, promises: List() });
  const send = ctx.acceptors.map(
    (acceptor) => new Accept({ from: ctx.self, to: acceptor, ballot: state.ballot, value }),
  );
  return { state: next, send };
}
