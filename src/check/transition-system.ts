/**
 * What the explorer explores: states as integer vectors, and a successor function.
 *
 * The explorer knows nothing of Paxos, actors or networks. A transition system encodes each state
 * canonically as an Int32Array (equal states, equal vectors) and names each transition by an
 * integer action code that it alone can interpret. Successors are written into a buffer the
 * system reuses, so the explorer can fingerprint a successor without allocating for it.
 */

/**
 * Receives one successor. `next` is a scratch buffer, valid only during the call; the first
 * `length` entries are the successor's encoding.
 */
export type EmitSuccessor = (action: number, next: Int32Array, length: number) => void;

/** A property checked in every reachable state. */
export interface StateInvariant {
  readonly id: string;
  /** True if the encoded state satisfies the invariant. */
  holds(state: Int32Array): boolean;
}

/** A property checked on every transition: the state before, the action, the state after. */
export interface StepInvariant {
  readonly id: string;
  /**
   * True if the step from `before` by `action` to `after[0..length)` satisfies the property.
   * `after` may be the system's scratch buffer, longer than `length`: read no further.
   */
  holds(before: Int32Array, action: number, after: Int32Array, length: number): boolean;
}

/** A system the explorer can search: initial states and successors, as integer vectors. */
export interface TransitionSystem {
  /** The initial states, canonically encoded. */
  initialStates(): Int32Array[];
  /** Calls `emit` once for each transition out of `state`, in a deterministic order. */
  successors(state: Int32Array, emit: EmitSuccessor): void;
  /** The invariants to check, in the order the model lists them. */
  readonly invariants: readonly StateInvariant[];
  /** Step properties, checked on every transition (before symmetry reduction). */
  readonly stepInvariants?: readonly StepInvariant[];
  /**
   * Symmetry reduction: rewrites `state[0..length)` in place to the representative of its
   * symmetry class (same length). The explorer stores only representatives.
   */
  canonicalize?(state: Int32Array, length: number): void;
}
