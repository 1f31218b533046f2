/** The built-in protocols, by name. */
import type { Protocol } from "../core/protocol.ts";
import { paxosAbstract } from "./paxos-abstract/index.ts";
import { paxos } from "./paxos/index.ts";
import { multipaxos } from "./multipaxos/index.ts";
import { kv } from "./kv/index.ts";

export const builtinProtocols: readonly Protocol[] = [
  paxos as Protocol,
  paxosAbstract as Protocol,
  multipaxos as Protocol,
  kv as Protocol,
];

export function findProtocol(name: string): Protocol | undefined {
  return builtinProtocols.find((p) => p.name === name);
}
