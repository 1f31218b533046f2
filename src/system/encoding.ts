/**
 * How an actor system encodes a global state as integers (see {@link Layout}), and the records
 * its parts share: a node step's interned outcome, how an interned value was made.
 */
import type { Cluster } from "../core/protocol.ts";

/** Offsets into a state vector. */
export interface Layout {
  /** Node i's slot is `nodes + i`: (local state id << 1) | crashed. */
  readonly nodes: 0;
  /** Remaining budget: drop, duplicate, crash, restart, in that order. */
  readonly budget: number;
  /** How many history facts follow. */
  readonly factCount: number;
  /** First history fact id; the messages follow the facts. */
  readonly facts: number;
}

/** Where each fault's remaining budget sits after {@link Layout.budget}. */
export const DROP = 0;
export const DUPLICATE = 1;
export const CRASH = 2;
export const RESTART = 3;

/** What one node step does, with everything interned. */
export interface Outcome {
  readonly state: number;
  /** Ids of the messages sent, sorted. */
  readonly send: Int32Array;
  /** Ids of the history facts added, sorted, without repeats. */
  readonly facts: Int32Array;
  /** Ids of the events added, as observed (not yet placed), in order; see Cluster.events. */
  readonly events: Int32Array;
}

export interface LocalOutcome extends Outcome {
  readonly label: string;
  /** Index of its kind in the system's {@link ActionClasses.kinds}. */
  readonly kind: number;
  /** A timeout: enabled only when no message is in flight. */
  readonly timeout: boolean;
}

/** Bits of an action instance that hold its kind. */
export const KIND_BITS = 6;

/** No ids: one shared array, so that an outcome that sends nothing allocates nothing. */
export const EMPTY = new Int32Array(0);

/** How an interned value was made (see intern.ts): what {@link Interner.id} records. */
export const Made = {
  /** A node's initial state: a = node. */
  initial: 1,
  /** From `receive`: a = node, b = its state, c = the message, d = which message sent or fact. */
  received: 2,
  /** From a local action: a = node, b = its state, c = the action, d = as for `received`. */
  local: 3,
  /** After a crash: a = node, b = its state. */
  crash: 4,
  /** After a restart: a = node, b = its state. */
  restart: 5,
  /** Renamed by symmetry: a = the renaming's index, b = the value renamed. */
  renamed: 6,
  /** An event placed in the history: a = the event as observed, b = its position. */
  placed: 7,
} as const;

/** A renaming of nodes and values, as a cluster's `permute` takes it. */
export type Renaming = Parameters<NonNullable<Cluster["permute"]>>[1];
