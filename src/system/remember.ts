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

/**
 * As {@link remembered}, for a predicate whose value depends only on some integers of the state
 * (`extract` writes them into `out` and returns how many): the integers themselves are the key,
 * kept in an open-addressing table over typed arrays and compared exactly, so nothing is
 * allocated per state (a string key costs a string per state).
 */
export function rememberedByInts(
  extract: (state: Int32Array, out: Int32Array) => number,
  width: number,
  predicate: (state: Int32Array) => boolean,
): (state: Int32Array) => boolean {
  const scratch = new Int32Array(width);
  let slots = new Int32Array(1 << 12).fill(-1); // entry index, or -1
  let mask = slots.length - 1;
  let keys = new Int32Array(width * 1024); // entry i's key at [i * width, (i + 1) * width)
  let lengths = new Int32Array(1024);
  let values = new Uint8Array(1024);
  let hashes = new Int32Array(1024);
  let count = 0;

  const hashOf = (length: number): number => {
    let h = 0x811c9dc5 | 0;
    for (let i = 0; i < length; i++) h = Math.imul(h ^ scratch[i]!, 0x01000193);
    return h ^ (h >>> 15);
  };
  const sameKey = (entry: number, length: number): boolean => {
    if (lengths[entry] !== length) return false;
    const base = entry * width;
    for (let i = 0; i < length; i++) if (keys[base + i] !== scratch[i]) return false;
    return true;
  };
  const grow = (): void => {
    const more = (a: Int32Array, n: number) => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    keys = more(keys, keys.length * 2);
    lengths = more(lengths, lengths.length * 2);
    hashes = more(hashes, hashes.length * 2);
    const v = new Uint8Array(values.length * 2);
    v.set(values);
    values = v;
  };
  const rehash = (): void => {
    slots = new Int32Array(slots.length * 2).fill(-1);
    mask = slots.length - 1;
    for (let e = 0; e < count; e++) {
      let slot = hashes[e]! & mask;
      while (slots[slot] !== -1) slot = (slot + 1) & mask;
      slots[slot] = e;
    }
  };

  return (state) => {
    const length = extract(state, scratch);
    const hash = hashOf(length);
    let slot = hash & mask;
    for (;;) {
      const entry = slots[slot]!;
      if (entry === -1) break;
      if (hashes[entry] === hash && sameKey(entry, length)) return values[entry] === 1;
      slot = (slot + 1) & mask;
    }
    const value = predicate(state);
    if (count === lengths.length) grow();
    keys.set(scratch.subarray(0, length), count * width);
    lengths[count] = length;
    hashes[count] = hash;
    values[count] = value ? 1 : 0;
    slots[slot] = count++;
    if (count * 2 > slots.length) rehash();
    return value;
  };
}
