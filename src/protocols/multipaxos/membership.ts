/**
 * Membership of a replicated log that changes through the log itself (Lamport, Malkhi and Zhou,
 * "Reconfiguring a State Machine"; the α of SMART): a reconfiguration command chosen in slot s
 * installs its member set from slot s + α on. A slot's configuration is therefore fixed by the
 * commands chosen below it, and a leader acts on a slot only once it knows them.
 */
import type { Map as IMap } from "immutable";
import type { Reconfiguration } from "../../core/model.ts";
import type { NodeId } from "../../core/protocol.ts";
import type { QuorumSystem } from "../quorums.ts";
import type { Command } from "./messages.ts";

/** One configuration: its members and which of them form quorums. */
export interface Configuration {
  readonly members: readonly NodeId[];
  readonly quorums: QuorumSystem;
}

/** The command that installs `members`, as clients submit it and traces show it: `{r2,r3,r4}`. */
export const reconfigurationCommand = (members: readonly NodeId[]): Command =>
  `{${members.join(",")}}`;

/** A member set in words: `{r2, r3, r4}`. */
export const showMembers = (members: readonly NodeId[]): string => `{${members.join(", ")}}`;

/** Majorities of `members` (of `size` each): replicas outside the configuration never count. */
export function memberQuorums(members: readonly NodeId[], size: number): QuorumSystem {
  const count = (ids: readonly NodeId[]) => ids.filter((id) => members.includes(id)).length;
  return { phase1: (ids) => count(ids) >= size, phase2: (ids) => count(ids) >= size };
}

/**
 * The configurations a model's replicas go through: every replica with the model's quorums when
 * membership never changes, else each member set with majorities of its own (`majority` gives
 * the size, a rule a variant may replace).
 */
export function configurations(
  replicas: readonly NodeId[],
  reconfiguration: Reconfiguration | null,
  modelQuorums: QuorumSystem,
  majority: (n: number) => number,
): Configuration[] {
  if (reconfiguration === null) return [{ members: replicas, quorums: modelQuorums }];
  return reconfiguration.configurations.map((members) => ({
    members,
    quorums: memberQuorums(members, majority(members.length)),
  }));
}

/**
 * The configuration that governs `slot` (its index; 0 is the initial one) given the commands
 * known for the slots below, or null while a slot up to `slot - α` is not known.
 */
export function configurationOf(
  slot: number,
  known: IMap<number, Command>,
  reconfiguration: Reconfiguration | null,
): number | null {
  if (reconfiguration === null) return 0;
  let configuration = 0;
  for (let s = 1; s <= slot - reconfiguration.window; s++) {
    const command = known.get(s);
    if (command === undefined) return null;
    const installs = reconfiguration.commands.indexOf(command);
    if (installs >= 0) configuration = installs + 1;
  }
  return configuration;
}

/**
 * Two quorums, one of each member set, that share no replica, or null if every quorum of one
 * meets every quorum of the other (majorities of each). Then, and only then, can the two
 * configurations act on the same slot without the window and still never choose two commands.
 */
export function disjointQuorums(
  one: readonly NodeId[],
  two: readonly NodeId[],
  majority: (n: number) => number,
): [NodeId[], NodeId[]] | null {
  const shared = one.filter((id) => two.includes(id));
  // Each quorum takes as few shared replicas as it can.
  const fromShared = (own: readonly NodeId[]) =>
    Math.max(0, majority(own.length) - (own.length - shared.length));
  const a = fromShared(one);
  const b = fromShared(two);
  if (a + b > shared.length) return null;
  const quorum = (own: readonly NodeId[], take: readonly NodeId[]) => {
    const alone = own.filter((id) => !shared.includes(id));
    return [...alone.slice(0, majority(own.length) - take.length), ...take].sort();
  };
  return [quorum(one, shared.slice(0, a)), quorum(two, shared.slice(shared.length - b))];
}
