/**
 * Obsolete messages: whenever a node says it ignores a message forever, delivering it there and
 * then must change nothing and send nothing. (Forever is the protocol's argument; this checks
 * the part that can be checked in every state the search meets.)
 */
import { describe, expect, it } from "vitest";
import { loadModel } from "../../src/app/load.ts";
import { obsoleteMessages } from "../../src/app/self-check.ts";
import { defineVariant } from "../../src/core/protocol.ts";
import { multipaxos } from "../../src/protocols/multipaxos/index.ts";

describe("messages a node ignores forever", () => {
  const models = [
    "models/paxos-one-ballot.synod",
    "models/paxos-retry.synod",
    "models/paxos-duplicates.synod",
    "models/own-properties.synod",
    "models/multipaxos/one-leader.synod",
    "models/multipaxos/leader-change.synod",
    "models/multipaxos/variants/old-ballot-acks.synod",
    "models/multipaxos/variants/append-without-truncate.synod",
    "models/multipaxos/reconfiguration-leader-change.synod",
    "models/multipaxos/variants/early-reconfiguration.synod",
  ];
  it.each(models)("%s: each one is a no-op where it is dropped", async (file) => {
    const obsolete = obsoleteMessages(await loadModel(file), 200_000);
    expect(obsolete!.hint).toBe("messages ignored forever are no-ops where they are dropped");
    expect(obsolete!.checked).toBeGreaterThan(10);
    expect(obsolete!.wrong).toEqual([]);
  });

  it("a role whose handler a variant replaces has no message declared obsolete", async () => {
    // A replaced handler may act on a Prepare below the promise: dropping it would hide that.
    const { model } = await loadModel("models/multipaxos/one-leader.synod");
    const mine = defineVariant({
      name: "mine",
      protocol: "multipaxos",
      changes: "replicas handle messages their own way",
      breaks: null,
      rules: {},
      handlers: { replica: (correct) => correct },
    });
    const declares = (variant: typeof mine | null) =>
      multipaxos.build!(model, variant).nodes.map(
        (node) => `${node.id}:${node.ignoresForever !== undefined}`,
      );
    expect(declares(null)).toEqual([
      "r1:true",
      "r2:true",
      "r3:true",
      "p1:true",
      "c1:true",
      "c2:true",
    ]);
    expect(declares(mine)).toEqual([
      "r1:false",
      "r2:false",
      "r3:false",
      "p1:true",
      "c1:true",
      "c2:true",
    ]);
  });
});
