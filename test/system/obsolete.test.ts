/**
 * Obsolete messages: whenever a node says it ignores a message forever, delivering it there and
 * then must change nothing and send nothing. (Forever is the protocol's argument; this checks
 * the part that can be checked in every state the search meets.)
 */
import { is } from "immutable";
import { describe, expect, it } from "vitest";
import { explore } from "../../src/check/explorer.ts";
import { loadModel } from "../../src/app/load.ts";
import type { Cluster, Envelope, NodeBehaviour } from "../../src/core/protocol.ts";
import { buildActorSystem } from "../../src/system/actor-system.ts";

describe("messages a node ignores forever", () => {
  const models = [
    "models/multipaxos/one-leader.synod",
    "models/multipaxos/leader-change.synod",
    "models/multipaxos/variants/old-ballot-acks.synod",
  ];
  it.each(models)("%s: each one is a no-op where it is dropped", async (file) => {
    const { model, protocol, variant, invariants } = await loadModel(file);
    const cluster = protocol.build!(model, variant);
    let checked = 0;
    const wrong: string[] = [];
    const watched: Cluster = {
      ...cluster,
      nodes: cluster.nodes.map((node): NodeBehaviour<unknown, Envelope> => ({
        ...node,
        ignoresForever: (state, message) => {
          const ignored = node.ignoresForever!(state, message);
          if (ignored) {
            checked++;
            const step = node.receive(state, message);
            if (!is(step.state, state) || step.send.length > 0) {
              wrong.push(`${node.id}: ${cluster.describeMessage(message)}`);
            }
          }
          return ignored;
        },
      })),
    };
    const system = buildActorSystem(model, watched, invariants, [], ["start", "submit", "retry"]);
    const result = explore(system, { maxStates: 200_000 });
    expect(result.distinctStates).toBeGreaterThan(1_000);
    expect(checked).toBeGreaterThan(100);
    expect(wrong).toEqual([]);
  });
});
