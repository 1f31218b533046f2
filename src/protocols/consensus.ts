/** The Consensus specification, shared by every protocol that refines it. */

/**
 * Consensus's next-state relation on the set of chosen values (each sorted): unchanged, or from
 * empty to a single value.
 */
export function consensusStep(was: readonly unknown[], now: readonly unknown[]): boolean {
  return (
    (was.length === now.length && was.every((v, i) => v === now[i])) ||
    (was.length === 0 && now.length === 1)
  );
}
