/**
 * The sequential key-value store that a replicated store's histories are checked against: `put`
 * sets a key, `get` reads it (absent: null), `cas` sets it only if it holds the expected value.
 * Operations on different keys are independent, so histories are checked key by key.
 */
import type { SequentialSpec } from "./check.ts";

export type KvInput =
  | { readonly kind: "put"; readonly key: string; readonly value: string }
  | { readonly kind: "get"; readonly key: string }
  | {
      readonly kind: "cas";
      readonly key: string;
      /** The value the key must hold (null: absent) for the swap to happen. */
      readonly expected: string | null;
      readonly value: string;
    };

/** `put`: "ok"; `get`: the value, or null if absent; `cas`: whether it swapped. */
export type KvOutput = string | null | boolean;

/** The value of one key (the history is checked one key at a time), or null if absent. */
type KeyState = string | null;

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

/** An operation as a client would write it: `put x 1`, `get x`, `cas x 1 2` (`-`: absent). */
export function describeKv(input: KvInput): string {
  switch (input.kind) {
    case "put":
      return `put ${input.key} ${input.value}`;
    case "get":
      return `get ${input.key}`;
    case "cas":
      return `cas ${input.key} ${input.expected ?? "-"} ${input.value}`;
  }
}

/** A result as a client sees it: `ok`, a value (`-`: absent), `true` or `false`. */
export function describeKvOutput(output: KvOutput): string {
  return output === null ? "-" : String(output);
}
