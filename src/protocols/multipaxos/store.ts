/**
 * The state machine of a replicated key-value store: what applying an operation does to a
 * replica's store, and what it returns, as a Reply carries it (`ok`, a value, `none` for absent,
 * `true` or `false`).
 */
import type { Map as IMap } from "immutable";
import type { KvOperation } from "../../core/model.ts";
import { describeKvOutput, kvSpec, type KvOutput } from "../../linearizability/kv.ts";

/** The store after `operation`, and what it returns in words. */
export function applyOperation(
  store: IMap<string, string>,
  operation: KvOperation,
): { store: IMap<string, string>; result: string } {
  const { state, output } = kvSpec.step(store.get(operation.key) ?? null, operation);
  return {
    store: state === null ? store.delete(operation.key) : store.set(operation.key, state),
    result: describeKvOutput(output),
  };
}

/** A result in words read back as what the operation returned. */
export function resultOf(operation: KvOperation, result: string): KvOutput {
  switch (operation.kind) {
    case "put":
      return result;
    case "get":
      return result === "none" ? null : result;
    case "cas":
      return result === "true";
  }
}
