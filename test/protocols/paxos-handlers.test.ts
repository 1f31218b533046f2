/** The Paxos handlers, one rule at a time, as pure functions. */
import { List } from "immutable";
import { describe, expect, it } from "vitest";
import { quorumSystem } from "../../src/protocols/quorums.ts";
import * as acceptor from "../../src/protocols/paxos/acceptor.ts";
import { Ballot, NO_BALLOT } from "../../src/protocols/paxos/ballot.ts";
import type { PaxosContext } from "../../src/protocols/paxos/context.ts";
import * as learner from "../../src/protocols/paxos/learner.ts";
import { Accept, Accepted, Prepare, PromiseMsg, Vote } from "../../src/protocols/paxos/messages.ts";
import * as proposer from "../../src/protocols/paxos/proposer.ts";
import { correctRules } from "../../src/protocols/paxos/rules.ts";
import { AcceptorState, LearnerState, ProposerState } from "../../src/protocols/paxos/state.ts";

const b = (round: number, p: number) => new Ballot({ round, proposer: p });
const ctx = (self: string): PaxosContext => ({
  self,
  acceptors: ["a1", "a2", "a3"],
  learners: ["l1"],
  quorums: quorumSystem({ kind: "majority" }, 2),
  rules: correctRules,
  reportsDecisions: false,
  answersRepeats: false,
});

describe("acceptor", () => {
  it("promises a higher ballot and reports its vote", () => {
    const state = new AcceptorState({
      promised: b(1, 1),
      accepted: new Vote({ ballot: b(1, 1), value: "a" }),
    });
    const step = acceptor.receive(
      state,
      new Prepare({ from: "p2", to: "a1", ballot: b(1, 2) }),
      ctx("a1"),
    );
    expect(step.state.promised).toEqual(b(1, 2));
    expect(step.send).toEqual([
      new PromiseMsg({ from: "a1", to: "p2", ballot: b(1, 2), vote: state.accepted }),
    ]);
  });

  it("ignores a prepare at or below its promise", () => {
    const state = new AcceptorState({ promised: b(1, 2) });
    for (const ballot of [b(1, 2), b(1, 1)]) {
      const step = acceptor.receive(
        state,
        new Prepare({ from: "p1", to: "a1", ballot }),
        ctx("a1"),
      );
      expect(step.state).toBe(state);
      expect(step.send).toEqual([]);
    }
  });

  it("with `retry resend`, answers a resent Prepare for the ballot it promised", () => {
    const state = new AcceptorState({ promised: b(1, 2) });
    const resending = { ...ctx("a1"), answersRepeats: true };
    const again = acceptor.receive(
      state,
      new Prepare({ from: "p2", to: "a1", ballot: b(1, 2) }),
      resending,
    );
    expect(again.state.equals(state)).toBe(true);
    expect(again.send).toEqual([
      new PromiseMsg({ from: "a1", to: "p2", ballot: b(1, 2), vote: null }),
    ]);
    const lower = acceptor.receive(
      state,
      new Prepare({ from: "p1", to: "a1", ballot: b(1, 1) }),
      resending,
    );
    expect(lower.send).toEqual([]);
  });

  it("accepts at its promised ballot, records the vote and tells the learners", () => {
    const state = new AcceptorState({ promised: b(1, 1) });
    const step = acceptor.receive(
      state,
      new Accept({ from: "p1", to: "a1", ballot: b(1, 1), value: "a" }),
      ctx("a1"),
    );
    expect(step.state.accepted).toEqual(new Vote({ ballot: b(1, 1), value: "a" }));
    expect(step.send).toEqual([
      new Accepted({ from: "a1", to: "l1", ballot: b(1, 1), value: "a" }),
    ]);
  });

  it("refuses to accept below its promise", () => {
    const state = new AcceptorState({ promised: b(2, 1) });
    const step = acceptor.receive(
      state,
      new Accept({ from: "p2", to: "a1", ballot: b(1, 2), value: "b" }),
      ctx("a1"),
    );
    expect(step.state).toBe(state);
    expect(step.send).toEqual([]);
  });

  it("keeps everything through a crash (all of it is stable storage)", () => {
    const state = new AcceptorState({
      promised: b(2, 1),
      accepted: new Vote({ ballot: b(1, 1), value: "a" }),
    });
    expect(correctRules.afterCrash(state)).toBe(state);
  });
});

describe("proposer", () => {
  const config: proposer.ProposerConfig = { index: 1, maxRounds: 2, values: ["a"], retry: false };

  it("starts its next ballot by asking every acceptor to promise", () => {
    const [start] = proposer.local(new ProposerState(), config, ctx("p1"));
    expect(start!.label).toBe("p1 starts ballot 1.p1 proposing a");
    expect(start!.step.state.ballot).toEqual(b(1, 1));
    expect(start!.step.send.map((m) => m.to)).toEqual(["a1", "a2", "a3"]);
  });

  it("with `retry resend`, resends Prepare on a timeout to the acceptors that have not promised", () => {
    const state = new ProposerState({
      round: 1,
      ballot: b(1, 1),
      phase: "preparing",
      value: "a",
      promises: List([new PromiseMsg({ from: "a2", to: "p1", ballot: b(1, 1), vote: null })]),
    });
    const actions = proposer.local(state, { ...config, retry: true }, ctx("p1"));
    const retry = actions.find((a) => a.kind === "retry")!;
    expect(retry.timeout).toBe(true);
    expect(retry.label).toBe("p1 times out and resends Prepare(b=1.p1) to a1, a3");
    expect(retry.step.state).toBe(state);
    expect(retry.step.send.map((m) => m.to)).toEqual(["a1", "a3"]);
    // Without `retry resend` there is no such step.
    expect(proposer.local(state, config, ctx("p1")).map((a) => a.kind)).toEqual(["start"]);
  });

  it("stops starting ballots at its bound", () => {
    expect(proposer.local(new ProposerState({ round: 2 }), config, ctx("p1"))).toEqual([]);
  });

  const preparing = new ProposerState({
    round: 2,
    ballot: b(2, 1),
    phase: "preparing",
    value: "a",
  });
  const promise = (from: string, ballot: Ballot, vote: Vote | null = null) =>
    new PromiseMsg({ from, to: "p1", ballot, vote });

  it("adopts the value of the highest-ballot vote among a quorum's promises", () => {
    const one = proposer.receive(
      preparing,
      promise("a1", b(2, 1), new Vote({ ballot: b(1, 2), value: "b" })),
      ctx("p1"),
    );
    expect(one.send).toEqual([]);
    const two = proposer.receive(
      one.state,
      promise("a2", b(2, 1), new Vote({ ballot: b(1, 3), value: "c" })),
      ctx("p1"),
    );
    expect(two.state.phase).toBe("accepting");
    expect(two.send).toEqual(
      ["a1", "a2", "a3"].map((to) => new Accept({ from: "p1", to, ballot: b(2, 1), value: "c" })),
    );
  });

  it("proposes its own value when no promise reports a vote", () => {
    const one = proposer.receive(preparing, promise("a1", b(2, 1)), ctx("p1"));
    const two = proposer.receive(one.state, promise("a3", b(2, 1)), ctx("p1"));
    expect(two.state.value).toBe("a");
    expect(two.send).toHaveLength(3);
  });

  it("counts a duplicated promise once", () => {
    const one = proposer.receive(preparing, promise("a1", b(2, 1)), ctx("p1"));
    const again = proposer.receive(one.state, promise("a1", b(2, 1)), ctx("p1"));
    expect(again.state.phase).toBe("preparing");
    expect(again.send).toEqual([]);
  });

  it("ignores a promise for an older ballot", () => {
    const step = proposer.receive(preparing, promise("a1", b(1, 1)), ctx("p1"));
    expect(step.state).toBe(preparing);
  });

  it("keeps only its round counter through a restart", () => {
    const restarted = correctRules.afterRestart(
      preparing.set("promises", List([promise("a1", b(2, 1))])),
    );
    expect(restarted).toEqual(new ProposerState({ round: 2 }));
  });

  it("with `decisions proposers`, reports the value its ballot's quorum accepted", () => {
    const reporting = { ...ctx("p2"), reportsDecisions: true };
    const asked = new ProposerState({ round: 1, ballot: b(1, 2), phase: "preparing" });
    // Asked for b, it adopts a from a1's reported vote.
    const started = asked.merge({ value: "b", request: "b" });
    const voted = new Vote({ ballot: b(1, 1), value: "a" });
    let state = proposer.receive(
      started,
      new PromiseMsg({ from: "a1", to: "p2", ballot: b(1, 2), vote: voted }),
      reporting,
    ).state;
    state = proposer.receive(state, promise("a2", b(1, 2)), reporting).state;
    expect([state.phase, state.value, state.request]).toEqual(["accepting", "a", "b"]);
    const accepted = (from: string) =>
      new Accepted({ from, to: "p2", ballot: b(1, 2), value: "a" });
    state = proposer.receive(state, accepted("a1"), reporting).state;
    // A duplicate counts once.
    state = proposer.receive(state, accepted("a1"), reporting).state;
    expect(state.decided).toBeNull();
    state = proposer.receive(state, accepted("a3"), reporting).state;
    expect(state.decided).toBe("a");
    // Its client was told: a restart keeps it.
    expect(correctRules.afterRestart(state).decided).toBe("a");
  });
});

describe("learner", () => {
  const accepted = (from: string, ballot: Ballot, value: string) =>
    new Accepted({ from, to: "l1", ballot, value });

  it("learns once a quorum of distinct acceptors accepted the same ballot and value", () => {
    const one = learner.receive(new LearnerState(), accepted("a1", b(1, 1), "a"), ctx("l1"));
    expect(one.state.decided).toBeNull();
    const dup = learner.receive(one.state, accepted("a1", b(1, 1), "a"), ctx("l1"));
    expect(dup.state.decided).toBeNull();
    const other = learner.receive(dup.state, accepted("a2", b(1, 2), "a"), ctx("l1"));
    expect(other.state.decided).toBeNull();
    const two = learner.receive(other.state, accepted("a2", b(1, 1), "a"), ctx("l1"));
    expect(two.state.decided).toBe("a");
  });

  it("never changes what it learned", () => {
    const learned = new LearnerState({ decided: "a" });
    const step = learner.receive(learned, accepted("a1", b(3, 1), "b"), ctx("l1"));
    expect(step.state).toBe(learned);
  });
});

it("ballots order by round, then proposer", () => {
  expect(correctRules.mayPromise(new AcceptorState({ promised: b(1, 2) }), b(2, 1))).toBe(true);
  expect(correctRules.mayPromise(new AcceptorState({ promised: b(1, 2) }), b(1, 1))).toBe(false);
  expect(correctRules.mayPromise(new AcceptorState({ promised: NO_BALLOT }), b(1, 1))).toBe(true);
});
