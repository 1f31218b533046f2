/**
 * Remembering a property's results: a predicate whose value depends only on part of a state is
 * evaluated once per distinct part, found again by an exact key built from that part.
 */
export function remembered<A extends unknown[]>(
  key: (...args: A) => string,
  predicate: (...args: A) => boolean,
): (...args: A) => boolean {
  const known = new Map<string, boolean>();
  return (...args) => {
    const k = key(...args);
    let value = known.get(k);
    if (value === undefined) {
      value = predicate(...args);
      known.set(k, value);
    }
    return value;
  };
}
