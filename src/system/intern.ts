/**
 * Interning: each distinct immutable value (a local state, a message, a history fact) gets a
 * small integer id, so that a global state is a short vector of integers. Values are compared
 * by value (immutable-js `is`), so equal Records built on different paths share an id.
 */
import { hash, is } from "immutable";

export class Interner<T> {
  private readonly values: T[] = [];
  /** Hash → the ids of the values with that hash (usually one). */
  private readonly byHash = new Map<number, number | number[]>();

  /** The id of `value`, assigning the next free id if it is new. */
  id(value: T): number {
    const h = hash(value);
    const found = this.byHash.get(h);
    if (found === undefined) {
      return this.add(value, h, undefined);
    }
    if (typeof found === "number") {
      if (is(this.values[found], value)) return found;
      return this.add(value, h, [found]);
    }
    for (const id of found) if (is(this.values[id], value)) return id;
    return this.add(value, h, found);
  }

  /** The value with this id. */
  value(id: number): T {
    return this.values[id]!;
  }

  get size(): number {
    return this.values.length;
  }

  private add(value: T, h: number, bucket: number[] | undefined): number {
    const id = this.values.length;
    this.values.push(value);
    if (bucket === undefined) this.byHash.set(h, id);
    else {
      bucket.push(id);
      this.byHash.set(h, bucket);
    }
    return id;
  }
}
