/**
 * Obsolete messages: whenever a node says it ignores a message forever, delivering it there and
 * then must change nothing and send nothing. (Forever is the protocol's argument; this checks
 * the part that can be checked in every state the search meets.)
 */
import { describe, expect, it } from "vitest";
import { loadModel } from "../../src/app/load.ts";
import { obsoleteMessages } from "../../src/app/self-check.ts";

describe("messages a node ignores forever", () => {
  const models = [
    "models/multipaxos/one-leader.synod",
    "models/multipaxos/leader-change.synod",
    "models/multipaxos/variants/old-ballot-acks.synod",
  ];
  it.each(models)("%s: each one is a no-op where it is dropped", async (file) => {
    const obsolete = obsoleteMessages(await loadModel(file), 200_000);
    expect(obsolete!.hint).toBe("messages ignored forever are no-ops where they are dropped");
    expect(obsolete!.checked).toBeGreaterThan(100);
    expect(obsolete!.wrong).toEqual([]);
  });
});
