/**
 * A way to search a transition system exhaustively, behind one interface: breadth-first
 * (`strategies/breadth-first.ts`, on one thread or handed over to workers) today. A strategy
 * knows nothing of Paxos or of models: it gets a system and one options object, and gives an
 * {@link ExploreResult}. Random walks (`strategies/random-walk.ts`) sample runs instead of
 * enumerating states, and have an interface of their own.
 */
import type { TransitionSystem } from "../core/transition-system.ts";
import type { ExploreOptions, ExploreResult } from "./search.ts";
import type { WorkerRecipe } from "./parallel-protocol.ts";

/** What a search is given: the explorer's options, and the threads it may use. */
export interface SearchOptions extends ExploreOptions {
  /** Worker threads the search may use; 1 keeps it on this thread. */
  readonly workers: number;
  /** How a worker builds its copy of the system (needed when `workers` is above 1). */
  readonly recipe?: () => WorkerRecipe;
}

/** A kind of search. */
export interface SearchStrategy {
  /** Its name, as a user would call it. */
  readonly name: string;
  /** Searches `system`, pausing now and then so that a UI can redraw. */
  search(system: TransitionSystem, options: SearchOptions): Promise<ExploreResult>;
}
