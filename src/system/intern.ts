/**
 * Interning: each distinct immutable value (a local state, a message, a history fact) gets a
 * small integer id, so that a global state is a short vector of integers. Values are compared
 * by value (immutable-js `is`), so equal Records built on different paths share an id.
 *
 * The ids are shared by every thread of a search: the threads of a parallel search must encode a
 * state the same way, so they agree on one numbering. Values themselves cannot cross threads
 * (they are objects with methods), so the shared {@link Registry} keeps, for each id, the value's
 * hash and how it was made: "what node 2's `receive` returned in local state 7 for message 4",
 * say. A thread that meets an id it has not seen makes the value again the same way (handlers
 * are pure), and compares by value when it interns one. One lock guards the registry; it is
 * taken only when a thread meets a value it has not seen, which is rare next to the search.
 */
import { hash, is } from "immutable";

/** How a value was made, as the system that interns it defines: a kind and four integers. */
export type Derive<T> = (kind: number, a: number, b: number, c: number, d: number) => T;

/** Words per id in a space's records: hash, next id with the same bucket + 1, kind, a, b, c, d. */
const RECORD = 7;
const BUCKETS = 1 << 20;
/** The most ids a space can hold (its records are reserved up to this size, and grown). */
const MAX_IDS = 1 << 24;

/** The shared memory of a registry, to pass to another thread. */
export interface RegistryBuffers {
  /** Word 0: the lock; word 1 + k: how many ids space k has given. */
  readonly control: SharedArrayBuffer;
  /** Per space: the bucket heads (id + 1) and the records (growable). */
  readonly spaces: readonly {
    readonly heads: SharedArrayBuffer;
    readonly records: SharedArrayBuffer;
  }[];
}

/** Numberings of several kinds of values (spaces), shared by the threads of a search. */
export class Registry {
  private readonly control: Int32Array;

  private constructor(readonly buffers: RegistryBuffers) {
    this.control = new Int32Array(buffers.control);
  }

  /** A new registry with `spaces` numberings. */
  static create(spaces: number): Registry {
    return new Registry({
      control: new SharedArrayBuffer(4 * (1 + spaces)),
      spaces: Array.from({ length: spaces }, () => ({
        heads: new SharedArrayBuffer(4 * BUCKETS),
        records: new SharedArrayBuffer(4 * RECORD * 1024, {
          maxByteLength: 4 * RECORD * MAX_IDS,
        }),
      })),
    });
  }

  /** The registry another thread created. */
  static attach(buffers: RegistryBuffers): Registry {
    return new Registry(buffers);
  }

  /** For a checkpoint: each space's count of ids, then each space's records. */
  save(): Int32Array[] {
    const counts = new Int32Array(this.buffers.spaces.length);
    const records = this.buffers.spaces.map((space, k) => {
      counts[k] = Atomics.load(this.control, 1 + k);
      return new Int32Array(space.records).slice(0, counts[k]! * RECORD);
    });
    return [counts, ...records];
  }

  /**
   * A registry with the ids a checkpoint saved ({@link save}): each value numbered as before,
   * and made again from how it was made when a search meets its id.
   */
  static restore(saved: readonly Int32Array[]): Registry {
    const [counts, ...records] = saved;
    const registry = Registry.create(records.length);
    records.forEach((kept, k) => {
      const space = registry.buffers.spaces[k]!;
      const count = counts![k]!;
      while (space.records.byteLength < 4 * count * RECORD) {
        space.records.grow(Math.min(space.records.maxByteLength, space.records.byteLength * 2));
      }
      const mine = new Int32Array(space.records);
      const heads = new Int32Array(space.heads);
      mine.set(kept);
      // The buckets' chains, linked again in the order the ids were given.
      for (let id = 0; id < count; id++) {
        const bucket = mine[id * RECORD]! & (BUCKETS - 1);
        mine[id * RECORD + 1] = heads[bucket]!;
        heads[bucket] = id + 1;
      }
      registry.control[1 + k] = count;
    });
    return registry;
  }

  lock(): void {
    while (Atomics.compareExchange(this.control, 0, 0, 1) !== 0) Atomics.wait(this.control, 0, 1);
  }

  unlock(): void {
    Atomics.store(this.control, 0, 0);
    Atomics.notify(this.control, 0, 1);
  }

  /** Space k's next id, taken (call with the lock held). */
  take(space: number): number {
    const id = this.control[1 + space]!;
    if (id >= MAX_IDS) throw new Error(`more than ${MAX_IDS} distinct values of one kind`);
    this.control[1 + space] = id + 1;
    return id;
  }
}

export class Interner<T> {
  private readonly values: (T | undefined)[] = [];
  /** Hash → the ids of the values with that hash known to this thread (usually one). */
  private readonly byHash = new Map<number, number | number[]>();
  private readonly heads: Int32Array;
  private records: Int32Array;

  /**
   * Numbers values in space `space` of `registry`; `derive` makes again a value another thread
   * numbered, from what {@link id} was told of how it was made.
   */
  constructor(
    private readonly registry: Registry,
    private readonly space: number,
    private readonly derive: Derive<T>,
  ) {
    const buffers = registry.buffers.spaces[space]!;
    this.heads = new Int32Array(buffers.heads);
    // Length-tracking: it sees the records grow, whichever thread grows them.
    this.records = new Int32Array(buffers.records);
  }

  /**
   * The id of `value`, assigning the next free id if no thread has numbered it yet. `kind` and
   * `a`..`d` say how it was made, for {@link Derive}.
   */
  id(value: T, kind: number, a = 0, b = 0, c = 0, d = 0): number {
    const h = hash(value);
    const known = this.find(value, h);
    if (known >= 0) return known;
    this.registry.lock();
    try {
      // Another thread may have numbered it: look through the shared bucket.
      const bucket = h & (BUCKETS - 1);
      for (let id = this.heads[bucket]! - 1; id >= 0; id = this.records[id * RECORD + 1]! - 1) {
        if (this.records[id * RECORD] === h && is(this.value(id), value)) return id;
      }
      const id = this.registry.take(this.space);
      const at = id * RECORD;
      if (at + RECORD > this.records.length) {
        const buffer = this.registry.buffers.spaces[this.space]!.records;
        buffer.grow(Math.min(buffer.maxByteLength, buffer.byteLength * 2));
      }
      const records = this.records;
      records[at] = h;
      records[at + 1] = this.heads[bucket]!;
      records[at + 2] = kind;
      records[at + 3] = a;
      records[at + 4] = b;
      records[at + 5] = c;
      records[at + 6] = d;
      this.heads[bucket] = id + 1;
      this.remember(id, value, h);
      return id;
    } finally {
      this.registry.unlock();
    }
  }

  /** The value with this id, made again here if another thread numbered it. */
  value(id: number): T {
    let value = this.values[id];
    if (value === undefined) {
      const r = this.records;
      const at = id * RECORD;
      value = this.derive(r[at + 2]!, r[at + 3]!, r[at + 4]!, r[at + 5]!, r[at + 6]!);
      this.remember(id, value, r[at]!);
    }
    return value;
  }

  /**
   * The hash of the value of `id` (immutable's `hash`): it depends on the value alone, not on the
   * order values were numbered in, nor on the thread.
   */
  hashOf(id: number): number {
    return this.records[id * RECORD]!;
  }

  /** True if this thread has the value of `id` (it numbered or made it). */
  has(id: number): boolean {
    return this.values[id] !== undefined;
  }

  private find(value: T, h: number): number {
    const found = this.byHash.get(h);
    if (found === undefined) return -1;
    if (typeof found === "number") return is(this.values[found], value) ? found : -1;
    for (const id of found) if (is(this.values[id], value)) return id;
    return -1;
  }

  private remember(id: number, value: T, h: number): void {
    this.values[id] = value;
    const found = this.byHash.get(h);
    if (found === undefined) this.byHash.set(h, id);
    else if (typeof found === "number") this.byHash.set(h, [found, id]);
    else found.push(id);
  }
}
