/**
 * The sequential key-value store that a replicated store's histories are checked against: `put`
 * sets a key, `get` reads it (absent: null), `cas` sets it only if it holds the expected value.
 * Operations on different keys are independent, so histories are checked key by key.
 */
import type { KvOperation } from "../core/model.ts";
import type { SequentialSpec } from "./check.ts";

/** An operation on the store (the model's own type). */
export type KvInput = KvOperation;

/** `put`: "ok"; `get`: the value, or null if absent; `cas`: whether it swapped. */
export type KvOutput = string | null | boolean;

/** The value of one key (the history is checked one key at a time), or null if absent. */
export type KeyState = string | null;

/** The sequential store, one key at a time: what each operation does to the key and returns. */
export const kvSpec: SequentialSpec<KeyState, KvInput, KvOutput> = {
  init: null,
  step(state, input) {
    switch (input.kind) {
      case "put":
        return { state: input.value, output: "ok" };
      case "get":
        return { state, output: state };
      case "cas":
        return state === input.expected
          ? { state: input.value, output: true }
          : { state, output: false };
    }
  },
  equalOutputs: (a, b) => a === b,
  // A value may be any word, so "absent" needs a key no value has.
  stateKey: (state) => (state === null ? "" : `=${state}`),
  partition: (input) => input.key,
};

/** An operation as a model writes it: `put x 1`, `get x`, `cas x none 2` (`none`: absent). */
export function describeKv(input: KvInput): string {
  switch (input.kind) {
    case "put":
      return `put ${input.key} ${input.value}`;
    case "get":
      return `get ${input.key}`;
    case "cas":
      return `cas ${input.key} ${input.expected ?? "none"} ${input.value}`;
  }
}

/** A result as a client sees it: `ok`, a value (`none`: absent), `true` or `false`. */
export function describeKvOutput(output: KvOutput): string {
  return output === null ? "none" : String(output);
}
