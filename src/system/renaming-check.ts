/**
 * Symmetry is only sound if the protocol's code treats the interchangeable nodes alike: renaming
 * a state must rename its successors and leave every invariant's answer as it was. The built-in
 * protocols are written so; a user's variant or protocol may not be (a rule that singles out
 * `a1`), and then the reduced search would miss states, or fail to replay its own trace. So for
 * user code the search checks, before it expands each state, that the state and one renaming of
 * it have the same successors up to renaming and the same invariant answers, and stops with a
 * {@link UserCodeError} naming the first step where they differ.
 *
 * One swap per state, not every renaming: the swaps of two interchangeable nodes (and of two
 * values) are taken in turn from state to state, so code that tells two nodes apart meets the
 * swap of those two within the first states where it matters. Each check costs about two more
 * expansions, so every state is checked among the first {@link CHECK_ALL} the search expands and
 * one in {@link CHECK_EVERY} after them; every state of a reported trace is checked against every
 * swap (check/replay.ts). A difference met only deep in a long search can therefore go unseen:
 * this is a check, not a proof (docs/design.md).
 */
import { UserCodeError } from "../core/contracts.ts";
import type { StateInvariant } from "../core/transition-system.ts";
import type { EmitSuccessor } from "../core/transition-system.ts";
import type { SymmetryReduction } from "./symmetry.ts";
import { fingerprint, fingerprintOut } from "../check/fingerprint.ts";

/** What the check needs of the system it guards. */
export interface Guarded {
  successors(state: Int32Array, emit: EmitSuccessor): void;
  canonicalize(state: Int32Array, length: number): void;
  readonly invariants: readonly StateInvariant[];
  describeAction(before: Int32Array, action: number): string;
}

/**
 * Returns the check of a state the search is about to expand (throws on a difference): against
 * one swap, or with `everySwap` (a state of a reported trace) against each. `role` names the
 * interchangeable nodes (`acceptor`).
 */
export function renamingCheck(
  system: Guarded,
  symmetry: SymmetryReduction,
  role: string,
): (state: Int32Array, everySwap?: boolean) => void {
  const swaps = symmetry.swaps;
  let turn = 0;

  let expanded = 0;
  return (state, everySwap = false) => {
    if (swaps.length === 0) return;
    // Every state of a short search, then a sample: the check costs about two expansions.
    if (!everySwap && ++expanded > CHECK_ALL && expanded % CHECK_EVERY !== 0) return;
    if (everySwap) for (const swap of swaps) checkOne(state, swap);
    else checkOne(state, swaps[turn++ % swaps.length]!);
  };

  function checkOne(state: Int32Array, swap: (typeof swaps)[number]): void {
    const renamed = new Int32Array(state.length);
    symmetry.rename(state, state.length, swap.index, renamed);
    if (renamed.every((word, i) => word === state[i])) return;
    const stop = (what: string): never => {
      throw new UserCodeError(
        `symmetry: the code tells ${role}s apart: ${what}`,
        `a rule, handler or invariant depends on which ${role} (or value) it is; make it treat ` +
          `them all alike, or remove \`symmetry\` from the model (it is only sound for code that ` +
          `does)`,
      );
    };
    for (const invariant of system.invariants) {
      const here = invariant.holds(state);
      if (here !== invariant.holds(renamed)) {
        stop(
          `invariant ${invariant.id} ${here ? "holds" : "is violated"} in a state, but not once ` +
            `${swap.words} are swapped`,
        );
      }
    }
    const mine = successorClasses(system, state);
    const theirs = successorClasses(system, renamed);
    const differ = (words: string) =>
      stop(
        `"${words}" and the same step with ${swap.words} swapped lead to states that are not ` +
          `renamings of each other`,
      );
    for (const [key, action] of mine) {
      if (!theirs.has(key)) differ(system.describeAction(state, action));
    }
    for (const [key, action] of theirs) {
      if (!mine.has(key)) differ(system.describeAction(renamed, action));
    }
  }
}

/**
 * The successors of `state`, each as the fingerprint of its representative, with the first
 * action that leads there: two states behave alike up to renaming if these have the same keys.
 */
export function successorClasses(
  system: Pick<Guarded, "successors" | "canonicalize">,
  state: Int32Array,
): Map<number, number> {
  const found = new Map<number, number>();
  system.successors(state, (action, words, length) => {
    const copy = words.slice(0, length);
    system.canonicalize(copy, length);
    fingerprint(copy, length);
    const key = fingerprintOut[0]! * 2 ** 21 + (fingerprintOut[1]! >>> 11);
    if (!found.has(key)) found.set(key, action);
  });
  return found;
}

/** Every state of the first this many the search expands is checked... */
const CHECK_ALL = 2_000;
/** ...and after them, one state in this many. */
const CHECK_EVERY = 16;
