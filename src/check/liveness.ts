/**
 * Liveness: on every fair run, does some state satisfy a predicate P (`eventually P`)? And, for
 * a leads-to property `T ~> P`, after every state where T holds, does a later one satisfy P?
 *
 * A counterexample is a run on which P never holds: a prefix from an initial state, then either a
 * cycle repeated forever or a state the run stutters in forever. The search works on the state
 * graph the explorer recorded (every edge, with its target and fairness instance), restricted to
 * states where P is false and reachable from an initial state through such states (for `T ~> P`,
 * from a reachable state where T holds and P does not; the counterexample's prefix is then a
 * shortest path to that state, followed by the run on which P never holds):
 *
 * - stuttering in state s is fair when no action of a weakly or strongly fair kind is enabled in s
 *   (in particular when no action at all is: a run that ends stutters in its last state);
 * - a cycle is fair when it satisfies every fairness assumption. Strongly connected components
 *   are searched for one (Tarjan's algorithm): a component is fair if each weakly fair instance
 *   enabled in all its states is taken on one of its edges, and each strongly fair instance
 *   enabled in any of its states is taken. A component that fails only on strong fairness is
 *   narrowed to the states where the neglected instance is disabled, and searched again (the
 *   classic Streett refinement).
 *
 * Conditions of the run (`assume faults stop`, `leader p1`) forbid some instances on the cycle:
 * those edges are left out of the components, but still count as enabled.
 *
 * spec/semantics.md, "Liveness", states the semantics this implements.
 *
 * Longer than most modules: the fair-component search and the building of the lasso read the
 * same compact edge arrays (state-graph.ts), kept together.
 */
import type { StateGraph } from "./state-graph.ts";

/** Fairness and run conditions, in terms of action instances. */
export interface FairnessSpec {
  /** By kind index: 0 no fairness, 1 weak, 2 strong. */
  readonly strength: Uint8Array;
  /** The kind (an index into `strength`) of an action instance. */
  readonly kindOf: (instance: number) => number;
  /** True if the run may not take this instance on its cycle (a run condition rules it out). */
  readonly forbidden: (instance: number) => boolean;
}

/** A run on which the predicate never holds. */
export interface Lasso {
  /**
   * State numbers: the prefix, then the cycle; the last state is `states[loop]` again. The
   * actions are found again by replay (the graph keeps no action codes, to save memory).
   */
  readonly states: readonly number[];
  /** `instances[i]` is the instance of the step from `states[i]` to `states[i + 1]`. */
  readonly instances: readonly number[];
  /** Where the cycle starts. For a run that stutters, the last index. */
  readonly loop: number;
  /** True if the run stutters forever in its last state. */
  readonly stutters: boolean;
}

/** Fairness strengths, as in {@link FairnessSpec.strength}: 1 weak, 2 strong. */
const WEAK = 1;

/**
 * Finds a fair run from one of the first `initialCount` states on which `holds[s]` is never 1,
 * with a prefix as short as the search can make it, or returns null if every fair run reaches P.
 * `poll` is called on every state visited (it may throw to stop the search: see budget.ts).
 */
export function findFairCounterexample(
  graph: StateGraph,
  initialCount: number,
  holds: Uint8Array,
  fairness: FairnessSpec,
  poll: () => void = () => {},
  leadsTo = false,
): Lasso | null {
  const n = graph.states;
  const { start, target, instance } = graph;
  // Bit 0 of `holds` is P; for leads-to, bit 1 is the trigger T.
  const unmet = (s: number): boolean => (holds[s]! & 1) === 0;

  // For `eventually P` the run starts in an initial state; for `T ~> P`, in any reachable state
  // where T holds and P does not, after a shortest path to it through the whole graph.
  const reach = leadsTo ? shortestPaths(graph, initialCount, poll) : null;
  const seeds: number[] = [];
  if (reach === null) {
    for (let s = 0; s < initialCount; s++) if (unmet(s)) seeds.push(s);
  } else {
    for (let s = 0; s < n; s++) if ((holds[s]! & 3) === 2 && reach.dist[s]! >= 0) seeds.push(s);
    seeds.sort((a, b) => reach.dist[a]! - reach.dist[b]!);
  }

  // Breadth-first through states where P is false: the shortest prefix to each. Seeds join the
  // search at their own distance, so that every state's distance is its shortest prefix.
  const dist = new Int32Array(n).fill(-1);
  const via = new Int32Array(n).fill(-1);
  const order: number[] = [];
  let next = 0;
  const seedsUpTo = (d: number): void => {
    for (; next < seeds.length; next++) {
      const s = seeds[next]!;
      const at = reach === null ? 0 : reach.dist[s]!;
      if (at > d) break;
      if (dist[s] === -1) {
        dist[s] = at;
        order.push(s);
      }
    }
  };
  seedsUpTo(reach === null ? 0 : (reach.dist[seeds[0] ?? 0] ?? 0));
  for (let head = 0; ; head++) {
    // The queue ran dry: the next seeds join, if any is left that was not reached already.
    while (head === order.length && next < seeds.length) seedsUpTo(reach!.dist[seeds[next]!]!);
    if (head === order.length) break;
    const s = order[head]!;
    poll();
    seedsUpTo(dist[s]! + 1);
    for (let e = start[s]!; e < start[s + 1]!; e++) {
      const t = target[e]!;
      if (unmet(t) && dist[t] === -1) {
        dist[t] = dist[s]! + 1;
        via[t] = e;
        order.push(t);
      }
    }
  }
  if (order.length === 0) return null;

  const fairKind = (e: number): number => fairness.strength[fairness.kindOf(instance[e]!)] ?? 0;

  // A state the run may stutter in: no fair action enabled. `order` is by distance.
  const stutter = order.find((s) => {
    for (let e = start[s]!; e < start[s + 1]!; e++) if (fairKind(e) !== 0) return false;
    return true;
  });

  const allowed = (e: number): boolean => !fairness.forbidden(instance[e]!);
  const finder = new ComponentFinder(graph, allowed, poll);

  /** A fair part of component `members` (marked in `mark`), or null. */
  const fairPart = (members: Int32Array, mark: Uint8Array): Int32Array | null => {
    const taken = new Set<number>();
    const weakCount = new Map<number, number>();
    const strongEnabled = new Set<number>();
    const lastSeen = new Map<number, number>();
    for (const s of members) {
      poll();
      for (let e = start[s]!; e < start[s + 1]!; e++) {
        const inst = instance[e]!;
        if (mark[target[e]!] === 1 && allowed(e)) taken.add(inst);
        const strength = fairKind(e);
        if (strength === 0 || lastSeen.get(inst) === s) continue;
        lastSeen.set(inst, s);
        if (strength === WEAK) weakCount.set(inst, (weakCount.get(inst) ?? 0) + 1);
        else strongEnabled.add(inst);
      }
    }
    for (const [inst, count] of weakCount) {
      // Enabled in every state and never taken: no cycle in here can be weakly fair to it.
      if (count === members.length && !taken.has(inst)) return null;
    }
    const neglected = [...strongEnabled].filter((inst) => !taken.has(inst));
    if (neglected.length === 0) return members;
    // A fair cycle must avoid every state where a neglected instance is enabled.
    const avoid = new Set(neglected);
    const rest: number[] = [];
    for (const s of members) {
      let keep = true;
      for (let e = start[s]!; e < start[s + 1]! && keep; e++) {
        if (avoid.has(instance[e]!)) keep = false;
      }
      if (keep) rest.push(s);
    }
    return nearestFair(rest, marked(rest));
  };

  /** Of the fair parts of the components of `members`, the one closest to an initial state. */
  const nearestFair = (members: ArrayLike<number>, mark: Uint8Array): Int32Array | null => {
    let best: Int32Array | null = null;
    for (const component of finder.components(members, mark)) {
      const fair = fairPart(component, marked(component));
      if (fair !== null && (best === null || entryOf(fair, dist) < entryOf(best, dist))) {
        best = fair;
      }
    }
    return best;
  };
  const marked = (members: ArrayLike<number>): Uint8Array => {
    const mark = new Uint8Array(n);
    for (let i = 0; i < members.length; i++) mark[members[i]!] = 1;
    return mark;
  };

  const best = nearestFair(order, marked(order));

  /** The run to `s`: to its seed through the whole graph, then through states where P is false. */
  const prefixTo = (s: number): { states: number[]; instances: number[] } => {
    const states = [s];
    const instances: number[] = [];
    for (let e = via[s]!; e >= 0; e = via[states[0]!]!) {
      states.unshift(sourceOf(graph, e));
      instances.unshift(instance[e]!);
    }
    if (reach !== null) {
      for (let e = reach.via[states[0]!]!; e >= 0; e = reach.via[states[0]!]!) {
        states.unshift(sourceOf(graph, e));
        instances.unshift(instance[e]!);
      }
    }
    return { states, instances };
  };

  if (stutter !== undefined && (best === null || dist[stutter]! <= entryOf(best, dist))) {
    const { states, instances } = prefixTo(stutter);
    return { states, instances, loop: states.length - 1, stutters: true };
  }
  if (best === null) return null;

  const entry = best.reduce((a, b) => (dist[b]! < dist[a]! ? b : a), best[0]!);
  const { states, instances } = prefixTo(entry);
  const loop = states.length - 1;
  const cycle = fairCycle(graph, best, entry, fairness, allowed, poll);
  for (const e of cycle) {
    states.push(target[e]!);
    instances.push(instance[e]!);
  }
  return { states, instances, loop, stutters: false };
}

/** Shortest paths from the initial states through the whole graph: distances and last edges. */
function shortestPaths(
  graph: StateGraph,
  initialCount: number,
  poll: () => void,
): { dist: Int32Array; via: Int32Array } {
  const { start, target } = graph;
  const dist = new Int32Array(graph.states).fill(-1);
  const via = new Int32Array(graph.states).fill(-1);
  const queue: number[] = [];
  for (let s = 0; s < initialCount; s++) {
    dist[s] = 0;
    queue.push(s);
  }
  for (let head = 0; head < queue.length; head++) {
    const s = queue[head]!;
    poll();
    for (let e = start[s]!; e < start[s + 1]!; e++) {
      const t = target[e]!;
      if (dist[t] === -1) {
        dist[t] = dist[s]! + 1;
        via[t] = e;
        queue.push(t);
      }
    }
  }
  return { dist, via };
}

/** The smallest prefix length among a component's states. */
function entryOf(members: Int32Array, dist: Int32Array): number {
  let min = Infinity;
  for (const s of members) min = Math.min(min, dist[s]!);
  return min;
}

/** The state an edge leaves (edges are stored by source, in order). */
function sourceOf(graph: StateGraph, e: number): number {
  let lo = 0;
  let hi = graph.states - 1;
  // The last state whose first edge is at or before e. (A state with no edges shares its start
  // with the state after it, so the last such state is the one that owns e.)
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (graph.start[mid]! <= e) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * A cycle through `entry` inside a fair component that meets every fairness obligation: each
 * weakly fair instance enabled somewhere on it is taken or disabled somewhere on it, and each
 * strongly fair one enabled on it is taken. Built greedily: go to the nearest place that meets a
 * pending obligation, until none is left, then return to `entry`. Returns edge numbers.
 */
function fairCycle(
  graph: StateGraph,
  members: Int32Array,
  entry: number,
  fairness: FairnessSpec,
  allowed: (e: number) => boolean,
  poll: () => void,
): number[] {
  const { start, target, instance } = graph;
  const inside = new Set(members);
  const enabled = (s: number): Set<number> => {
    const set = new Set<number>();
    for (let e = start[s]!; e < start[s + 1]!; e++) set.add(instance[e]!);
    return set;
  };
  const strengthOf = (inst: number): number => fairness.strength[fairness.kindOf(inst)] ?? 0;
  // Obligations: every fair instance enabled somewhere in the component.
  const pending = new Set<number>();
  for (const s of members)
    for (const inst of enabled(s)) if (strengthOf(inst) !== 0) pending.add(inst);
  const visitState = (s: number): void => {
    const here = enabled(s);
    for (const inst of [...pending]) {
      if (strengthOf(inst) === WEAK && !here.has(inst)) pending.delete(inst);
    }
  };
  const weakDisabledAt = (s: number): boolean => {
    const here = enabled(s);
    for (const inst of pending) if (strengthOf(inst) === WEAK && !here.has(inst)) return true;
    return false;
  };

  const path: number[] = [];
  let current = entry;
  visitState(current);
  while (pending.size > 0) {
    const found = shortestWithin(
      graph,
      inside,
      current,
      allowed,
      (e) => pending.has(instance[e]!) || weakDisabledAt(target[e]!),
      poll,
    );
    // The component is fair, so every pending obligation can be met inside it.
    if (found === null) throw new Error("liveness: a fair component lost an obligation");
    for (const e of found) {
      pending.delete(instance[e]!);
      visitState(target[e]!);
      path.push(e);
    }
    current = target[found[found.length - 1]!]!;
  }
  if (current === entry && path.length > 0) return path;
  const back = shortestWithin(graph, inside, current, allowed, (e) => target[e] === entry, poll);
  if (back === null) throw new Error("liveness: a component is not strongly connected");
  path.push(...back);
  return path;
}

/** The shortest path of at least one edge from `from`, inside `inside`, ending with an edge `goal` accepts. */
function shortestWithin(
  graph: StateGraph,
  inside: Set<number>,
  from: number,
  allowed: (e: number) => boolean,
  goal: (e: number) => boolean,
  poll: () => void,
): number[] | null {
  const { start, target } = graph;
  const via = new Map<number, number>();
  const queue = [from];
  const seen = new Set([from]);
  for (let head = 0; head < queue.length; head++) {
    const s = queue[head]!;
    poll();
    for (let e = start[s]!; e < start[s + 1]!; e++) {
      const t = target[e]!;
      if (!inside.has(t) || !allowed(e)) continue;
      if (goal(e)) {
        const path = [e];
        for (let at = s; at !== from;) {
          const edge = via.get(at)!;
          path.unshift(edge);
          at = sourceOf(graph, edge);
        }
        return path;
      }
      if (!seen.has(t)) {
        seen.add(t);
        via.set(t, e);
        queue.push(t);
      }
    }
  }
  return null;
}

/** Strongly connected components of a subgraph (Tarjan's algorithm, without recursion). */
class ComponentFinder {
  private readonly index: Int32Array;
  private readonly low: Int32Array;
  private readonly onStack: Uint8Array;
  private readonly stack: Int32Array;
  private readonly callNode: Int32Array;
  private readonly callEdge: Int32Array;

  constructor(
    private readonly graph: StateGraph,
    private readonly allowed: (e: number) => boolean,
    private readonly poll: () => void,
  ) {
    const n = graph.states;
    this.index = new Int32Array(n).fill(-1);
    this.low = new Int32Array(n);
    this.onStack = new Uint8Array(n);
    this.stack = new Int32Array(n);
    this.callNode = new Int32Array(n);
    this.callEdge = new Int32Array(n);
  }

  /**
   * The components of the subgraph on `members` (marked 1 in `mark`) that contain a cycle: more
   * than one state, or one state with an edge to itself.
   */
  components(members: ArrayLike<number>, mark: Uint8Array): Int32Array[] {
    const { start, target } = this.graph;
    const { index, low, onStack, stack, callNode, callEdge, allowed, poll } = this;
    for (let i = 0; i < members.length; i++) index[members[i]!] = -1;
    const found: Int32Array[] = [];
    let counter = 0;
    let top = 0;
    for (let r = 0; r < members.length; r++) {
      const root = members[r]!;
      if (index[root] !== -1) continue;
      let depth = 0;
      const open = (v: number): void => {
        index[v] = low[v] = counter++;
        stack[top++] = v;
        onStack[v] = 1;
        callNode[depth] = v;
        callEdge[depth] = start[v]!;
        depth++;
      };
      open(root);
      while (depth > 0) {
        poll();
        const v = callNode[depth - 1]!;
        const e = callEdge[depth - 1]!;
        if (e < start[v + 1]!) {
          callEdge[depth - 1] = e + 1;
          const w = target[e]!;
          if (mark[w] !== 1 || !allowed(e)) continue;
          if (index[w] === -1) open(w);
          else if (onStack[w] === 1) low[v] = Math.min(low[v]!, index[w]!);
          continue;
        }
        depth--;
        if (low[v] === index[v]) {
          let size = 0;
          while (stack[top - 1 - size] !== v) size++;
          size++;
          const component = stack.slice(top - size, top);
          top -= size;
          for (const s of component) onStack[s] = 0;
          if (size > 1 || this.selfLoop(v, mark)) found.push(component);
        }
        if (depth > 0) {
          const u = callNode[depth - 1]!;
          low[u] = Math.min(low[u]!, low[v]!);
        }
      }
    }
    return found;
  }

  private selfLoop(v: number, mark: Uint8Array): boolean {
    const { start, target } = this.graph;
    for (let e = start[v]!; e < start[v + 1]!; e++) {
      if (target[e] === v && mark[v] === 1 && this.allowed(e)) return true;
    }
    return false;
  }
}
