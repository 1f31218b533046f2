/**
 * What synod requires of a protocol's code, checked where the code hands synod a result: a
 * rule returns what its signature promises (a boolean, a whole number, a record of the right
 * kind), and gives the same answer every time it is asked the same question. Code that breaks
 * these would otherwise give a wrong verdict in silence (a rule returning `undefined` counts as
 * "no"; one using `Math.random` makes the state space whatever the dice say), so each is
 * stopped with a {@link UserCodeError} naming the rule and its arguments.
 *
 * Rules are only called when a node meets a (state, message) pair for the first time (the
 * outcomes are remembered: system/outcomes.ts), so calling each twice costs little.
 */
import { is } from "immutable";
import type { Envelope, NodeId, Receive, Variant } from "./protocol.ts";

/** Code of the model's (a variant, a protocol) that breaks what synod requires of it. */
export class UserCodeError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = "UserCodeError";
  }
}

/**
 * What a rule must return: a kind of value, checked by `accepts`, named in words for the
 * message (`a boolean`, `a whole number of at least 1`).
 */
export interface Expected {
  readonly words: string;
  accepts(value: unknown): boolean;
}

export const BOOLEAN: Expected = { words: "a boolean", accepts: (v) => typeof v === "boolean" };
export const STRING: Expected = { words: "a string", accepts: (v) => typeof v === "string" };
export const POSITIVE_COUNT: Expected = {
  words: "a whole number of at least 1",
  accepts: (v) => typeof v === "number" && Number.isInteger(v) && v >= 1,
};

/** A value of a class (an immutable Record's, say), named `name` in messages. */
export function instanceOf(
  type: abstract new (...args: never[]) => unknown,
  name: string,
): Expected {
  return { words: `a ${name}`, accepts: (v) => v instanceof type };
}

/** What each rule (a function) of a set of rules must return. */
export type RuleResults<R> = { readonly [K in keyof R]?: Expected };

/** A value as a message shows it: immutable values as they print themselves, shortened. */
export function shown(value: unknown): string {
  let text: string;
  if (typeof value === "string") text = JSON.stringify(value);
  else if (value instanceof Promise) text = "a Promise";
  else if (typeof value === "function") text = "a function";
  else if (typeof value === "object" && value !== null && !("toJS" in value)) {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  } else text = String(value);
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}

/**
 * `rules` with each rule named in `results` checked on every call: it must return what
 * `results` says, and the same thing when called again with the same arguments (it is called
 * twice). `owner` names whose rules they are in messages (`variant zero-value`).
 */
export function checkedRules<R extends object>(
  rules: Partial<R>,
  results: RuleResults<R>,
  owner: string,
): Partial<R> {
  const checked: Record<string, unknown> = { ...rules };
  for (const [name, rule] of Object.entries(rules)) {
    const expected = (results as Record<string, Expected | undefined>)[name];
    if (expected === undefined) continue;
    if (typeof rule !== "function") {
      // A switch (`fillGaps: false`), or a rule given as something other than a function.
      if (expected.accepts(rule)) continue;
      throw new UserCodeError(
        `rule ${name} of ${owner} is ${shown(rule)}, not ${expected.words}`,
        `give ${name} as ${expected.words === "a boolean" ? "true or false" : `a function returning ${expected.words}`}.`,
      );
    }
    checked[name] = (...args: unknown[]) => {
      const first = (rule as (...a: unknown[]) => unknown)(...args);
      const called = `rule ${name} of ${owner}, called with ${args.map(shown).join(", ")}`;
      if (!expected.accepts(first)) {
        throw new UserCodeError(
          `${called}, returned ${shown(first)}, not ${expected.words}`,
          `make ${name} return ${expected.words}${first instanceof Promise ? " (synod calls rules synchronously: no async)" : ""}.`,
        );
      }
      const second = (rule as (...a: unknown[]) => unknown)(...args);
      if (!is(first, second)) {
        throw new UserCodeError(
          `${called}, returned ${shown(first)}, then ${shown(second)} when called again with the same arguments`,
          "a rule must be a function of its arguments alone (no Math.random, clock or outside state): synod explores each state once and must get the same answer every time.",
        );
      }
      return first;
    };
  }
  return checked as Partial<R>;
}

/**
 * A role's declaration of the messages it ignores forever (`NodeBehaviour.ignoresForever`), if
 * the variant leaves it true: it replaces neither the role's handler nor any rule the
 * declaration relies on. A replaced handler or rule may act on what the protocol ignores.
 */
export function obsoleteUnlessReplaced<S, M extends Envelope>(
  variant: Variant<unknown> | null,
  role: string,
  reliesOn: readonly string[],
  ignores: (state: S, message: M) => boolean,
): { ignoresForever?: (state: S, message: M) => boolean } {
  const rules = Object.keys(variant?.rules ?? {});
  const replaced =
    variant?.handlers?.[role] !== undefined || reliesOn.some((rule) => rules.includes(rule));
  return replaced ? {} : { ignoresForever: ignores };
}

/**
 * A variant's replaced or wrapped handlers (`Variant.handlers`), checked against the protocol's
 * roles: returns, for a role and node, the handler to use given the protocol's own.
 */
export function variantHandlers(
  variant: Variant<unknown> | null,
  roles: readonly string[],
  protocol: string,
): (role: string, node: NodeId, correct: Receive) => Receive {
  const handlers = variant?.handlers ?? {};
  for (const [role, wrap] of Object.entries(handlers)) {
    if (!roles.includes(role)) {
      throw new UserCodeError(
        `variant ${variant!.name} replaces the handler of role \`${role}\`, which protocol ${protocol} does not have`,
        `its roles are ${roles.join(", ")}.`,
      );
    }
    if (typeof wrap !== "function") {
      throw new UserCodeError(
        `variant ${variant!.name}: handlers.${role} is ${shown(wrap)}, not a function`,
        `write handlers.${role} as (correct, node) => (state, message) => step.`,
      );
    }
  }
  return (role, node, correct) => {
    const wrap = handlers[role];
    if (wrap === undefined) return correct;
    const handler = wrap(correct, node);
    if (typeof handler !== "function") {
      throw new UserCodeError(
        `variant ${variant!.name}: handlers.${role} returned ${shown(handler)} for ${node}, not a handler`,
        `handlers.${role} must return a function (state, message) => step.`,
      );
    }
    return handler;
  };
}
