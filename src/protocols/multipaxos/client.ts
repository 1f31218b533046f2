/**
 * The client: submits its commands one at a time to any proposer, waits for a replica's reply,
 * and on a timeout submits the same command again (to any proposer).
 */
import type { LocalAction, Step } from "../../core/protocol.ts";
import type { MultiPaxosContext } from "./context.ts";
import { Request, type Command, type MultiPaxosMessage } from "./messages.ts";
import type { ClientState } from "./state.ts";

/** Submit the next command, or, on a timeout, the current one again: to each proposer in turn. */
export function local(
  state: ClientState,
  commands: readonly Command[],
  ctx: MultiPaxosContext,
): LocalAction<ClientState, MultiPaxosMessage>[] {
  if (state.done >= commands.length) return [];
  const command = commands[state.done]!;
  return ctx.proposers.map((proposer) => {
    const send = [new Request({ from: ctx.self, to: proposer, command })];
    return state.waiting
      ? {
          kind: "retry",
          timeout: true,
          label: `${ctx.self} times out and submits ${command} again, to ${proposer}`,
          step: { state, send },
        }
      : {
          kind: "submit",
          label: `${ctx.self} submits ${command} to ${proposer}`,
          step: { state: state.set("waiting", true), send },
        };
  });
}

/** A reply to the current command ends the wait; replies from other replicas change nothing. */
export function receive(
  state: ClientState,
  message: MultiPaxosMessage,
  commands: readonly Command[],
): Step<ClientState, MultiPaxosMessage> {
  if (message.kind !== "reply" || !state.waiting || message.command !== commands[state.done]) {
    return { state, send: [] };
  }
  // A key-value store's reply carries what the operation returned.
  const results = message.result === "" ? state.results : state.results.push(message.result);
  return { state: state.merge({ done: state.done + 1, waiting: false, results }), send: [] };
}
