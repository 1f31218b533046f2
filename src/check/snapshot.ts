/**
 * A search as it stands between two states: everything a checkpoint keeps, and a search resumes
 * from. Both the one-thread search and the workers' write one in the one-thread search's terms
 * (states numbered in the order one thread finds them), so a checkpoint written by either can be
 * resumed by either, and the resumed search ends with the counts, depth, verdict and
 * counterexample length of a search never stopped.
 */
import type { SavedGraph } from "./state-graph.ts";
import type { SavedQueue } from "./state-queue.ts";
import type { SavedStore } from "./state-store.ts";

/** A search between two states, as a checkpoint keeps it: see the module's comment. */
export interface SearchSnapshot {
  /** Every state found: fingerprints, back-links, and in exact mode their words. */
  readonly store: SavedStore;
  /** The states still to expand, in order: the rest of a level, then what of the next is found. */
  readonly frontier: SavedQueue;
  /** States expanded so far (the first frontier state is number `expanded`). */
  readonly expanded: number;
  /** States generated so far (TLC's "states generated"). */
  readonly generated: number;
  /** The depth of the level being expanded (the initial states are at depth 1). */
  readonly depth: number;
  /** The number of the first state after that level. */
  readonly levelEnd: number;
  /** How many initial states there are (the first stored). */
  readonly initialCount: number;
  /** Seconds of search before this snapshot, over every run that led to it. */
  readonly seconds: number;
  /** With liveness: the state graph so far, and each property's value in each state. */
  readonly graph: SavedGraph | null;
  readonly satisfied: readonly Uint8Array[] | null;
  /** The system's numbering of values, without which its states mean nothing (see intern.ts). */
  readonly shared: readonly Int32Array[] | null;
}

/** Where a search writes its snapshots: `due` is asked now and then; `write` writes one. */
export interface Checkpointer {
  /** True when a periodic checkpoint is due. */
  due(): boolean;
  /** Writes a snapshot (synchronously: the search waits). */
  write(snapshot: SearchSnapshot): void;
}
