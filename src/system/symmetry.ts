/**
 * Symmetry reduction for actor systems: a state's representative among its renamings.
 */
import type { Cluster, Envelope } from "../core/protocol.ts";
import type { Model } from "../core/model.ts";
import { factorial, lexLess, nthOrdering } from "../core/permutations.ts";
import { pollActive } from "../check/budget.ts";
import type { Interner } from "./intern.ts";
import type { HandlerOutcomes } from "./outcomes.ts";
import { Made, type Layout, type Renaming } from "./encoding.ts";

/** The interners a renaming reads and writes, and the state's layout. */
export type Tables = Pick<
  HandlerOutcomes,
  "localStates" | "messages" | "internMessage" | "facts"
> & { readonly layout: Layout };

/**
 * Symmetry reduction over interchangeable acceptors (and values, when every proposer may propose
 * any value): rewrites a state to the smallest vector among its images under every renaming in
 * the group, so one state per orbit is stored. Renamed local states, messages and facts are
 * interned like any other, and each id's image under each renaming is computed once.
 *
 * A group larger than {@link CACHED_GROUP} is not listed: its renamings are made one at a time
 * from their index (each state then takes long, and the search's budget is polled between them).
 */
export function symmetryReduction(
  model: Model,
  cluster: Cluster,
  tables: Tables,
):
  | {
      readonly canonicalize: (state: Int32Array, length: number) => void;
      /** The group's renaming by the index a renamed value's id records. */
      readonly renamingAt: (index: number) => Renaming;
    }
  | undefined {
  if (!model.symmetry.acceptors && !model.symmetry.values) return undefined;
  const permute = cluster.permute;
  if (permute === undefined) {
    throw new Error("this protocol cannot rename its nodes (its cluster has no `permute`)");
  }
  const { localStates, messages, internMessage, facts, layout } = tables;
  const nodes = cluster.nodes;
  const role = cluster.symmetricRole ?? "acceptor";
  const acceptorPositions = nodes.flatMap((n, i) => (n.role === role ? [i] : []));
  const accCount = model.symmetry.acceptors ? acceptorPositions.length : 0;
  const valCount = model.symmetry.values ? model.values.length : 0;
  const valOrderings = factorial(valCount);
  const size = factorial(accCount) * valOrderings;

  /** Element `index` of the group: acceptor ordering index ÷ v!, value ordering index mod v!. */
  const element = (index: number) => {
    const acc = nthOrdering(accCount, Math.floor(index / valOrderings));
    const val = nthOrdering(valCount, index % valOrderings);
    // Node i moves to position `position[i]`; acceptor k's id becomes acceptor acc[k]'s.
    const position = Int32Array.from(nodes, (_, i) => i);
    const rename = new Map<string, string>();
    acc.forEach((to, k) => {
      const from = acceptorPositions[k]!;
      position[from] = acceptorPositions[to]!;
      rename.set(nodes[from]!.id, nodes[acceptorPositions[to]!]!.id);
    });
    const valueRename = new Map(val.map((to, i) => [model.values[i]!, model.values[to]!]));
    return {
      index,
      position,
      renaming: {
        node: (id: string) => rename.get(id) ?? id,
        value: (v: string) => valueRename.get(v) ?? v,
      } satisfies Renaming,
      local: [] as number[],
      message: [] as number[],
      fact: [] as number[],
    };
  };
  type Element = ReturnType<typeof element>;
  const cached = size <= CACHED_GROUP;
  const group: Element[] = cached ? Array.from({ length: size }, (_, i) => element(i)) : [];

  const image = (
    cache: number[],
    id: number,
    from: Interner<unknown>,
    intern: (value: never, g: number, id: number) => number,
    g: Element,
  ): number => {
    let mapped = cache[id];
    if (mapped === undefined) {
      mapped = intern(permute(from.value(id), g.renaming) as never, g.index, id);
      cache[id] = mapped;
    }
    return mapped;
  };
  const internLocal = (v: unknown, g: number, id: number) => localStates.id(v, Made.renamed, g, id);
  const internFact = (v: unknown, g: number, id: number) => facts.id(v, Made.renamed, g, id);
  const internRenamedMessage = (v: Envelope, g: number, id: number) =>
    internMessage(v, Made.renamed, g, id, 0, 0);

  let candidate = new Int32Array(64);
  let best = new Int32Array(64);
  const header = layout.facts;

  const canonicalize = (state: Int32Array, length: number): void => {
    if (candidate.length < length) {
      candidate = new Int32Array(length * 2);
      best = new Int32Array(length * 2);
    }
    for (let i = 0; i < length; i++) best[i] = state[i]!;
    const factEnd = header + state[layout.factCount]!;
    let changed = false;
    for (let index = 0; index < size; index++) {
      let g: Element;
      if (cached) g = group[index]!;
      else {
        // Each renaming made anew: the search's budget decides how long this may go on.
        pollActive();
        g = element(index);
      }
      for (let i = 0; i < nodes.length; i++) {
        const slot = state[i]!;
        const id = image(g.local, slot >> 1, localStates, internLocal, g);
        candidate[g.position[i]!] = (id << 1) | (slot & 1);
      }
      // The node slots come first: an image whose slots already compare above the best one
      // cannot be smaller, so skip renaming its history and messages.
      if (lexLess(best, candidate, nodes.length)) continue;
      for (let i = nodes.length; i < header; i++) candidate[i] = state[i]!;
      for (let i = header; i < factEnd; i++) {
        candidate[i] = image(g.fact, state[i]!, facts, internFact, g);
      }
      candidate.subarray(header, factEnd).sort();
      for (let i = factEnd; i < length; i++) {
        candidate[i] = image(
          g.message,
          state[i]!,
          messages as Interner<unknown>,
          internRenamedMessage,
          g,
        );
      }
      candidate.subarray(factEnd, length).sort();
      if (lexLess(candidate, best, length)) {
        best.set(candidate.subarray(0, length));
        changed = true;
      }
    }
    if (changed) state.set(best.subarray(0, length));
  };
  return {
    canonicalize,
    renamingAt: (index) => (cached ? group[index]! : element(index)).renaming,
  };
}

/** Groups up to this size (8!) are listed once, with each renaming's images remembered. */
const CACHED_GROUP = 40_320;
