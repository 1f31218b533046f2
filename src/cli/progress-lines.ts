/**
 * Progress on stderr without the live panel (a pipe, CI, `--no-tui`): a long run says where it
 * is every {@link PROGRESS_EVERY_MS}, as TLC does, and says nothing when it is short.
 */

/** How often a run without the live panel reports its progress. */
export const PROGRESS_EVERY_MS = 30_000;

/**
 * A progress callback that passes at most one report every `everyMs` (counted from its making)
 * to `say`, in the words `words` gives it. `clock` is in milliseconds.
 */
export function progressLines<P>(
  say: (text: string) => void,
  words: (progress: P) => string,
  everyMs = PROGRESS_EVERY_MS,
  clock: () => number = () => performance.now(),
): (progress: P) => void {
  let last = clock();
  return (progress) => {
    const now = clock();
    if (now - last < everyMs) return;
    last = now;
    say(`synod: progress after ${words(progress)}`);
  };
}
