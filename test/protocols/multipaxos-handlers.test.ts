/** Multi-Paxos handlers, one message at a time, and the messages each node ignores forever. */
import { List, Map as IMap, Set as ISet } from "immutable";
import { describe, expect, it } from "vitest";
import { quorumSystem } from "../../src/protocols/quorums.ts";
import { Ballot } from "../../src/protocols/paxos/ballot.ts";
import * as client from "../../src/protocols/multipaxos/client.ts";
import type { MultiPaxosContext } from "../../src/protocols/multipaxos/context.ts";
import {
  Accept,
  Accepted,
  Commit,
  Entry,
  NOOP,
  Prepare,
  PromiseMsg,
  Reply,
  Request,
} from "../../src/protocols/multipaxos/messages.ts";
import * as proposer from "../../src/protocols/multipaxos/proposer.ts";
import * as replica from "../../src/protocols/multipaxos/replica.ts";
import { correctRules } from "../../src/protocols/multipaxos/rules.ts";
import { ClientState, ProposerState, ReplicaState } from "../../src/protocols/multipaxos/state.ts";
import { noDedup, noGapFill } from "../../src/protocols/multipaxos/variants/index.ts";
import {
  clientIgnores,
  proposerIgnores,
  replicaIgnores,
} from "../../src/protocols/multipaxos/hints.ts";

const b = (round: number, p: number) => new Ballot({ round, proposer: p });
const majority = quorumSystem({ kind: "majority" }, 2);
const ctx = (self: string, rules = correctRules): MultiPaxosContext => ({
  self,
  replicas: ["r1", "r2", "r3"],
  proposers: ["p1", "p2"],
  quorums: majority,
  configurations: [{ members: ["r1", "r2", "r3"], quorums: majority }],
  reconfiguration: null,
  slots: 3,
  clientOf: (command) => (command === "x" ? "c1" : "c2"),
  operationOf: () => undefined,
  rules,
});
const entry = (slot: number, ballot: Ballot, command: string) =>
  new Entry({ slot, ballot, command });

describe("replica", () => {
  it("promises a higher ballot and reports every accepted entry, by slot", () => {
    const state = new ReplicaState({
      promised: b(1, 1),
      accepted: IMap([
        [2, entry(2, b(1, 1), "y")],
        [1, entry(1, b(1, 1), "x")],
      ]),
    });
    const step = replica.receive(
      state,
      new Prepare({ from: "p2", to: "r1", ballot: b(1, 2) }),
      ctx("r1"),
    );
    expect(step.state.promised).toEqual(b(1, 2));
    expect(step.send).toEqual([
      new PromiseMsg({
        from: "r1",
        to: "p2",
        ballot: b(1, 2),
        accepted: List([entry(1, b(1, 1), "x"), entry(2, b(1, 1), "y")]),
      }),
    ]);
    // The same Prepare again is at its promise: ignored now and forever.
    const again = new Prepare({ from: "p2", to: "r1", ballot: b(1, 2) });
    expect(replicaIgnores(step.state, again)).toBe(true);
  });

  it("accepts at or above its promise and acks the leader; below it, never", () => {
    const state = new ReplicaState({ promised: b(1, 2) });
    const low = new Accept({ from: "p1", to: "r1", ballot: b(1, 1), slot: 1, command: "x" });
    expect(replica.receive(state, low, ctx("r1")).send).toEqual([]);
    expect(replicaIgnores(state, low)).toBe(true);
    const ok = new Accept({ from: "p2", to: "r1", ballot: b(1, 2), slot: 1, command: "y" });
    const step = replica.receive(state, ok, ctx("r1"));
    expect(step.state.accepted.get(1)).toEqual(entry(1, b(1, 2), "y"));
    expect(step.send).toEqual([
      new Accepted({ from: "r1", to: "p2", ballot: b(1, 2), slot: 1, command: "y" }),
    ]);
  });

  it("applies committed slots in order, waiting at a gap, and replies to the client", () => {
    const commit = (slot: number, command: string) =>
      new Commit({ from: "p1", to: "r1", slot, command });
    const two = replica.receive(new ReplicaState(), commit(2, "y"), ctx("r1"));
    expect(two.state.appliedSlots.toArray()).toEqual([]);
    expect(two.send).toEqual([]);
    const one = replica.receive(two.state, commit(1, NOOP), ctx("r1"));
    // The no-op fills slot 1; then slot 2 applies.
    expect(one.state.appliedSlots.toArray()).toEqual([1, 2]);
    expect(one.state.applied.toArray()).toEqual(["y"]);
    expect(one.send).toEqual([new Reply({ from: "r1", to: "c2", command: "y" })]);
    expect(replicaIgnores(one.state, commit(2, "y"))).toBe(true);
  });

  it("applies a command chosen twice once, and answers the retry again", () => {
    const state = new ReplicaState({
      committed: IMap([[1, "x"]]),
      appliedSlots: List([1]),
      applied: List(["x"]),
    });
    const commit = new Commit({ from: "p1", to: "r1", slot: 2, command: "x" });
    const step = replica.receive(state, commit, ctx("r1"));
    expect(step.state.applied.toArray()).toEqual(["x"]);
    expect(step.state.appliedSlots.toArray()).toEqual([1, 2]);
    expect(step.send).toEqual([new Reply({ from: "r1", to: "c1", command: "x" })]);
    // Without deduplication (catalogue MP6) it runs twice.
    const rules = { ...correctRules, ...noDedup.rules };
    expect(replica.receive(state, commit, ctx("r1", rules)).state.applied.toArray()).toEqual([
      "x",
      "x",
    ]);
  });

  it("without in-order application (catalogue MP2), applies a slot as soon as it is committed", () => {
    const rules = { ...correctRules, ...noGapFill.rules };
    const step = replica.receive(
      new ReplicaState(),
      new Commit({ from: "p1", to: "r1", slot: 2, command: "y" }),
      ctx("r1", rules),
    );
    expect(step.state.appliedSlots.toArray()).toEqual([2]);
  });
});

describe("proposer", () => {
  const config: proposer.ProposerConfig = { index: 2, maxRounds: 1, resend: false };
  const preparing = new ProposerState({
    round: 1,
    ballot: b(1, 2),
    phase: "preparing",
    pending: List(["y", "x"]),
  });
  const promise = (from: string, accepted: Entry[]) =>
    new PromiseMsg({ from, to: "p2", ballot: b(1, 2), accepted: List(accepted) });

  it("starts a ballot by asking every replica to promise", () => {
    const [start] = proposer.local(new ProposerState(), config, ctx("p2"));
    expect(start!.label).toBe("p2 starts ballot 1.p2 to become leader");
    expect(start!.step.send.map((m) => m.to)).toEqual(["r1", "r2", "r3"]);
    expect(proposer.local(start!.step.state, config, ctx("p2"))).toEqual([]);
  });

  it("with `retry resend`, a leader resends on a timeout its Commits and its uncommitted Accepts", () => {
    const leading = new ProposerState({
      round: 1,
      ballot: b(1, 2),
      phase: "leading",
      proposals: IMap([
        [1, "x"],
        [2, "y"],
      ]),
      committed: ISet([1]),
    });
    expect(proposer.local(leading, config, ctx("p2"))).toEqual([]);
    const [resend] = proposer.local(leading, { ...config, resend: true }, ctx("p2"));
    expect([resend!.kind, resend!.timeout, resend!.label]).toEqual([
      "retry",
      true,
      "p2 times out and resends its Accepts and Commits to every replica",
    ]);
    expect(resend!.step.state).toBe(leading);
    expect(resend!.step.send.map((m) => `${m.kind} ${m.to}`)).toEqual([
      "commit r1",
      "commit r2",
      "commit r3",
      "accept r1",
      "accept r2",
      "accept r3",
    ]);
    // Nothing to resend before it leads.
    expect(proposer.local(preparing, { ...config, resend: true }, ctx("p2"))).toEqual([]);
  });

  it("recovers the highest-ballot command of each slot, fills gaps with no-ops, then proposes its requests", () => {
    const one = proposer.receive(
      preparing,
      promise("r1", [entry(3, b(1, 1), "x")]),
      config,
      ctx("p2"),
    );
    expect(one.send).toEqual([]);
    const two = proposer.receive(
      one.state,
      promise("r2", [entry(3, b(1, 0), "z")]),
      config,
      ctx("p2"),
    );
    expect(two.state.phase).toBe("leading");
    // Slot 3: x (ballot 1.p1 beats 1); slots 1 and 2: gaps, so no-ops. Pending x is already in
    // the log; y would go to slot 4, past the end of the log.
    expect(two.state.proposals.toJS()).toEqual({ 1: NOOP, 2: NOOP, 3: "x" });
    expect(two.send.map((m) => (m as Accept).slot)).toEqual([1, 1, 1, 2, 2, 2, 3, 3, 3]);
  });

  it("proposes a request in the next slot while leading, once", () => {
    const leading = new ProposerState({
      round: 1,
      ballot: b(1, 2),
      phase: "leading",
      proposals: IMap([[1, "x"]]),
    });
    const request = (command: string) => new Request({ from: "c2", to: "p2", command });
    const step = proposer.receive(leading, request("y"), config, ctx("p2"));
    expect(step.state.proposals.get(2)).toBe("y");
    // A retry of a command already in the log is ignored, and with no ballot left, forever.
    expect(proposer.receive(step.state, request("y"), config, ctx("p2")).send).toEqual([]);
    expect(proposerIgnores(step.state, request("y"), config, ctx("p2"))).toBe(true);
  });

  it("commits a slot once a quorum acks it in the current ballot, and ignores older acks", () => {
    const leading = new ProposerState({
      round: 2,
      ballot: b(2, 2),
      phase: "leading",
      proposals: IMap([[1, "x"]]),
    });
    const ack = (from: string, ballot: Ballot) =>
      new Accepted({ from, to: "p2", ballot, slot: 1, command: "x" });
    const old = ack("r1", b(1, 2));
    expect(proposer.receive(leading, old, config, ctx("p2")).state).toBe(leading);
    expect(proposerIgnores(leading, old, config, ctx("p2"))).toBe(true);
    const one = proposer.receive(leading, ack("r1", b(2, 2)), config, ctx("p2"));
    const two = proposer.receive(one.state, ack("r2", b(2, 2)), config, ctx("p2"));
    expect(two.state.committed).toEqual(ISet([1]));
    expect(two.send).toEqual(
      ["r1", "r2", "r3"].map((to) => new Commit({ from: "p2", to, slot: 1, command: "x" })),
    );
  });
});

describe("client", () => {
  it("submits its next command to any proposer, and retries it on a timeout", () => {
    const submit = client.local(new ClientState(), ["x"], ctx("c1"));
    expect(submit.map((a) => a.label)).toEqual(["c1 submits x to p1", "c1 submits x to p2"]);
    const waiting = submit[0]!.step.state;
    const retry = client.local(waiting, ["x"], ctx("c1"));
    expect(retry.map((a) => [a.kind, a.timeout])).toEqual([
      ["retry", true],
      ["retry", true],
    ]);
    const reply = new Reply({ from: "r1", to: "c1", command: "x" });
    const done = client.receive(waiting, reply, ["x"]).state;
    expect(done.done).toBe(1);
    expect(client.local(done, ["x"], ctx("c1"))).toEqual([]);
    // The other replicas' replies are obsolete once the client has its answer.
    expect(clientIgnores(done, reply, ["x"])).toBe(true);
  });
});
