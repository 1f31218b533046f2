/**
 * Symmetry reduction for actor systems: a state's representative among its renamings.
 */
import type { Cluster, Envelope } from "../core/protocol.ts";
import type { Model } from "../core/model.ts";
import { UserCodeError } from "../core/contracts.ts";
import {
  factorial,
  lexLess,
  nthOrdering,
  orderingIndex,
  permutations,
} from "../core/permutations.ts";
import { pollActive } from "../check/budget.ts";
import { grown } from "../check/grown.ts";
import type { Interner } from "./intern.ts";
import type { HandlerOutcomes } from "./outcomes.ts";
import { Made, type Layout, type Renaming } from "./encoding.ts";
import { blindSignatures } from "./signatures.ts";

/** The interners a renaming reads and writes, and the state's layout. */
export type Tables = Pick<
  HandlerOutcomes,
  "localStates" | "messages" | "internMessage" | "facts"
> & { readonly layout: Layout };

/** What symmetry reduction gives an actor system. */
export interface SymmetryReduction {
  /** Rewrites `state[0..length)`, in place, to the representative of its orbit. */
  readonly canonicalize: (state: Int32Array, length: number) => void;
  /** The group's renaming by the index a renamed value's id records. */
  readonly renamingAt: (index: number) => Renaming;
  /** How many renamings the group has. */
  readonly size: number;
  /** Writes the image of `state[0..length)` under renaming `index` into `out`. */
  readonly rename: (state: Int32Array, length: number, index: number, out: Int32Array) => void;
  /** Every swap of two interchangeable nodes, then of two values: its renaming, in words. */
  readonly swaps: readonly { readonly index: number; readonly words: string }[];
}

/**
 * Symmetry reduction over interchangeable nodes of one role (acceptors, or replicas) and values
 * (when every proposer may propose any value), so that one state per orbit is stored.
 *
 * The representative is found without trying all n! renamings. Each interchangeable node gets a
 * signature that renaming cannot change: a blind hash (name-blind.ts) of its own local state and
 * of every message, fact and other node's state that names it. Sorting the nodes by signature
 * fixes their order up to ties; the representative is the smallest image among the renamings
 * that put the nodes in signature order (every tie ordered every way, times every renaming of
 * the values). Since signatures are the same for every state of an orbit, so is that set of
 * images, and so is its smallest: exactly one state per orbit, as with every renaming tried.
 * A tie among nodes that the state cannot tell apart (swapping any two maps it to itself) is
 * ordered one way only, which keeps the common case of untouched nodes cheap.
 */
export function symmetryReduction(
  model: Model,
  cluster: Cluster,
  tables: Tables,
): SymmetryReduction | undefined {
  if (!model.symmetry.acceptors && !model.symmetry.values) return undefined;
  const permute = cluster.permute;
  if (permute === undefined) {
    throw new Error("this protocol cannot rename its nodes (its cluster has no `permute`)");
  }
  const { localStates, messages, internMessage, facts, layout } = tables;
  const nodes = cluster.nodes;
  const role = cluster.symmetricRole ?? "acceptor";
  const symmetricPositions = model.symmetry.acceptors
    ? nodes.flatMap((node, i) => (node.role === role ? [i] : []))
    : [];
  const n = symmetricPositions.length;
  if (n > MAX_SYMMETRIC) {
    throw new UserCodeError(
      `symmetry over ${n} ${role}s: synod renames at most ${MAX_SYMMETRIC} interchangeable nodes`,
      "drop the `symmetry` line, or model fewer nodes",
    );
  }
  const symmetricValues = model.symmetry.values ? model.values : [];
  const valueOrderings = factorial(symmetricValues.length);
  const size = factorial(n) * valueOrderings;

  /** Element `index` of the group: node ordering index ÷ v!, value ordering index mod v!. */
  const element = (index: number) => {
    const moved = nthOrdering(n, Math.floor(index / valueOrderings));
    const val = nthOrdering(symmetricValues.length, index % valueOrderings);
    // Node i moves to position `position[i]`; symmetric node k's name becomes node moved[k]'s.
    const position = Int32Array.from(nodes, (_, i) => i);
    const rename = new Map<string, string>();
    moved.forEach((to, k) => {
      const from = symmetricPositions[k]!;
      position[from] = symmetricPositions[to]!;
      rename.set(nodes[from]!.id, nodes[symmetricPositions[to]!]!.id);
    });
    const valueRename = new Map(val.map((to, i) => [symmetricValues[i]!, symmetricValues[to]!]));
    return {
      index,
      position,
      renaming: {
        node: (id: string) => rename.get(id) ?? id,
        value: (v: string) => valueRename.get(v) ?? v,
      } satisfies Renaming,
      local: new Images(),
      message: new Images(),
      fact: new Images(),
    };
  };
  type Element = ReturnType<typeof element>;
  // Made when first used: a large group is never listed whole.
  const elements: (Element | undefined)[] = [];
  const elementAt = (index: number): Element => (elements[index] ??= element(index));
  const identity = (count: number) => orderingIndex(Array.from({ length: count }, (_, i) => i));
  const identityValues = identity(symmetricValues.length);
  const identityElement = identity(n) * valueOrderings + identityValues;
  /** The ordering of `count` items with items i and j exchanged, by its number. */
  const exchange = (count: number, i: number, j: number) =>
    orderingIndex(Array.from({ length: count }, (_, k) => (k === i ? j : k === j ? i : k)));
  /** The group element swapping symmetric nodes k1 and k2, at k1·n + k2 (and k2·n + k1). */
  const nodeSwaps = new Int32Array(n * n);
  for (let k1 = 0; k1 < n; k1++) {
    for (let k2 = 0; k2 < n; k2++) {
      nodeSwaps[k1 * n + k2] = exchange(n, k1, k2) * valueOrderings + identityValues;
    }
  }
  /** The group element swapping symmetric values v1 and v2. */
  const valueSwap = (v1: number, v2: number) =>
    identity(n) * valueOrderings + exchange(symmetricValues.length, v1, v2);

  const image = (
    cache: Images,
    id: number,
    from: Interner<unknown>,
    intern: (value: never, g: number, id: number) => number,
    g: Element,
  ): number => {
    const mapped = cache.get(id);
    if (mapped >= 0) return mapped;
    const made = intern(permute(from.value(id), g.renaming) as never, g.index, id);
    cache.set(id, made);
    return made;
  };
  const internLocal = (v: unknown, g: number, id: number) => localStates.id(v, Made.renamed, g, id);
  const internFact = (v: unknown, g: number, id: number) => facts.id(v, Made.renamed, g, id);
  const internRenamedMessage = (v: Envelope, g: number, id: number) =>
    internMessage(v, Made.renamed, g, id, 0, 0);

  const header = layout.facts;
  let candidate = new Int32Array(64);
  let best = new Int32Array(64);

  /** The image of `state` under `g`, in `out`; false (out unfinished) if its node slots exceed `bound`'s. */
  const renameInto = (
    g: Element,
    state: Int32Array,
    length: number,
    out: Int32Array,
    bound: Int32Array | null,
  ): boolean => {
    const factEnd = header + state[layout.factCount]!;
    for (let i = 0; i < nodes.length; i++) {
      const slot = state[i]!;
      const id = image(g.local, slot >> 1, localStates, internLocal, g);
      out[g.position[i]!] = (id << 1) | (slot & 1);
    }
    // The node slots come first: an image whose slots already compare above the best one
    // cannot be smaller, so skip renaming its history and messages.
    if (bound !== null && lexLess(bound, out, nodes.length)) return false;
    for (let i = nodes.length; i < header; i++) out[i] = state[i]!;
    for (let i = header; i < factEnd; i++) out[i] = image(g.fact, state[i]!, facts, internFact, g);
    sortRange(out, header, factEnd);
    for (let i = factEnd; i < length; i++) {
      out[i] = image(g.message, state[i]!, messages as Interner<unknown>, internRenamedMessage, g);
    }
    sortRange(out, factEnd, length);
    return true;
  };

  const signatures = blindSignatures(
    nodes.map((node) => node.id),
    symmetricPositions,
    symmetricValues,
    permute,
    (k1, k2) => elementAt(nodeSwaps[k1 * n + k2]!).renaming,
    (v1, v2) => elementAt(valueSwap(v1, v2)).renaming,
    { localStates, messages: messages as Interner<unknown>, facts },
  );

  const signature = new Int32Array(n);
  /** The symmetric nodes in signature order. */
  const order = new Int32Array(n);
  /** Where each run of equal signatures in `order` ends (exclusive), per start; 0 if none. */
  const runEnd = new Int32Array(n);
  const moved = new Int32Array(n);
  /** The starts of the runs that are ordered every way, and each one's current ordering. */
  const runs = new Int32Array(n);
  const counters = new Int32Array(n);
  const orderingLists: number[][][] = [];
  const orderingsOf = (t: number): number[][] => (orderingLists[t] ??= permutations(t));

  /** True if swapping symmetric nodes k1 and k2 maps `state` to itself. */
  const swapFixes = (state: Int32Array, length: number, k1: number, k2: number): boolean => {
    renameInto(elementAt(nodeSwaps[k1 * n + k2]!), state, length, candidate, null);
    for (let i = 0; i < length; i++) if (candidate[i] !== state[i]) return false;
    return true;
  };

  const canonicalize = (state: Int32Array, length: number): void => {
    if (candidate.length < length) {
      candidate = new Int32Array(length * 2);
      best = new Int32Array(length * 2);
    }
    signatures(state, length, layout, signature);
    for (let k = 0; k < n; k++) order[k] = k;
    // Insertion sort: a handful of nodes.
    for (let i = 1; i < n; i++) {
      for (let j = i; j > 0 && signature[order[j - 1]!]! > signature[order[j]!]!; j--) {
        const t = order[j]!;
        order[j] = order[j - 1]!;
        order[j - 1] = t;
      }
    }
    // Runs of equal signatures: ordered every way, unless the state cannot tell their nodes apart.
    let runCount = 0;
    for (let start = 0; start < n;) {
      let end = start + 1;
      while (end < n && signature[order[end]!] === signature[order[start]!]) end++;
      runEnd[start] = end;
      if (end - start > 1) {
        let alike = true;
        for (let r = start; alike && r + 1 < end; r++) {
          alike = swapFixes(state, length, order[r]!, order[r + 1]!);
        }
        if (!alike) runs[runCount++] = start;
      }
      start = end;
    }
    // Node order[r] goes to rank r (runs take their orderings below).
    for (let r = 0; r < n; r++) moved[order[r]!] = r;
    if (runCount === 0 && valueOrderings === 1) {
      // One renaming puts the nodes in order: its image is the representative.
      const g = orderingIndex(moved);
      if (g === identityElement) return;
      renameInto(elementAt(g), state, length, candidate, null);
      for (let i = 0; i < length; i++) state[i] = candidate[i]!;
      return;
    }
    // Above any slot: the first image tried replaces it.
    best[0] = 0x7fffffff;
    let tried = 0;
    // An odometer over the orderings of each run that must be ordered every way.
    for (let c = 0; c < runCount; c++) counters[c] = 0;
    for (;;) {
      for (let c = 0; c < runCount; c++) {
        const start = runs[c]!;
        const ordering = orderingsOf(runEnd[start]! - start)[counters[c]!]!;
        for (let j = 0; j < ordering.length; j++) moved[order[start + j]!] = start + ordering[j]!;
      }
      const nodeOrdering = orderingIndex(moved) * valueOrderings;
      for (let v = 0; v < valueOrderings; v++) {
        if ((++tried & 1023) === 0) pollActive();
        const g = elementAt(nodeOrdering + v);
        if (!renameInto(g, state, length, candidate, best)) continue;
        if (lexLess(candidate, best, length)) {
          for (let i = 0; i < length; i++) best[i] = candidate[i]!;
        }
      }
      let c = 0;
      while (c < runCount) {
        const start = runs[c]!;
        if (++counters[c]! < orderingsOf(runEnd[start]! - start).length) break;
        counters[c++] = 0;
      }
      if (c === runCount) break;
    }
    for (let i = 0; i < length; i++) state[i] = best[i]!;
  };

  const swaps: { index: number; words: string }[] = [];
  for (let k1 = 0; k1 < n; k1++) {
    for (let k2 = k1 + 1; k2 < n; k2++) {
      swaps.push({
        index: nodeSwaps[k1 * n + k2]!,
        words: `${nodes[symmetricPositions[k1]!]!.id} and ${nodes[symmetricPositions[k2]!]!.id}`,
      });
    }
  }
  for (let v1 = 0; v1 < symmetricValues.length; v1++) {
    for (let v2 = v1 + 1; v2 < symmetricValues.length; v2++) {
      swaps.push({
        index: valueSwap(v1, v2),
        words: `values ${symmetricValues[v1]} and ${symmetricValues[v2]}`,
      });
    }
  }

  return {
    canonicalize,
    renamingAt: (index) => elementAt(index).renaming,
    size,
    swaps,
    rename: (state, length, index, out) => {
      renameInto(elementAt(index), state, length, out, null);
    },
  };
}

/** One renaming's image of each id of one space, plus one (0: not yet made). */
class Images {
  ids = new Int32Array(64);

  /** The image of `id`, or -1 if not yet made. */
  get(id: number): number {
    return id < this.ids.length ? this.ids[id]! - 1 : -1;
  }

  set(id: number, image: number): void {
    if (id >= this.ids.length) this.ids = grown(this.ids, id + 1);
    this.ids[id] = image + 1;
  }
}

/** Sorts `words[from..to)` in place: an insertion sort, for the few ids of a state, allocating nothing. */
function sortRange(words: Int32Array, from: number, to: number): void {
  for (let i = from + 1; i < to; i++) {
    const word = words[i]!;
    let j = i;
    for (; j > from && words[j - 1]! > word; j--) words[j] = words[j - 1]!;
    words[j] = word;
  }
}

/** Interchangeable nodes tell apart by one bit each in a mask. */
const MAX_SYMMETRIC = 30;
