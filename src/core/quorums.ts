/**
 * Quorum systems: which sets of acceptors (or replicas) may complete phase 1 and phase 2. Paxos
 * is safe when every phase-1 quorum meets every phase-2 quorum (Flexible Paxos, Howard et al.
 * 2016); majorities are the classic case where any two quorums of either phase meet. Here, in
 * the core, because a model's `quorums` line says which, and formulas may ask (`quorum(…)`).
 */
import type { QuorumSpec } from "./model.ts";
import type { NodeId } from "./protocol.ts";

/** A quorum system as the protocols use it: which acceptors complete each phase. */
export interface QuorumSystem {
  /** True if these acceptors form a phase-1 quorum (a repeated id counts again towards a size). */
  phase1(ids: readonly NodeId[]): boolean;
  /** True if these acceptors form a phase-2 quorum. */
  phase2(ids: readonly NodeId[]): boolean;
}

/** The size of a majority of `n` acceptors: any two majorities share one. */
export const majority = (n: number): number => Math.floor(n / 2) + 1;

/** The quorum system of a model; `majority` is the size a majority quorum has (a rule). */
export function quorumSystem(spec: QuorumSpec, majority: number): QuorumSystem {
  switch (spec.kind) {
    case "majority":
      return { phase1: (ids) => ids.length >= majority, phase2: (ids) => ids.length >= majority };
    case "sizes":
      return {
        phase1: (ids) => ids.length >= spec.phase1,
        phase2: (ids) => ids.length >= spec.phase2,
      };
    case "sets": {
      const contains = (ids: readonly NodeId[]) =>
        spec.sets.some((set) => set.every((a) => ids.includes(a)));
      return { phase1: contains, phase2: contains };
    }
  }
}
