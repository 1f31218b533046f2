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

/**
 * What liveness checking needs to know of a system's actions: the kind of each transition (for
 * fairness, `fairness weak deliver`) and which instance of the kind it is. Fairness is per
 * instance: weak fairness on `deliver` says that each message whose delivery stays enabled is
 * delivered in the end, not merely that some message is.
 */
export interface ActionClasses {
  /** The kinds' names, as models name them; a kind is its index here. */
  readonly kinds: readonly string[];
  /** The kinds that are faults, which `assume faults stop` rules out from some point on. */
  readonly faultKinds: readonly string[];
  /** The instance the transition `action` from `state` belongs to (an integer, kind included). */
  instance(state: Int32Array, action: number): number;
  /** The kind of an instance (an index into `kinds`). */
  kindOf(instance: number): number;
  /** The node that takes the action (the receiver of a message), or -1. */
  nodeOf(instance: number): number;
  /** A node's index by name, or -1. */
  nodeIndex(name: string): number;
  /** The nodes' names, by index (absent: the system has no nodes to name). */
  readonly nodes?: readonly string[];
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
   * States to look out for (the model's `reachable` witnesses): never a violation; a simulation
   * records the first walk that meets each.
   */
  readonly witnesses?: readonly StateInvariant[];
  /**
   * Symmetry reduction: rewrites `state[0..length)` in place to the representative of its
   * symmetry class (same length). The explorer stores only representatives.
   */
  canonicalize?(state: Int32Array, length: number): void;
  /**
   * Checks, before the search expands `state`, that the code treats renamed states alike (see
   * system/renaming-check.ts), on a sample of states, or on this one under every renaming it
   * tries if `thoroughly`; throws if it does not. Present only where that is in doubt.
   */
  checkRenaming?(state: Int32Array, thoroughly?: boolean): void;
  /**
   * True if every build of this system from the same model (and {@link threadShared}) encodes
   * each state the same way, in any thread. Such a search can be split among worker threads, each
   * building its own copy.
   */
  readonly portable?: boolean;
  /**
   * What a copy built in another thread must be given to encode states as this one does (shared
   * memory, say); the worker's build receives it. Absent when the model alone is enough.
   */
  readonly threadShared?: unknown;
  /**
   * For a checkpoint: {@link threadShared}'s contents as arrays, from which a system built in
   * another process numbers states as this one does (see system/intern.ts, `Registry.restore`).
   * Absent when the model alone is enough.
   */
  saveShared?(): readonly Int32Array[];
  /**
   * A key for a transition out of a state that does not depend on the order this build of the
   * system met values in (interned ids do), so that a random walk orders a state's transitions
   * the same way in every build and thread. Two transitions out of one state rarely share a key
   * (a hash collision); absent when the emission order itself is the same in every build.
   */
  actionKey?(action: number): number;
  /** Present if the system can check liveness: what kind of action each transition is. */
  readonly actions?: ActionClasses;
}
