/**
 * The successors of an actor system's state: each message in flight delivered, lost or copied,
 * and each node's own steps, crash, recovery or restart, within the fault budget. Every successor
 * is written into one reused buffer: after the first time a handler's outcome is met (see
 * outcomes.ts) this is integer work, and it allocates nothing per successor (but for a step that
 * records an event of an ordered history).
 */
import type { Envelope, NodeBehaviour } from "../core/protocol.ts";
import type { Model } from "../core/model.ts";
import type { EmitSuccessor } from "../core/transition-system.ts";
import { ActionKind, localAction, messageAction, nodeAction } from "./actions.ts";
import {
  CRASH,
  DROP,
  DUPLICATE,
  EMPTY,
  Made,
  RESTART,
  type Layout,
  type Outcome,
} from "./encoding.ts";
import type { HandlerOutcomes } from "./outcomes.ts";

/** The initial states and the successor function of an actor system. */
export function actorSuccessors(
  model: Model,
  nodes: readonly NodeBehaviour<unknown, Envelope>[],
  layout: Layout,
  outcomes: HandlerOutcomes,
): {
  initialStates: () => Int32Array[];
  successors: (state: Int32Array, emit: EmitSuccessor) => void;
} {
  const { localStates, destination, destinationOf, receive, localSteps, crashTo, restartTo } =
    outcomes;
  const collect = outcomes.collect;
  const nodeCount = nodes.length;
  const setNetwork = model.network === "set";
  const header = layout.facts;

  let buffer = new Int32Array(256);
  const single = new Int32Array(1);
  const reserve = (length: number): Int32Array => {
    if (buffer.length < length) buffer = new Int32Array(length * 2);
    return buffer;
  };

  /**
   * Writes into the buffer the state `state` with node `node` set to `slot`, one copy of
   * message `consume` removed (-1: none), messages `send` added, facts `added` added, and
   * budget entry `spend` decreased by one (-1: none). Returns the new length.
   */
  const write = (
    state: Int32Array,
    node: number,
    slot: number,
    consume: number,
    send: Int32Array,
    added: Int32Array,
    spend: number,
  ): number => {
    const out = reserve(state.length + send.length + added.length);
    // Copied by a loop: a subarray would be an object made per successor.
    for (let i = 0; i < header; i++) out[i] = state[i]!;
    if (node >= 0) out[node] = slot;
    // A negative budget is unlimited (`drop unlimited`): it is never spent.
    if (spend >= 0 && out[layout.budget + spend]! > 0) out[layout.budget + spend]--;
    // Facts: a sorted union.
    const factCount = state[layout.factCount]!;
    const factEnd = header + factCount;
    let o = header;
    {
      let i = header;
      let j = 0;
      while (i < factEnd || j < added.length) {
        const a = i < factEnd ? state[i]! : Infinity;
        const b = j < added.length ? added[j]! : Infinity;
        if (a < b) out[o++] = state[i++]!;
        else if (b < a) out[o++] = added[j++]!;
        else {
          out[o++] = a;
          i++;
          j++;
        }
      }
    }
    out[layout.factCount] = o - header;
    // Messages: remove one copy of `consume`, merge in `send` (a set union on a set network).
    let i = factEnd;
    let j = 0;
    let consumed = consume < 0;
    while (i < state.length || j < send.length) {
      const a = i < state.length ? state[i]! : Infinity;
      if (!consumed && a === consume) {
        consumed = true;
        i++;
        continue;
      }
      const b = j < send.length ? send[j]! : Infinity;
      if (a <= b) {
        out[o++] = state[i++]!;
        if (setNetwork && a === b) j++;
      } else {
        out[o++] = b;
        j++;
      }
    }
    return collect === null ? o : collect(out, header + out[layout.factCount]!, o);
  };

  /** The facts a step with events adds: its events placed after the history's (rare: allocates). */
  const added = (state: Int32Array, outcome: Outcome): Int32Array =>
    outcomes.withEvents(
      state,
      header,
      header + state[layout.factCount]!,
      outcome.facts,
      outcome.events,
    );

  const successors = (state: Int32Array, emit: EmitSuccessor): void => {
    const messageStart = header + state[layout.factCount]!;
    const drops = state[layout.budget + DROP]!;
    const duplicates = state[layout.budget + DUPLICATE]!;
    // Each distinct message in flight: deliver it, lose it, or copy it.
    for (let i = messageStart; i < state.length; i++) {
      const message = state[i]!;
      if (i > messageStart && state[i - 1] === message) continue;
      const to = destination[message] ?? destinationOf(message);
      const slot = state[to]!;
      if ((slot & 1) === 0) {
        const outcome = receive(to, slot >> 1, message);
        const length = write(
          state,
          to,
          outcome.state << 1,
          setNetwork ? -1 : message,
          outcome.send,
          outcome.events.length === 0 ? outcome.facts : added(state, outcome),
          -1,
        );
        emit(messageAction(ActionKind.Deliver, message), buffer, length);
      }
      if (drops !== 0) {
        const length = write(state, -1, 0, message, EMPTY, EMPTY, DROP);
        emit(messageAction(ActionKind.Drop, message), buffer, length);
      }
      if (duplicates > 0) {
        single[0] = message;
        const length = write(state, -1, 0, -1, single, EMPTY, DUPLICATE);
        emit(messageAction(ActionKind.Duplicate, message), buffer, length);
      }
    }
    // Each node: its own steps, or a crash, recovery or restart.
    const crashes = state[layout.budget + CRASH]!;
    const restarts = state[layout.budget + RESTART]!;
    const quiet = messageStart === state.length;
    for (let node = 0; node < nodeCount; node++) {
      const slot = state[node]!;
      const stateId = slot >> 1;
      if ((slot & 1) === 1) {
        const length = write(state, node, slot & ~1, -1, EMPTY, EMPTY, -1);
        emit(nodeAction(ActionKind.Recover, node), buffer, length);
        continue;
      }
      const steps = localSteps(node, stateId);
      for (let k = 0; k < steps.length; k++) {
        const step = steps[k]!;
        if (step.timeout && !quiet) continue;
        const facts = step.events.length === 0 ? step.facts : added(state, step);
        const length = write(state, node, step.state << 1, -1, step.send, facts, -1);
        emit(localAction(node, k), buffer, length);
      }
      const behaviour = nodes[node]!;
      if (crashes > 0 && behaviour.crash !== undefined) {
        const length = write(
          state,
          node,
          (crashTo(node, stateId) << 1) | 1,
          -1,
          EMPTY,
          EMPTY,
          CRASH,
        );
        emit(nodeAction(ActionKind.Crash, node), buffer, length);
      }
      if (restarts > 0 && behaviour.restart !== undefined) {
        const length = write(state, node, restartTo(node, stateId) << 1, -1, EMPTY, EMPTY, RESTART);
        emit(nodeAction(ActionKind.Restart, node), buffer, length);
      }
    }
  };

  const initialStates = (): Int32Array[] => {
    const state = new Int32Array(header);
    nodes.forEach((node, i) => (state[i] = localStates.id(node.initial, Made.initial, i) << 1));
    state[layout.budget + DROP] = model.faults.drop === Infinity ? -1 : model.faults.drop;
    state[layout.budget + DUPLICATE] = model.faults.duplicate;
    state[layout.budget + CRASH] = model.faults.crash;
    state[layout.budget + RESTART] = model.faults.restart;
    state[layout.factCount] = 0;
    return [state];
  };

  return { initialStates, successors };
}
