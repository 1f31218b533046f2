/**
 * A copy of `array` in a new one of the same kind, twice as long (or `atLeast`, if more), zeros
 * after the copied values: how the explorer's growing typed arrays grow.
 */
export function grown<T extends Int32Array | Uint32Array | Float64Array | Uint8Array>(
  array: T,
  atLeast = 0,
): T {
  const copy = new (array.constructor as new (length: number) => T)(
    Math.max(array.length * 2, atLeast),
  );
  copy.set(array);
  return copy;
}
