/**
 * What the coordinator of a parallel search and its workers say to each other (see parallel.ts).
 *
 * The search is breadth-first and level-synchronous. The workers share one table of
 * fingerprints (shared-table.ts). A level runs in three phases, each ended by a barrier at the
 * coordinator:
 *
 * 1. `expand`: the level's states are ranked (their position in a one-threaded search's order),
 *    and worker w expands the w-th stretch of ranks, so a lower worker expands lower ranks (the
 *    stretches' lengths follow each worker's speed on the level before). Each
 *    successor has a discovery key: its parent's rank and its index among the parent's
 *    successors. A worker that inserts a new state keeps an entry for it (the key, the parent,
 *    that index); a worker that finds a state a higher worker found in this level has the smaller
 *    key, and takes the entry over (a compare-and-swap on the table's reference). A worker's own
 *    keys only grow, so the first time it finds a state is its smallest key for it.
 * 2. `mark`: the coordinator has turned the parents' out-degrees into prefix sums, so a key
 *    becomes the transition's number in the one-threaded order; each worker marks the numbers of
 *    the entries the table still points to in a shared bitset.
 * 3. `rank`: from the bitset's prefix counts, each new state's rank in the next level, and by
 *    rank, where its state was written and which entry it is.
 *
 * With ranks, the first violation (or limit) in the one-threaded order is found exactly, and so
 * are the counts that order would report when it stops: they do not depend on the worker count.
 */
import { UserCodeError } from "../core/contracts.ts";
import type { MessagePort } from "node:worker_threads";
import type { SharedTableBuffers } from "./shared-table.ts";

/** The successor's key: parent rank × KEY_SPAN + its index among the parent's successors. */
export const KEY_SPAN = 2 ** 24;
/** At most this many workers: a parent reference packs the worker into its low bits. */
export const MAX_WORKERS = 8;
export const WORKER_BITS = 4;
/**
 * The owner of the states a one-thread search found before it handed the search over: their
 * entries are its store's numbers, and the coordinator follows them there.
 */
export const HANDED_OVER = 15;
/** Owners: the workers, and {@link HANDED_OVER}. */
export const OWNERS = 16;
/** A reference packs an entry's number with its owner into an int32: at most this many entries. */
export const MAX_ENTRIES = 2 ** 27;

/** How a worker builds the same system as the coordinator: a module and what to pass it. */
export interface WorkerRecipe {
  /** A module URL exporting `buildWorkerSystem(data)`, returning (a promise of) the system. */
  readonly module: string;
  /** Structured-cloneable data for it (a model file's path, for instance). */
  readonly data: unknown;
  /**
   * The compiled copy of `module`, if the workers may run synod's compiled copy (which loads no
   * TypeScript: the module is one of synod's, it imports no TypeScript file of the user's, and
   * the copy matches the sources: runtime/compiled.ts); else null.
   */
  readonly compiledModule: string | null;
  /** The worker entry to start: the compiled copy's (null if none) and the sources'. */
  readonly entry: { readonly compiled: string | null; readonly source: string };
}

/** What a worker is given to take part in a search (in `workerData`, or its first message). */
export interface WorkerSetup {
  readonly id: number;
  readonly count: number;
  readonly recipe: WorkerRecipe;
  /** Ports to the other workers, indexed by worker (null for this one). */
  readonly peers: (MessagePort | null)[];
  readonly control: SharedArrayBuffer;
  /** Float64Array: per worker, states stored, generated and queued (for progress). */
  readonly counters: SharedArrayBuffer;
  readonly table: SharedTableBuffers;
  /**
   * Int32Array: per owner, the number of its first entry of the level being found (the states
   * handed over never are: MAX_ENTRIES).
   */
  readonly levelStarts: SharedArrayBuffer;
  /**
   * True to keep each entry's number in the one-threaded order, for checkpoints (4 bytes an
   * entry): see the `dump` command.
   */
  readonly keepNumbers?: boolean;
}

/** Control words shared by all threads (an Int32Array over a SharedArrayBuffer). */
export const Control = {
  /** Nonzero once the search must end early: the value is a {@link StopReason}. */
  stop: 0,
  /** Workers done expanding the level (set to 0 before each `expand`). */
  finished: 1,
  /**
   * Workers that have built their system and wait for commands: a search on one thread can see
   * it without waiting for its event loop to deliver their "ready" (it yields to it only now
   * and then).
   */
  ready: 2,
} as const;
export const CONTROL_WORDS = 3;
/** Per worker, in a shared Float64Array: states stored, generated, queued (progress only). */
export const COUNTERS_PER_WORKER = 3;

export const StopReason = { none: 0, time: 1, memory: 2, interrupt: 3 } as const;

export type Command =
  | {
      readonly type: "expand";
      /** Depth of the level being expanded (0: the initial states, expanded from a virtual root). */
      readonly depth: number;
      /** True if the successors must not be stored (the depth limit is reached). */
      readonly lastLevel: boolean;
      /** Float64Array over a SharedArrayBuffer of the level's size + 1: out-degree by parent rank. */
      readonly degrees: SharedArrayBuffer;
      /** Worker w expands the ranks from `firstRanks[w]` to `firstRanks[w + 1]`. */
      readonly firstRanks: readonly number[];
    }
  | {
      readonly type: "mark";
      /** Int32Array over a SharedArrayBuffer: one bit per transition of the level. */
      readonly bits: SharedArrayBuffer;
    }
  | {
      readonly type: "rank";
      /** Int32Array over a SharedArrayBuffer: set bits before each word of `bits`. */
      readonly before: SharedArrayBuffer;
      /** The rank whose transition number the coordinator needs (for the state limit), or -1. */
      readonly cut: number;
      /** The number, in the one-threaded order, of the next level's first state. */
      readonly base: number;
      /** Float64Array, by rank in the next level: where the state is × OWNERS + who wrote it. */
      readonly positions: SharedArrayBuffer;
      /** Int32Array, by rank in the next level: the state's entry (see {@link packParent}). */
      readonly entries: SharedArrayBuffer;
    }
  | { readonly type: "entry"; readonly local: number }
  /** For a checkpoint: every entry's number, parent and step (see `dumped`). */
  | { readonly type: "dump" }
  /** For a checkpoint: the states of the level last ranked, in rank order (worker 0 only). */
  | { readonly type: "frontier" }
  | {
      /** A one-thread search's next level, to go on from (before the first `expand`). */
      readonly type: "adopt";
      /** The chunks the states are written in (see level-arena.ts). */
      readonly chunks: SharedArrayBuffer[];
      /** As `rank`'s: by rank, where each state is, and its entry. */
      readonly positions: SharedArrayBuffer;
      readonly entries: SharedArrayBuffer;
    };

/** A state invariant broken by a new state, at transition `t` of the level. */
export interface StateViolationReport {
  readonly t: number;
  readonly invariant: string;
  readonly local: number;
}

/** A step property broken by the transition `t` of the level. */
export interface StepViolationReport {
  readonly t: number;
  readonly invariant: string;
  /** The state the step leaves (a parent reference). */
  readonly from: number;
  readonly action: number;
  readonly after: Int32Array;
}

export type Reply =
  | { readonly type: "ready"; readonly initial: number }
  | { readonly type: "adopted" }
  | {
      readonly type: "expanded";
      readonly generated: number;
      /** New states stored at this level. */
      readonly stored: number;
      /** Smallest key of a successor not stored (at the last level), or -1. */
      readonly unstored: number;
      /** The broken step with the smallest key (the coordinator turns keys into numbers). */
      readonly step: (Omit<StepViolationReport, "t"> & { readonly key: number }) | null;
      /** Milliseconds spent expanding (not waiting for the others). */
      readonly busy: number;
    }
  | {
      readonly type: "marked";
      /** The broken state invariant with the smallest transition number, if any. */
      readonly state: StateViolationReport | null;
    }
  | {
      readonly type: "ranked";
      /** Transition number of the new state of rank `cut`, or -1 (not here). */
      readonly cutAt: number;
    }
  | {
      readonly type: "entry";
      /** For an initial state (no parent): the fingerprint of its representative. */
      readonly root: readonly [number, number] | null;
      readonly parent: number;
      /** Its position among its parent's successors (see RecordedPath). */
      readonly step: number;
    }
  | {
      readonly type: "dumped";
      /** By entry: its number in the one-threaded order, or -1 (taken over, or not ranked). */
      readonly numbers: Int32Array;
      /** By entry: its parent's reference (-1 for an initial state), and its step. */
      readonly parents: Int32Array;
      readonly steps: Int32Array;
      /** The initial states' fingerprints (hi, lo pairs), by entry. */
      readonly roots: readonly number[];
    }
  | { readonly type: "frontier"; readonly bytes: Uint8Array; readonly length: number }
  | {
      readonly type: "failed";
      readonly name: string;
      readonly message: string;
      readonly stack: string;
      /** A {@link UserCodeError}'s hint (it is rebuilt in the coordinator's thread). */
      readonly hint?: string;
    };

/** An error as data, to cross to another thread, where {@link rebuiltError} makes it again. */
export function thrownError(error: unknown): {
  name: string;
  message: string;
  stack: string;
  hint?: string;
} {
  const failure = error instanceof Error ? error : new Error(String(error));
  return {
    name: failure.name,
    message: failure.message,
    stack: failure.stack ?? "",
    ...(failure instanceof UserCodeError ? { hint: failure.hint } : {}),
  };
}

/**
 * The error a worker reported, rebuilt in this thread as it was thrown there: a RangeError (out
 * of memory), the model's code breaking synod's contract, or any other error, with its stack.
 */
export function rebuiltError(reply: {
  readonly name: string;
  readonly message: string;
  readonly stack: string;
  readonly hint?: string;
}): Error {
  const error =
    reply.name === "RangeError"
      ? new RangeError(reply.message)
      : reply.name === "UserCodeError"
        ? new UserCodeError(reply.message, reply.hint ?? "")
        : new Error(reply.message);
  error.stack = reply.stack;
  return error;
}

/** A reference to a stored state: its number in its owner's store, and the owner. */
export const packParent = (local: number, worker: number): number =>
  local * (1 << WORKER_BITS) + worker;
export const parentWorker = (packed: number): number => packed & ((1 << WORKER_BITS) - 1);
export const parentLocal = (packed: number): number => Math.floor(packed / (1 << WORKER_BITS));

/** The number, in the one-threaded order, of the transition with discovery key `key`. */
export function transition(firstOfParent: Float64Array<ArrayBufferLike>, key: number): number {
  const rank = Math.floor(key / KEY_SPAN);
  return firstOfParent[rank]! + (key - rank * KEY_SPAN);
}

/** Set bits in a 32-bit word. */
export function popcount(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}
