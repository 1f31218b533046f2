/**
 * Coverage (TLC's `-coverage`): how often each class of transition was enabled, taken, and led
 * to a state not seen before. The search calls {@link Coverage.transition} for every transition
 * it explores; what a class is (an action kind, the node that takes it, the message it
 * delivers) is the caller's to say, by a number per transition, so the engine stays blind to
 * protocols.
 */

/** The counts of one class of transition. */
export interface CoverageCount {
  /** The class, as the classifier numbered it. */
  readonly id: number;
  /** States expanded in which at least one transition of the class was enabled. */
  readonly enabledIn: number;
  /** Transitions of the class the search explored. */
  readonly taken: number;
  /** Of those, the transitions that led to a state not stored before. */
  readonly newStates: number;
}

/** Counts of transitions by class, filled in by one search (see the module comment). */
export class Coverage {
  private enabledIn: number[] = [];
  private taken: number[] = [];
  private newStates: number[] = [];
  /** The last expansion in which each class was counted as enabled. */
  private stamp: number[] = [];

  /** `classify` numbers a transition's class: small integers, from 0. */
  constructor(private readonly classify: (state: Int32Array, action: number) => number) {}

  /**
   * A transition out of `state`, the `expansion`-th state expanded (states are expanded one at a
   * time, their transitions one after another), was explored; `fresh` if it led to a new state.
   */
  transition(expansion: number, state: Int32Array, action: number, fresh: boolean): void {
    const id = this.classify(state, action);
    while (this.taken.length <= id) {
      this.enabledIn.push(0);
      this.taken.push(0);
      this.newStates.push(0);
      this.stamp.push(-1);
    }
    if (this.stamp[id] !== expansion) {
      this.stamp[id] = expansion;
      this.enabledIn[id]!++;
    }
    this.taken[id]!++;
    if (fresh) this.newStates[id]!++;
  }

  /** The counts so far, one per class seen. */
  counts(): CoverageCount[] {
    return this.taken.map((taken, id) => ({
      id,
      enabledIn: this.enabledIn[id]!,
      taken,
      newStates: this.newStates[id]!,
    }));
  }
}
