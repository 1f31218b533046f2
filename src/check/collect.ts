/**
 * A full garbage collection, on demand, for the moments a search drops a large array.
 *
 * V8 frees a dropped typed array's memory only when a collection finds it dead, and a long-lived
 * one only in a full (mark-compact) collection, which a search whose heap hardly grows may not
 * run again before it ends. The state table, copied into a new reservation past 4 million
 * slots, is the case in point: allocating the new one starts a collection while the old one is
 * still being copied from, and whether that collection ends before or after the copy decided
 * whether 32 MB of a 221 MB peak (ballots 0..3) stayed resident to the end. Collecting once the
 * copy is done takes a few milliseconds. (Detaching the old buffer frees it too, at the next
 * minor collection, but made searches 10-15% slower: likely V8's compiled code checks each
 * typed array access for a detached buffer once any buffer has been detached.)
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

let gc: (() => void) | null = null;

/** Collects garbage now, fully (so that the large arrays just dropped are freed). */
export function collectGarbage(): void {
  if (gc === null) {
    // `gc` is only given to contexts made after the flag is set.
    setFlagsFromString("--expose-gc");
    gc = runInNewContext("gc") as () => void;
  }
  gc();
}
