/**
 * Symmetry reduction for the message-set Paxos: acceptors, values, or both, are interchangeable.
 * A state's representative is the lexicographically smallest vector among its images under every
 * permutation of the group (all acceptor permutations combined with all value permutations), so
 * the search stores exactly one state per orbit, as TLC does with SYMMETRY.
 */
import type { AbstractMessage } from "./catalog.ts";
import type { Spec } from "./spec.ts";
import { lexLess, permutations } from "../../check/permutations.ts";

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

  return (state) => {
    best.set(state.subarray(0, layout.length));
    let changed = false;
    for (const g of elements) {
      applyToAcceptors(g, state);
      // An image already above the best one in its acceptor variables cannot be smaller.
      if (lexLess(best, image, layout.msgs)) continue;
      applyToMessages(g, state);
      if (lexLess(image, best, layout.length)) {
        best.set(image);
        changed = true;
      }
    }
    if (changed) state.set(best);
  };
}
