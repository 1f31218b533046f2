/**
 * Swarm biases (Groce et al., "Swarm testing"; Holzmann's swarm verification): each random walk
 * draws its own weights over the kinds of action and the nodes, so that different walks push
 * into different corners (many drops and no crashes; one proposer much faster than the other)
 * where uniform walks rarely go. A bias is drawn from the walk's own generator, before its first
 * step, so it too is determined by the seed and the run index.
 */
import { uniformInt } from "pure-rand/distribution/uniformInt";
import type { RandomGenerator } from "pure-rand/types/RandomGenerator";
import type { ActionClasses } from "../../core/transition-system.ts";

/** The weights of one walk: a transition's weight is its kind's times its node's. */
export interface Bias {
  /** Per kind of action (an index into {@link ActionClasses.kinds}); 0 switches a kind off. */
  readonly kinds: Float64Array;
  /** Per node (by index); 1 unless the walk favours or slows the node. */
  readonly nodes: Float64Array;
}

/** How far a kind's weight may go from 1: a factor of 2^(k/2) for k in -SPREAD..SPREAD. */
const SPREAD = 4;
/** How much a favoured node's transitions weigh, and a slowed one's (its inverse). */
const FAVOUR = 4;

/**
 * Draws a bias over a system's kinds of action and nodes. A fault is switched
 * off with probability 1/2 (a walk with drops and none with crashes, say); every other kind gets
 * a weight between 1/4 and 4; with probability 1/2 one node is favoured, and with 1/2 another is
 * slowed.
 */
export function drawBias(random: RandomGenerator, actions: ActionClasses): Bias {
  const nodes = actions.nodes?.length ?? 0;
  const kinds = new Float64Array(actions.kinds.length);
  actions.kinds.forEach((kind, k) => {
    const fault = actions.faultKinds.includes(kind);
    if (fault && uniformInt(random, 0, 1) === 0) kinds[k] = 0;
    else kinds[k] = 2 ** (uniformInt(random, -SPREAD, SPREAD) / 2);
  });
  const weights = new Float64Array(nodes).fill(1);
  if (nodes > 0 && uniformInt(random, 0, 1) === 1) {
    weights[uniformInt(random, 0, nodes - 1)] = FAVOUR;
  }
  if (nodes > 1 && uniformInt(random, 0, 1) === 1) {
    const slowed = uniformInt(random, 0, nodes - 1);
    if (weights[slowed] === 1) weights[slowed] = 1 / FAVOUR;
  }
  return { kinds, nodes: weights };
}

/**
 * A bias in words: `drop off, crash ×0.5, deliver ×2.8, favours p2, slows a1`. Only the kinds in
 * `shown` are named (those the model can take: not `restart` in a model without restarts).
 */
export function describeBias(
  bias: Bias,
  actions: ActionClasses,
  shown: ReadonlySet<string>,
): string {
  const parts: string[] = [];
  const nodeNames = actions.nodes ?? [];
  actions.kinds.forEach((kind, k) => {
    const weight = bias.kinds[k]!;
    if (weight === 1 || !shown.has(kind)) return;
    parts.push(weight === 0 ? `${kind} off` : `${kind} ×${round(weight)}`);
  });
  bias.nodes.forEach((weight, node) => {
    const name = nodeNames[node] ?? `node ${node}`;
    if (weight > 1) parts.push(`favours ${name}`);
    if (weight < 1) parts.push(`slows ${name}`);
  });
  return parts.length === 0 ? "uniform" : parts.join(", ");
}

const round = (x: number): string => String(Math.round(x * 100) / 100);
