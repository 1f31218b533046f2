/**
 * Seeded random walks over a transition system: the core of random simulation, for models too
 * large to search exhaustively. Each walk starts in an initial state and takes a successor drawn
 * at random at each step (uniformly, or under the walk's swarm bias: swarm.ts), checking every
 * state invariant in each state it reaches and every step property on each step it takes, until
 * a violation, a state with no successor, or the step bound.
 *
 * A walk is determined by the seed and its run index alone: its generator is made from the two,
 * and it orders a state's transitions by the system's `actionKey`, which does not depend on the
 * order a build of the system met values in. So walk k is the same taken alone or after others,
 * on one thread or on any of several (unless two messages in one state share a 32-bit hash).
 * Walks see real states, never symmetry representatives. A walk that finds nothing proves
 * nothing; liveness is not checked.
 */
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import { uniformInt } from "pure-rand/distribution/uniformInt";
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import type { RandomGenerator } from "pure-rand/types/RandomGenerator";
import type { StateInvariant, TransitionSystem } from "../../core/transition-system.ts";
import { Budget, Stopped } from "../budget.ts";
import type { Limit, TraceStep } from "../search.ts";
import { SuccessorBatch } from "../successor-batch.ts";
import { drawBias, type Bias } from "./swarm.ts";

/** Which walks a simulation takes, and how. */
export interface WalkOptions {
  /** The seed every walk is drawn from (an integer). */
  readonly seed: number;
  /** The simulation's walks are run indices 0 to `runs` - 1 (this call takes a slice of them). */
  readonly runs: number;
  /** The slice: run indices `first`, `first + stride`, … below `runs` (default 0 and 1). */
  readonly first?: number;
  readonly stride?: number;
  /** The most steps a walk takes. */
  readonly maxSteps: number;
  /** Each walk draws its own bias (swarm.ts); false: every transition equally likely. */
  readonly swarm: boolean;
  /** Deadline, memory and requested stop, polled at every step. */
  readonly budget?: Budget;
  /**
   * Looked at before each walk: the lowest run index known to break a property (found by
   * another thread), or Infinity. Walks after it are not taken: the answer is the lowest.
   */
  readonly bound?: () => number;
  /** Called about every {@link PROGRESS_MS} milliseconds, and once at the end. */
  readonly onProgress?: (progress: WalkProgress) => void;
}

/** Where a simulation is. */
export interface WalkProgress {
  /** Walks finished. */
  readonly runs: number;
  /** Steps taken over all walks. */
  readonly steps: number;
  /** The most steps one walk took. */
  readonly deepest: number;
  readonly seconds: number;
  /** The lowest violating walk found so far, while the walks below it are taken (workers). */
  readonly found?: number | null;
}

/** What a simulation found. */
export interface WalkResult extends WalkProgress {
  readonly seed: number;
  /** The violated property's id, or null. */
  readonly violated: string | null;
  /** The run index of the walk that found it, or null. */
  readonly run: number | null;
  /** That walk, from its initial state to the violation, or null. */
  readonly trace: readonly TraceStep[] | null;
  /** That walk's bias, or null (no violation, or uniform walks). */
  readonly bias: Bias | null;
  /** What stopped the simulation before its runs were done (time, interrupt, memory), or null. */
  readonly limit: Limit | null;
  /** Each `reachable` witness a walk met: the first such walk, and the step it met it at. */
  readonly witnesses: readonly WitnessSeen[];
}

/** A witness met by a walk: the lowest walk of the thread's, and the step. */
export interface WitnessSeen {
  readonly id: string;
  readonly run: number;
  readonly step: number;
}

/** How often a simulation reports its progress, in milliseconds. */
export const PROGRESS_MS = 200;

/** The generator of walk `run` of `seed`: a mix of the two, so that neighbouring runs differ. */
export function walkGenerator(seed: number, run: number): RandomGenerator {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(run + 1, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return xoroshiro128plus(h ^ (h >>> 16));
}

/** One walk's end: the property it broke (or null) and its steps. */
interface WalkEnd {
  violated: string | null;
  steps: number;
}

/** Takes walks of one system, one at a time; its buffers are reused from walk to walk. */
export class Walker {
  private readonly batch = new SuccessorBatch();
  private keys = new Float64Array(64);
  private order = new Int32Array(64);
  /** The weight of each successor under the walk's bias, in key order. */
  private weights = new Float64Array(64);
  private readonly gather = (action: number, words: Int32Array, length: number): void =>
    this.batch.add(action, 0, 0, words, length);
  /** The witnesses no walk has met yet, and the ones met (first walk first). */
  private pending: readonly StateInvariant[];
  readonly seen: WitnessSeen[] = [];

  constructor(
    private readonly system: TransitionSystem,
    private readonly maxSteps: number,
    private readonly swarm: boolean,
    private readonly budget: Budget,
  ) {
    this.pending = system.witnesses ?? [];
  }

  /** Notes the witnesses `state` meets, at `step` of walk `run`. */
  private look(state: Int32Array, run: number, step: number): void {
    // Most states meet none: they cost a test each, and nothing is allocated.
    if (!this.pending.some((witness) => witness.holds(state))) return;
    const met = this.pending.filter((witness) => witness.holds(state));
    for (const witness of met) this.seen.push({ id: witness.id, run, step });
    this.pending = this.pending.filter((witness) => !met.includes(witness));
  }

  /** The bias walk `run` of `seed` draws, or null (uniform walks, or a system without kinds). */
  bias(seed: number, run: number): Bias | null {
    return this.draw(walkGenerator(seed, run));
  }

  /** Takes walk `run` of `seed`; its states go into `trace` if one is given. */
  walk(seed: number, run: number, trace: TraceStep[] | null = null): WalkEnd {
    const { system, batch, budget } = this;
    const random = walkGenerator(seed, run);
    const bias = this.draw(random);
    const initial = system.initialStates();
    if (initial.length === 0) return { violated: null, steps: 0 };
    let state = initial[uniformInt(random, 0, initial.length - 1)]!.slice();
    trace?.push({ action: null, state });
    let violated = brokenInvariant(system, state);
    // A walk taken again to record it met its witnesses the first time.
    const look = trace === null && this.pending.length > 0;
    if (look) this.look(state, run, 0);
    let steps = 0;
    while (violated === null && steps < this.maxSteps) {
      // A walk taken again to record it is not stopped: it is known to be short.
      if (trace === null) budget.poll();
      batch.clear();
      system.successors(state, this.gather);
      if (batch.size === 0) break;
      const k = this.choose(state, random, bias);
      const action = batch.actions[k]!;
      const next = batch.state(k).slice();
      steps++;
      trace?.push({ action, state: next });
      violated = brokenInvariant(system, next);
      if (violated === null) violated = brokenStep(system, state, action, next);
      if (look && this.pending.length > 0) this.look(next, run, steps);
      state = next;
    }
    return { violated, steps };
  }

  private draw(random: RandomGenerator): Bias | null {
    const actions = this.system.actions;
    return this.swarm && actions !== undefined ? drawBias(random, actions) : null;
  }

  /** The successor to take: drawn in the order of the transitions' keys, under the bias. */
  private choose(state: Int32Array, random: RandomGenerator, bias: Bias | null): number {
    const n = this.sortSuccessors();
    const order = this.order;
    if (bias === null) return order[uniformInt(random, 0, n - 1)]!;
    const actions = this.system.actions!;
    const weights = this.weights;
    const codes = this.batch.actions;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const instance = actions.instance(state, codes[order[i]!]!);
      const node = actions.nodeOf(instance);
      const weight = bias.kinds[actions.kindOf(instance)]! * (node >= 0 ? bias.nodes[node]! : 1);
      weights[i] = weight;
      total += weight;
    }
    // Every enabled transition is of a kind the bias switched off: take one anyway.
    if (total === 0) return order[uniformInt(random, 0, n - 1)]!;
    let left = uniformFloat64(random) * total;
    for (let i = 0; i < n - 1; i++) {
      left -= weights[i]!;
      if (left < 0) return order[i]!;
    }
    return order[n - 1]!;
  }

  /** Puts the batch's successors in the order of their keys (by insertion: they are few). */
  private sortSuccessors(): number {
    const { batch, system } = this;
    const n = batch.size;
    if (this.order.length < n) {
      this.order = new Int32Array(n * 2);
      this.keys = new Float64Array(n * 2);
      this.weights = new Float64Array(n * 2);
    }
    const { order, keys } = this;
    const key = system.actionKey;
    for (let i = 0; i < n; i++) order[i] = i;
    if (key === undefined) return n;
    for (let i = 0; i < n; i++) keys[i] = key.call(system, batch.actions[i]!);
    for (let i = 1; i < n; i++) {
      const k = order[i]!;
      const kk = keys[k]!;
      let j = i - 1;
      while (j >= 0 && keys[order[j]!]! > kk) {
        order[j + 1] = order[j]!;
        j--;
      }
      order[j + 1] = k;
    }
    return n;
  }
}

/** Takes the slice's walks in run order, until one breaks a property, a stop, or the bound. */
export function randomWalks(system: TransitionSystem, options: WalkOptions): WalkResult {
  const started = performance.now();
  const budget = options.budget ?? Budget.unlimited();
  const walker = new Walker(system, options.maxSteps, options.swarm, budget);
  const stride = options.stride ?? 1;
  let steps = 0;
  let runs = 0;
  let deepest = 0;
  let lastReport = started;
  const progress = (): WalkProgress => ({
    runs,
    steps,
    deepest,
    seconds: (performance.now() - started) / 1000,
  });
  const result = (found: { run: number; violated: string } | null, limit: Limit | null) => {
    const trace: TraceStep[] | null = found === null ? null : [];
    // The walk again, recording its states this time: it takes the same steps.
    if (found !== null) walker.walk(options.seed, found.run, trace);
    const end = progress();
    options.onProgress?.(end);
    return {
      ...end,
      seed: options.seed,
      violated: found?.violated ?? null,
      run: found?.run ?? null,
      trace,
      bias: found === null ? null : walker.bias(options.seed, found.run),
      limit,
      witnesses: walker.seen,
    } satisfies WalkResult;
  };
  try {
    for (let run = options.first ?? 0; run < options.runs; run += stride) {
      if (options.bound !== undefined && run > options.bound()) break;
      const end = walker.walk(options.seed, run);
      runs++;
      steps += end.steps;
      if (end.steps > deepest) deepest = end.steps;
      if (end.violated !== null) return result({ run, violated: end.violated }, null);
      if (options.onProgress !== undefined && performance.now() - lastReport >= PROGRESS_MS) {
        lastReport = performance.now();
        options.onProgress(progress());
      }
    }
  } catch (error) {
    if (error instanceof Stopped) return result(null, error.reason);
    throw error;
  }
  return result(null, null);
}

/** The first state invariant `state` breaks, or null. */
function brokenInvariant(system: TransitionSystem, state: Int32Array): string | null {
  for (const invariant of system.invariants) if (!invariant.holds(state)) return invariant.id;
  return null;
}

/** The first step property the step from `before` by `action` to `after` breaks, or null. */
function brokenStep(
  system: TransitionSystem,
  before: Int32Array,
  action: number,
  after: Int32Array,
): string | null {
  for (const property of system.stepInvariants ?? []) {
    if (!property.holds(before, action, after, after.length)) return property.id;
  }
  return null;
}

/** Of the witnesses the threads met, each one's lowest walk (then lowest step), by name. */
export function firstSeen(seen: readonly WitnessSeen[]): WitnessSeen[] {
  const first = new Map<string, WitnessSeen>();
  for (const w of seen) {
    const best = first.get(w.id);
    if (best === undefined || w.run < best.run || (w.run === best.run && w.step < best.step)) {
      first.set(w.id, w);
    }
  }
  return [...first.values()];
}
