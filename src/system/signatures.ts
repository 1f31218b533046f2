/**
 * Signatures of interchangeable nodes, for symmetry reduction: a number per node, computed from a
 * state, that every renaming of the state gives to the renamed node. Sorting nodes by it orders
 * them the same way in every state of an orbit (symmetry.ts).
 */
import { UserCodeError, shown } from "../core/contracts.ts";
import type { Interner } from "./intern.ts";
import type { Layout, Renaming } from "./encoding.ts";
import { mix, nameBlindHash } from "./name-blind.ts";
import { grown } from "../check/grown.ts";

/** The interned values a state's ids stand for. */
export interface Spaces {
  readonly localStates: Interner<unknown>;
  readonly messages: Interner<unknown>;
  readonly facts: Interner<unknown>;
}

// Tags that keep apart the ways a node is named: its own state, another node's, a fact, a message.
const OWN = 0x4f574e21;
const SELF = 0x53454c46;
const PEER = 0x50454552;
const FIXED = 0x46495844;
const FACT = 0x46414354;
const MESSAGE = 0x4d534721;

/**
 * Computes, into `out[k]`, the signature of symmetric node k (the node at `symmetricPositions[k]`):
 * the sum of mixed blind hashes of its own local state and of everything that names it (another
 * node's state, a history fact, a message in flight), each tagged with how it names it.
 *
 * Blind hashes are computed once per interned id, and each is checked against the protocol's
 * `permute`: swapping two neighbouring nodes (or values) must leave the hash as it is and swap
 * the nodes it names. A `permute` that changes more than names would make signatures differ
 * within an orbit, and the search would count one orbit as several; it is stopped instead.
 */
export function blindSignatures(
  nodeNames: readonly string[],
  symmetricPositions: readonly number[],
  symmetricValues: readonly string[],
  permute: (value: unknown, renaming: Renaming) => unknown,
  swapNodes: (k1: number, k2: number) => Renaming,
  swapValues: (v1: number, v2: number) => Renaming,
  spaces: Spaces,
): (state: Int32Array, length: number, layout: Layout, out: Int32Array) => void {
  const n = symmetricPositions.length;
  const blind = nameBlindHash(
    new Map(symmetricPositions.map((position, k) => [nodeNames[position]!, k])),
    new Set(symmetricValues),
  );
  const symmetricIndex = Int32Array.from(nodeNames, () => -1);
  symmetricPositions.forEach((position, k) => (symmetricIndex[position] = k));

  const swapBits = (mask: number, k1: number, k2: number): number => {
    const b1 = (mask >>> k1) & 1;
    const b2 = (mask >>> k2) & 1;
    return b1 === b2 ? mask : mask ^ ((1 << k1) | (1 << k2));
  };

  /**
   * What is known of each id of one space: `words[id]`, what it adds to a signature (a tagged
   * blind hash), and `mentions[id]`, the nodes it names plus one (0 while not yet described).
   */
  class Known {
    words = new Int32Array(1024);
    mentions = new Int32Array(1024);

    constructor(
      readonly space: Interner<unknown>,
      readonly tag: number,
    ) {}

    /** The nodes `id` names (bit k: symmetric node k), described first if need be. */
    named(id: number): number {
      if (id >= this.mentions.length || this.mentions[id] === 0) this.learn(id);
      return this.mentions[id]! - 1;
    }

    /** Describes `id`: computes and checks its blind hash. */
    learn(id: number): void {
      if (id >= this.mentions.length) {
        this.words = grown(this.words, id + 1);
        this.mentions = grown(this.mentions, id + 1);
      }
      const value = this.space.value(id);
      const { hash, mentions: named } = blind(value);
      const check = (renaming: Renaming, expected: number, what: string): void => {
        const renamed = permute(value, renaming);
        const seen = blind(renamed);
        if (seen.hash === hash && seen.mentions === expected) return;
        throw new UserCodeError(
          `symmetry: the protocol's \`permute\`, swapping ${what}, turns ${shown(value)} into ` +
            `${shown(renamed)}, which is not that value with ${what} swapped`,
          "`permute` must replace every interchangeable node's name (and every value, under " +
            "`symmetry values`) wherever it appears as a whole string, and change nothing else",
        );
      };
      for (let k = 0; k + 1 < n; k++) {
        const names = `${nodeNames[symmetricPositions[k]!]} and ${nodeNames[symmetricPositions[k + 1]!]}`;
        check(swapNodes(k, k + 1), swapBits(named, k, k + 1), names);
      }
      for (let v = 0; v + 1 < symmetricValues.length; v++) {
        check(swapValues(v, v + 1), named, `${symmetricValues[v]} and ${symmetricValues[v + 1]}`);
      }
      this.words[id] = this.tag === 0 ? hash : mix(hash ^ this.tag);
      this.mentions[id] = named + 1;
    }
  }

  // A local state's word is its plain blind hash: how it names a node depends on whose it is.
  const local = new Known(spaces.localStates, 0);
  const message = new Known(spaces.messages, MESSAGE);
  const fact = new Known(spaces.facts, FACT);

  /** Adds `word` to the signature of every node in `mask`. */
  const credit = (out: Int32Array, mask: number, word: number): void => {
    for (let bits = mask; bits !== 0; bits &= bits - 1) {
      const k = 31 - Math.clz32(bits & -bits);
      out[k] = (out[k]! + word) | 0;
    }
  };

  return (state, length, layout, out) => {
    for (let k = 0; k < n; k++) out[k] = 0;
    for (let i = 0; i < nodeNames.length; i++) {
      const slot = state[i]!;
      const id = slot >> 1;
      const named = local.named(id);
      const hash = local.words[id]! ^ (slot & 1);
      const k = symmetricIndex[i]!;
      if (k >= 0) out[k] = (out[k]! + mix(hash ^ OWN)) | 0;
      if (named === 0) continue;
      const word = mix(hash ^ (k >= 0 ? PEER : mix(FIXED + i)));
      if (k >= 0 && (named >>> k) & 1) {
        credit(out, named & ~(1 << k), word);
        out[k] = (out[k]! + mix(hash ^ SELF)) | 0;
      } else credit(out, named, word);
    }
    const factEnd = layout.facts + state[layout.factCount]!;
    for (let i = layout.facts; i < factEnd; i++) {
      const id = state[i]!;
      const named = fact.named(id);
      if (named !== 0) credit(out, named, fact.words[id]!);
    }
    for (let i = factEnd; i < length; i++) {
      const id = state[i]!;
      const named = message.named(id);
      if (named !== 0) credit(out, named, message.words[id]!);
    }
  };
}
