/** The consensus invariants on hand-built states: each can fail, and says why in words. */
import { describe, expect, it } from "vitest";
import type { ClusterView } from "../../src/core/protocol.ts";
import { Ballot } from "../../src/protocols/paxos/ballot.ts";
import { Learned, VoteCast } from "../../src/protocols/paxos/history.ts";
import {
  agreement,
  learnedIsChosen,
  stability,
  validity,
} from "../../src/protocols/paxos/invariants.ts";
import { LearnerState } from "../../src/protocols/paxos/state.ts";
import type { Model } from "../../src/core/model.ts";

const model = {
  acceptors: 3,
  values: ["a", "b"],
  quorums: { kind: "majority" },
} as unknown as Model;
const b = (round: number, p: number) => new Ballot({ round, proposer: p });
const vote = (acceptor: string, ballot: Ballot, value: string) =>
  new VoteCast({ acceptor, ballot, value });

function view(facts: unknown[], learned: (string | null)[] = []): ClusterView {
  return {
    model,
    nodes: learned.map((decided, i) => ({
      id: `l${i + 1}`,
      role: "learner",
      state: new LearnerState({ decided }),
      crashed: false,
    })),
    messages: [],
    facts,
  };
}

describe("agreement", () => {
  it("holds while one value is chosen, in however many ballots", () => {
    const v = view([
      vote("a1", b(1, 1), "a"),
      vote("a2", b(1, 1), "a"),
      vote("a2", b(2, 2), "a"),
      vote("a3", b(2, 2), "a"),
    ]);
    expect(agreement.holds(v)).toBe(true);
  });

  it("counts votes in one ballot only: a majority across ballots chooses nothing", () => {
    const v = view([
      vote("a1", b(1, 1), "a"),
      vote("a2", b(2, 1), "a"),
      vote("a2", b(1, 2), "b"),
      vote("a3", b(1, 2), "b"),
    ]);
    expect(agreement.holds(v)).toBe(true);
  });

  it("fails when two values are chosen, and names the quorums", () => {
    const v = view([
      vote("a1", b(1, 1), "a"),
      vote("a2", b(1, 1), "a"),
      vote("a2", b(1, 2), "b"),
      vote("a3", b(1, 2), "b"),
    ]);
    expect(agreement.holds(v)).toBe(false);
    expect(agreement.explain(v)).toBe(
      "2 different values are chosen: a by a1, a2 in ballot 1.p1 and b by a2, a3 in ballot 1.p2.",
    );
  });
});

describe("validity", () => {
  it("fails when a value nobody proposed is chosen", () => {
    const v = view([vote("a1", b(1, 1), ""), vote("a3", b(1, 1), "")]);
    expect(validity.holds(v)).toBe(false);
    expect(validity.explain(v)).toBe(
      '"" is chosen (by a1, a3 in ballot 1.p1), but no proposer proposed it: the proposed values are a and b.',
    );
  });

  it("fails when a learner learns a value nobody proposed", () => {
    const v = view([], ["zz"]);
    expect(validity.holds(v)).toBe(false);
    expect(validity.explain(v)).toBe(
      "l1 learned zz, but no proposer proposed it: the proposed values are a and b.",
    );
  });
});

describe("stability", () => {
  it("holds for a learner that learned once and kept it", () => {
    expect(stability.holds(view([new Learned({ learner: "l1", value: "a" })], ["a"]))).toBe(true);
  });

  it("fails when a learner learned two values in turn", () => {
    const v = view(
      [new Learned({ learner: "l1", value: "a" }), new Learned({ learner: "l1", value: "b" })],
      ["b"],
    );
    expect(stability.holds(v)).toBe(false);
    expect(stability.explain(v)).toBe("l1 learned a and b in turn: it changed its decision.");
  });

  it("fails when a learner forgets what it learned", () => {
    const v = view([new Learned({ learner: "l1", value: "a" })], [null]);
    expect(stability.holds(v)).toBe(false);
    expect(stability.explain(v)).toBe("l1 learned a and then forgot it.");
  });
});

describe("learned-is-chosen", () => {
  it("fails when a learner learns a value short of a majority", () => {
    const v = view([vote("a1", b(1, 1), "a")], ["a"]);
    expect(learnedIsChosen.holds(v)).toBe(false);
    expect(learnedIsChosen.explain(v)).toBe(
      "l1 learned a, but a is not chosen: only a1 (ballot 1.p1) voted for it, and a majority is 2 of 3 in one ballot.",
    );
  });
});
