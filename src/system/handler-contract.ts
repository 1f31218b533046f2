/**
 * What synod requires of a node's handlers (`receive`, `local`), checked on each outcome the
 * first time it is computed (outcomes.ts remembers it after that): a handler returns a step
 * `{ state, send }` whose state is a value (an immutable Record, List, Map or Set, or a
 * primitive, so that equal states are equal), whose messages are such values addressed to a
 * node of the model, and it returns an equal step when asked again (it is called twice). Code
 * that breaks these would give a wrong verdict in silence; it is stopped with a
 * {@link UserCodeError} naming the node, the handler and what it was given.
 */
import { is, isImmutable, type Collection } from "immutable";
import { shown, UserCodeError } from "../core/contracts.ts";
import type { Envelope, LocalAction, Step } from "../core/protocol.ts";

/**
 * Where in `value` something synod cannot compare by value sits (a plain object or array, which
 * a handler could also change in place under a state synod has stored), as a path ("" for the
 * value itself, ".promises[0]"), or null if it is a primitive or an immutable collection of
 * such values all the way down.
 */
function notAValue(value: unknown, path = ""): string | null {
  if (value === null || (typeof value !== "object" && typeof value !== "function")) return null;
  if (!isImmutable(value)) return path;
  for (const [key, inner] of (value as Collection<unknown, unknown>).toSeq().entrySeq()) {
    const at = typeof key === "string" ? `${path}.${key}` : `${path}[${String(key)}]`;
    const found = notAValue(inner, at);
    if (found !== null) return found;
  }
  return null;
}

const comparable = (value: unknown): boolean => notAValue(value) === null;

const sameSteps = (a: Step<unknown, Envelope>, b: Step<unknown, Envelope>): boolean =>
  is(a.state, b.state) &&
  a.send.length === b.send.length &&
  a.send.every((message, i) => is(message, b.send[i]));

const PURE =
  "a handler must be a function of its arguments alone (no Math.random, clock or outside state, no changes to what it is given): synod explores each state once and must get the same step every time.";

type Fail = (problem: string, hint: string) => never;

/** Checks one step's shape: its state and its messages. */
function checkStep(step: unknown, fail: Fail, isNode: (id: unknown) => boolean): void {
  if (typeof step !== "object" || step === null || !("state" in step)) {
    fail(
      `returned ${shown(step)}, not a step { state, send }`,
      "return the node's next state and the messages it sends: { state, send: [...] }.",
    );
  }
  const { state, send } = step as { state: unknown; send: unknown };
  const inState = state === undefined ? "" : notAValue(state);
  if (inState !== null) {
    fail(
      `returned the state ${shown(state)}, ${inState === "" ? "which is" : `whose ${inState.slice(1)} is`} not a value synod can compare`,
      "a node's state must be an immutable value (a Record, List, Map or Set from immutable) or a primitive: equal states must be equal values.",
    );
  }
  if (!Array.isArray(send)) {
    fail(
      `returned send: ${shown(send)}, not an array of messages`,
      "give the messages sent as an array (send: [] for none).",
    );
  }
  for (const message of send as unknown[]) {
    if (typeof message !== "object" || message === null || !comparable(message)) {
      fail(
        `sends ${shown(message)}, which is not a message synod can compare`,
        "a message must be an immutable Record with `from` and `to` fields.",
      );
    }
    const to = (message as unknown as Envelope).to;
    if (!isNode(to)) {
      fail(
        `sends ${shown(message)} to ${shown(to)}, which is not a node of the model`,
        "address each message to a node the model has (its `to` field).",
      );
    }
  }
}

const failWith =
  (what: () => string): Fail =>
  (problem, hint) => {
    throw new UserCodeError(`${what()}, ${problem}`, hint);
  };

/**
 * Calls `handler` (a node's `receive`, named by `what` in messages: `a1's receive, in state …,
 * of message …`) twice, checks the step it returns, and returns it.
 */
export function checkedStep(
  handler: () => Step<unknown, Envelope>,
  what: () => string,
  isNode: (id: unknown) => boolean,
): Step<unknown, Envelope> {
  const fail = failWith(what);
  const step = handler();
  checkStep(step, fail, isNode);
  const again = handler();
  if (typeof again !== "object" || again === null || !sameSteps(step, again)) {
    fail(
      `returned ${shown(step.state)} and ${plural(step.send.length)}, then ${shown(again?.state)} and ${plural(again?.send?.length)} when called again with the same arguments`,
      PURE,
    );
  }
  return step;
}

/** As {@link checkedStep}, for a node's `local`: the steps it may take on its own. */
export function checkedActions(
  handler: () => readonly LocalAction<unknown, Envelope>[],
  what: () => string,
  isNode: (id: unknown) => boolean,
): readonly LocalAction<unknown, Envelope>[] {
  const fail = failWith(what);
  const actions = handler();
  if (!Array.isArray(actions)) {
    fail(
      `returned ${shown(actions)}, not an array of actions`,
      "return the steps the node may take on its own: [{ label, step }, ...] ([] for none).",
    );
  }
  for (const action of actions) {
    if (typeof action?.label !== "string") {
      fail(
        `returned an action whose label is ${shown(action?.label)}, not a string`,
        "give each action a label in words: `p1 starts ballot 1.p1`.",
      );
    }
    checkStep(
      action.step,
      failWith(() => `${what()}, action "${action.label}"`),
      isNode,
    );
  }
  const again = handler();
  const same =
    Array.isArray(again) &&
    again.length === actions.length &&
    again.every((a, i) => a?.label === actions[i]!.label && sameSteps(a.step, actions[i]!.step));
  if (!same) {
    fail(
      `returned ${actions.length} actions (${actions.map((a) => a.label).join("; ")}), then others when called again with the same arguments`,
      PURE,
    );
  }
  return actions;
}

const plural = (n: number | undefined): string => `${n} message${n === 1 ? "" : "s"}`;
