/**
 * A value's hash blind to the names symmetry may change: every interchangeable node's name hashes
 * alike, so does every interchangeable value, and a collection hashes the same in any order (a
 * protocol's `permute` may re-sort a list after renaming). Renaming a value therefore leaves its
 * blind hash unchanged, which is what lets symmetry sort nodes by what they hold instead of
 * trying every renaming. The walk also notes which interchangeable nodes the value names.
 */
import { hash, isCollection, isKeyed, isRecord, Record } from "immutable";

/** A blind hash and the interchangeable nodes named (bit k: node k of the symmetric role). */
export interface Blind {
  readonly hash: number;
  readonly mentions: number;
}

const NODE = 0x6e6f6465;
const VALUE = 0x76616c75;
const UNKNOWN = 0x3f3f3f3f;
const UNORDERED = 0x7365743f;

/** Murmur3's finaliser: spreads a 32-bit word's bits. */
export function mix(word: number): number {
  let h = word | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * The blind hash of values, given the interchangeable nodes' names (each with its number) and
 * the interchangeable values (empty when values are not symmetric).
 */
export function nameBlindHash(
  nodes: ReadonlyMap<string, number>,
  values: ReadonlySet<string>,
): (value: unknown) => Blind {
  let mentions = 0;

  const walk = (x: unknown): number => {
    if (typeof x === "string") {
      const node = nodes.get(x);
      if (node !== undefined) {
        mentions |= 1 << node;
        return NODE;
      }
      return values.has(x) ? VALUE : hash(x);
    }
    if (x === null || typeof x !== "object") return typeof x === "function" ? UNKNOWN : hash(x);
    if (isRecord(x)) {
      // Fields in their declared order: a record's order is not the protocol's to change.
      let h = hash(Record.getDescriptiveName(x));
      for (const [key, field] of x.toSeq().entries()) {
        h = (Math.imul(h, 31) + mix(hash(key) ^ walk(field))) | 0;
      }
      return h;
    }
    if (isCollection(x)) {
      // A sum of mixed elements: the same for every order, and it counts repeats.
      let h = UNORDERED;
      if (isKeyed(x)) {
        for (const [key, item] of x.entries()) h = (h + mix(walk(key) ^ mix(walk(item)))) | 0;
      } else {
        for (const item of x.values()) h = (h + mix(walk(item))) | 0;
      }
      return h;
    }
    if (Array.isArray(x)) {
      let h = UNORDERED;
      for (const item of x) h = (h + mix(walk(item))) | 0;
      return h;
    }
    if (Object.getPrototypeOf(x) === Object.prototype) {
      let h = UNKNOWN;
      for (const key of Object.keys(x).sort()) {
        h =
          (Math.imul(h, 31) +
            mix(hash(key) ^ walk((x as { readonly [key: string]: unknown })[key]))) |
          0;
      }
      return h;
    }
    // Any other object: all alike (blind, so still unchanged by renaming).
    return UNKNOWN;
  };

  return (value) => {
    mentions = 0;
    const h = walk(value);
    return { hash: h, mentions };
  };
}
