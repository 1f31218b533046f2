/** The rules of the message-set Paxos that a variant may replace. */
import { valuesAllowedBy, type Spec } from "./spec.ts";

export interface AbstractRules {
  /**
   * Phase2a: the values (a bitmask) that ballot b may propose on the strength of the 1b messages
   * from `quorum` (a bitmask of acceptors); 0 if the quorum has not all sent a 1b for b.
   */
  valuesAllowedBy(spec: Spec, s: Int32Array, b: number, quorum: number): number;
}

export const correctAbstractRules: AbstractRules = { valuesAllowedBy };
