/**
 * Symmetry reduction for the message-set Paxos: acceptors, values, or both, are interchangeable.
 * A state's representative is the lexicographically smallest vector among its images under every
 * permutation of the group (all acceptor permutations combined with all value permutations), so
 * the search stores exactly one state per orbit, as TLC does with SYMMETRY.
 */
import type { AbstractMessage } from "./catalog.ts";
import type { Spec } from "./spec.ts";
import { lexLess, permutations } from "../../core/permutations.ts";

interface GroupElement {
  /** New index of each acceptor. */
  readonly acceptor: Int32Array;
  /** New index of each value. */
  readonly value: Int32Array;
  /** New index of each message. */
  readonly message: Int32Array;
}

function group(spec: Spec, acceptors: boolean, values: boolean): GroupElement[] {
  const identity = (n: number) => [Array.from({ length: n }, (_, i) => i)];
  const accPerms = acceptors ? permutations(spec.acceptors) : identity(spec.acceptors);
  const valPerms = values ? permutations(spec.values) : identity(spec.values);
  const elements: GroupElement[] = [];
  for (const acc of accPerms) {
    for (const val of valPerms) {
      const v = (x: number) => (x < 0 ? x : val[x]!);
      const message = new Int32Array(spec.catalog.size);
      for (let i = 0; i < spec.catalog.size; i++) {
        const m = spec.catalog.decode(i);
        const image: AbstractMessage =
          m.type === "1a"
            ? m
            : m.type === "1b"
              ? { ...m, acc: acc[m.acc]!, mval: v(m.mval) }
              : m.type === "2a"
                ? { ...m, val: v(m.val) }
                : { ...m, acc: acc[m.acc]!, val: v(m.val) };
        message[i] = spec.catalog.encode(image);
      }
      elements.push({ acceptor: Int32Array.from(acc), value: Int32Array.from(val), message });
    }
  }
  return elements;
}

/** Returns a function that rewrites a state, in place, to the representative of its orbit. */
export function canonicalizer(
  spec: Spec,
  acceptors: boolean,
  values: boolean,
): (state: Int32Array, length: number) => void {
  const elements = group(spec, acceptors, values);
  const { layout } = spec;
  const image = new Int32Array(layout.length);
  const best = new Int32Array(layout.length);

  /** The image of the acceptor variables, which lead the vector. */
  const applyToAcceptors = (g: GroupElement, s: Int32Array): void => {
    for (let a = 0; a < spec.acceptors; a++) {
      const to = g.acceptor[a]!;
      image[layout.maxBal + to] = s[layout.maxBal + a]!;
      image[layout.maxVBal + to] = s[layout.maxVBal + a]!;
      const val = s[layout.maxVal + a]!;
      image[layout.maxVal + to] = val < 0 ? val : g.value[val]!;
    }
  };

  /** The image of the message bitset. */
  const applyToMessages = (g: GroupElement, s: Int32Array): void => {
    image.fill(0, layout.msgs);
    for (let w = layout.msgs; w < layout.length; w++) {
      let bits = s[w]!;
      while (bits !== 0) {
        const low = bits & -bits;
        const i = ((w - layout.msgs) << 5) + (31 - Math.clz32(low));
        const j = g.message[i]!;
        image[layout.msgs + (j >>> 5)]! |= 1 << (j & 31);
        bits ^= low;
      }
    }
  };

  /** Tries one renaming: keeps its image in `best` if smaller; true if it did. */
  const consider = (g: GroupElement, state: Int32Array): boolean => {
    applyToAcceptors(g, state);
    // An image already above the best one in its acceptor variables cannot be smaller.
    if (lexLess(best, image, layout.msgs)) return false;
    applyToMessages(g, state);
    if (!lexLess(image, best, layout.length)) return false;
    best.set(image);
    return true;
  };

  if (!acceptors) {
    return (state) => {
      for (let i = 0; i < layout.length; i++) best[i] = state[i]!;
      let changed = false;
      for (const g of elements) changed = consider(g, state) || changed;
      if (changed) state.set(best);
    };
  }
  return sortedCanonicalizer(spec, elements, consider, best);
}

/**
 * With acceptors interchangeable, a cheaper canonical form than trying every renaming: for each
 * value renaming, sort the acceptors by what they hold (their variables, then the messages they
 * sent, both with values renamed and without their own name) and apply the one acceptor renaming
 * that puts them in that order; the representative is the smallest of those images. Two
 * acceptors that sort equal hold the same variables and sent the same messages, so swapping them
 * maps the state to itself: the order among them does not change the image, and the result
 * depends only on the orbit. It is not always the lexicographically smallest image, but it is one
 * per orbit, which is what the counts need (the tests pin TLC's orbit counts).
 */
function sortedCanonicalizer(
  spec: Spec,
  elements: readonly GroupElement[],
  consider: (g: GroupElement, state: Int32Array) => boolean,
  best: Int32Array,
): (state: Int32Array, length: number) => void {
  const { layout, catalog } = spec;
  const n = spec.acceptors;
  const perValue = elements.length / permutations(n).length;
  // Elements are acceptor-major: the element of (acceptor renaming σ, value renaming v) is
  // byCode[σ] + v, σ coded as Σ σ[a]·n^a.
  const power = Int32Array.from({ length: n }, (_, a) => n ** a);
  const byCode = new Int32Array(n ** n);
  elements.forEach((g, i) => {
    if (i % perValue !== 0) return;
    let code = 0;
    for (let a = 0; a < n; a++) code += g.acceptor[a]! * power[a]!;
    byCode[code] = i;
  });
  // Each message an acceptor sends, numbered without the acceptor: its bit in the acceptor's
  // signature, per value renaming (-1 for 1a and 2a messages, which no acceptor sends).
  const own = new Map<number, number>();
  for (let i = 0; i < catalog.size; i++) {
    const m = catalog.decode(i);
    if ((m.type === "1b" || m.type === "2b") && m.acc === 0) own.set(i, own.size);
  }
  const words = Math.ceil(own.size / 32);
  const sender = new Int32Array(catalog.size);
  const bitOf = Array.from({ length: perValue }, (_, v) => {
    const value = elements[v]!.value;
    const rename = (x: number) => (x < 0 ? x : value[x]!);
    return Int32Array.from({ length: catalog.size }, (_, i) => {
      const m = catalog.decode(i);
      if (m.type === "1a" || m.type === "2a") {
        sender[i] = -1;
        return -1;
      }
      sender[i] = m.acc;
      const anonymous: AbstractMessage =
        m.type === "1b"
          ? { ...m, acc: 0, mval: rename(m.mval) }
          : { ...m, acc: 0, val: rename(m.val) };
      return own.get(catalog.encode(anonymous))!;
    });
  });

  const width = 3 + words;
  const key = new Int32Array(n * width);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const compare = (a: number, b: number): number => {
    for (let k = 0; k < width; k++) {
      const d = key[a * width + k]! - key[b * width + k]!;
      if (d !== 0) return d;
    }
    return 0;
  };

  return (state) => {
    // The representative is the smallest of the images only: the state itself is not a
    // candidate (unlike with every renaming tried, it may be smaller than every sorted image).
    best.fill(0x7fffffff);
    for (let v = 0; v < perValue; v++) {
      const value = elements[v]!.value;
      const bits = bitOf[v]!;
      key.fill(0);
      for (let a = 0; a < n; a++) {
        key[a * width] = state[layout.maxBal + a]!;
        key[a * width + 1] = state[layout.maxVBal + a]!;
        const val = state[layout.maxVal + a]!;
        key[a * width + 2] = val < 0 ? val : value[val]!;
        order[a] = a;
      }
      for (let w = layout.msgs; w < layout.length; w++) {
        let set = state[w]!;
        while (set !== 0) {
          const low = set & -set;
          const i = ((w - layout.msgs) << 5) + (31 - Math.clz32(low));
          const bit = bits[i]!;
          // Unsigned words compare as signed here; any fixed order will do.
          if (bit >= 0) key[sender[i]! * width + 3 + (bit >>> 5)]! |= 1 << (bit & 31);
          set ^= low;
        }
      }
      // Insertion sort: a handful of acceptors.
      for (let i = 1; i < n; i++) {
        for (let j = i; j > 0 && compare(order[j - 1]!, order[j]!) > 0; j--) {
          const t = order[j]!;
          order[j] = order[j - 1]!;
          order[j - 1] = t;
        }
      }
      // Acceptor order[k] goes to position k.
      let code = 0;
      for (let k = 0; k < n; k++) code += k * power[order[k]!]!;
      consider(elements[byCode[code]! + v]!, state);
    }
    // The first image always replaces the sentinel, so `best` holds the representative.
    state.set(best);
  };
}
