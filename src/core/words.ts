/** Small helpers for text shown to people, shared by the report, the docs and the protocols. */

/** A count with its noun: `1 slot`, `3 acceptors`. */
export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;
