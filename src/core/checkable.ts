/**
 * What the checker needs from a system beyond exploring it: a view for the invariants, and a
 * decoded snapshot and action descriptions for counterexamples. The actor system implements it
 * for every actor-style protocol; a protocol written as a direct action system (such as
 * `paxos-abstract`) implements it itself.
 */
import type { TransitionSystem } from "./transition-system.ts";
import type { Model } from "./model.ts";
import type { Data } from "./data.ts";

/** A message in flight (or, on a `set` network, ever sent), decoded. */
export interface InFlight {
  /** Sender and receiver; empty when the message names none (a TLA+-style broadcast). */
  readonly from: string;
  readonly to: string;
  /** The message without sender and receiver: `Prepare(b=1.p1)`. */
  readonly message: string;
  /** The message as data: its `kind` (or `type`) and its fields, sender and receiver left out. */
  readonly data: Data;
}

/** A decoded global state, for printing and for the UI. */
export interface Snapshot {
  readonly nodes: readonly {
    readonly id: string;
    readonly role: string;
    readonly crashed: boolean;
    /** The node's state in words, field by field: `{ promised: "1.p1" }`. */
    readonly fields: Readonly<Record<string, string>>;
    /** The node's state as data: `{ promised: { round: 1, proposer: 1 }, … }`. */
    readonly data: Data;
  }[];
  /** Messages in flight, with repeats. */
  readonly messages: readonly InFlight[];
  readonly budget: { drop: number; duplicate: number; crash: number; restart: number };
  /** History facts in words. */
  readonly history: readonly string[];
  /** The same facts as data, in the same order. */
  readonly facts: readonly Data[];
}

/** What a step did, in structured form (for message sequence charts and ITF traces). */
export interface StepEvent {
  readonly kind: "deliver" | "drop" | "duplicate" | "crash" | "recover" | "restart" | "local";
  /** The node that acts (the receiver of a delivery); empty for an action of no node. */
  readonly node: string;
  /** For deliver, drop and duplicate: the message. */
  readonly message?: InFlight;
}

/** A transition system that can also show its states and steps to people and properties. */
export interface CheckableSystem<View = unknown> extends TransitionSystem {
  readonly model: Model;
  /** The state as the protocol's invariants see it. */
  view(state: Int32Array): View;
  /** The state decoded for people. */
  snapshot(state: Int32Array): Snapshot;
  /** The action in words: `a2 receives Prepare(b=1.p1) from p1`. */
  describeAction(before: Int32Array, action: number): string;
  /** The action as a structured event. */
  actionEvent(before: Int32Array, action: number): StepEvent;
  /**
   * A predicate over views as a predicate over encoded states, remembered where the system can
   * tell that states share its value (the same nodes and history, for a predicate that does not
   * read the messages in flight). Absent: decode each time.
   */
  statePredicate?(
    holds: (view: View) => boolean,
    readsMessages: boolean,
  ): (state: Int32Array) => boolean;
}
