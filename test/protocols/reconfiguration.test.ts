/**
 * Membership changes through the log: the model fields and their mistakes, the static check of
 * a configuration pair, which configuration governs a slot, and a leader that waits for the
 * window and for a quorum of the new members.
 */
import { List, Map as IMap, Set as ISet } from "immutable";
import { describe, expect, it } from "vitest";
import { modelFromSource } from "../../src/app/load.ts";
import { modelErrorFor } from "../model-error.ts";
import { Ballot } from "../../src/protocols/paxos/ballot.ts";
import type { MultiPaxosContext } from "../../src/protocols/multipaxos/context.ts";
import {
  configurationOf,
  configurations,
  disjointQuorums,
} from "../../src/protocols/multipaxos/membership.ts";
import {
  Accept,
  Accepted,
  Commit,
  PromiseMsg,
  Request,
} from "../../src/protocols/multipaxos/messages.ts";
import * as proposer from "../../src/protocols/multipaxos/proposer.ts";
import { proposerIgnores } from "../../src/protocols/multipaxos/hints.ts";
import { correctRules } from "../../src/protocols/multipaxos/rules.ts";
import { ProposerState } from "../../src/protocols/multipaxos/state.ts";
import { majority, quorumSystem } from "../../src/protocols/quorums.ts";
import { logSettings } from "../../src/protocols/multipaxos/settings.ts";
import { earlyReconfiguration } from "../../src/protocols/multipaxos/variants/index.ts";
import type { MultiPaxosRules } from "../../src/protocols/multipaxos/rules.ts";

const MODEL = `model m {
  protocol    multipaxos
  replicas    4
  members     r1, r2, r3
  reconfigure r2, r3, r4
  proposers   1
  commands    x
  slots       2
}
`;

const errorFor = (source: string): Promise<string> => modelErrorFor(source, "m.synod");

describe("the model fields of a membership change", () => {
  it("reads the two configurations, the window and c1's reconfiguration command", () => {
    const log = modelFromSource(MODEL, "m.synod").log!;
    expect(log.reconfiguration).toEqual({
      configurations: [
        ["r1", "r2", "r3"],
        ["r2", "r3", "r4"],
      ],
      commands: ["{r2,r3,r4}"],
      window: 1,
    });
    expect(log.commands).toEqual(["{r2,r3,r4}", "x"]);
    expect(log.submitters).toEqual([0, 0]);
  });

  it("names a replica that does not exist", async () => {
    expect(await errorFor(MODEL.replace("r2, r3, r4", "r2, r3, r5"))).toBe(
      [
        "m.synod:5:3: error: `r5` is not one of the replicas",
        " 5 |   reconfigure r2, r3, r5",
        "   |   ^^^^^^^^^^^^^^^^^^^^^^",
        "  hint: the replicas are r1, r2, r3, r4; raise `replicas` to add one.",
      ].join("\n"),
    );
  });

  it("refuses a window the log has no slot for", async () => {
    expect(await errorFor(MODEL.replace("slots       2", "slots       2\n  window      2"))).toBe(
      [
        "m.synod:8:3: error: with `window 2`, a reconfiguration chosen in slot 1 acts from slot 3, but the log has 2 slots",
        " 8 |   slots       2",
        "   |   ^^^^^^^^^^^^^",
        "  hint: give `slots 3` or more, so that the new members act on a slot.",
      ].join("\n"),
    );
  });

  it("refuses `members` without a change, a replica in no configuration and a change to the same members", async () => {
    expect(await errorFor(MODEL.replace("reconfigure r2, r3, r4\n", ""))).toBe(
      [
        "m.synod:4:3: error: `members` only matters when the membership changes",
        " 4 |   members     r1, r2, r3",
        "   |   ^^^^^^^^^^^^^^^^^^^^^^",
        "  hint: add the members a reconfiguration installs, e.g. `reconfigure r2, r3, r4`, or remove this line.",
      ].join("\n"),
    );
    expect(await errorFor(MODEL.replace("replicas    4", "replicas    5"))).toBe(
      [
        "m.synod:3:3: error: r5 is a member of no configuration",
        " 3 |   replicas    5",
        "   |   ^^^^^^^^^^^^^",
        "  hint: a replica outside every configuration never acts; lower `replicas`, or add it to `members` or `reconfigure`.",
      ].join("\n"),
    );
    expect(await errorFor(MODEL.replace("r2, r3, r4", "r3, r2, r1"))).toBe(
      [
        "m.synod:5:3: error: `reconfigure` installs the members the log already has, {r1, r2, r3}",
        " 5 |   reconfigure r3, r2, r1",
        "   |   ^^^^^^^^^^^^^^^^^^^^^^",
        "  hint: name the member set after the change, e.g. with one replica out and another in.",
      ].join("\n"),
    );
  });

  it("refuses symmetry and quorums other than majorities, and shows how the field is written", async () => {
    expect(
      await errorFor(MODEL.replace("slots       2", "slots       2\n  symmetry    replicas")),
    ).toBe(
      [
        "m.synod:9:3: error: the replicas are not interchangeable when the membership changes",
        " 9 |   symmetry    replicas",
        "   |   ^^^^^^^^^^^^^^^^^^^^",
        "  hint: members and non-members play different parts; remove `symmetry replicas`.",
      ].join("\n"),
    );
    expect(
      await errorFor(MODEL.replace("slots       2", "slots       2\n  quorums     r1 r2, r2 r3")),
    ).toBe(
      [
        "m.synod:9:3: error: with `reconfigure`, each configuration's quorums are majorities of its members",
        " 9 |   quorums     r1 r2, r2 r3",
        "   |   ^^^^^^^^^^^^^^^^^^^^^^^^",
        "  hint: remove the `quorums` line; synod reports whether the two configurations' quorums meet.",
      ].join("\n"),
    );
    expect(await errorFor(MODEL.replace("r2, r3, r4", "r2 r3 r4"))).toBe(
      [
        "m.synod:5:15: error: `reconfigure` is not written that way",
        " 5 |   reconfigure r2 r3 r4",
        "   |               ^^^^^^^^",
        "  hint: write it as `reconfigure r2, r3, r4`: the members a reconfiguration command installs, which client c1 submits before its other commands.",
      ].join("\n"),
    );
  });
});

describe("the static check of a configuration pair", () => {
  it("finds two majorities that do not meet, or says every pair meets", () => {
    expect(disjointQuorums(["r1", "r2", "r3"], ["r2", "r3", "r4"], majority)).toEqual([
      ["r1", "r2"],
      ["r3", "r4"],
    ]);
    expect(disjointQuorums(["r1", "r2", "r3"], ["r3"], majority)).toEqual([["r1", "r2"], ["r3"]]);
    // Adding one replica, or removing one: every majority of one meets every majority of the other.
    expect(disjointQuorums(["r1", "r2", "r3"], ["r1", "r2", "r3", "r4"], majority)).toBeNull();
    expect(disjointQuorums(["r1", "r2"], ["r1", "r2", "r3"], majority)).toBeNull();
    expect(disjointQuorums(["r1", "r2", "r3", "r4"], ["r2", "r3", "r4"], majority)).toBeNull();
    // Two replicas out and two in at once.
    expect(disjointQuorums(["r1", "r2", "r3"], ["r3", "r4", "r5"], majority)).toEqual([
      ["r1", "r2"],
      ["r4", "r5"],
    ]);
  });

  it("is stated in the report header", () => {
    const model = modelFromSource(MODEL, "m.synod");
    expect(logSettings.describe(model)).toBe(
      "4 replicas (membership {r1, r2, r3} → {r2, r3, r4}, 1 slot after c1's {r2,r3,r4} is chosen; quorums {r1, r2} and {r3, r4} do not meet: only the window keeps the two apart), 1 proposer, 1 client (c1 submits {r2,r3,r4}, x), 2 slots, 1 ballot per proposer",
    );
  });
});

describe("which configuration governs a slot", () => {
  const change = { configurations: [["r1", "r2", "r3"], ["r3"]], commands: ["{r3}"], window: 1 };
  it("is known once every slot a window below is, and changes a window after the command", () => {
    expect(configurationOf(1, IMap(), change)).toBe(0);
    expect(configurationOf(2, IMap(), change)).toBeNull();
    expect(configurationOf(2, IMap([[1, "x"]]), change)).toBe(0);
    expect(configurationOf(2, IMap([[1, "{r3}"]]), change)).toBe(1);
    const wide = { ...change, window: 2 };
    expect(configurationOf(2, IMap(), wide)).toBe(0);
    expect(configurationOf(3, IMap([[1, "{r3}"]]), wide)).toBe(1);
    expect(configurationOf(3, IMap([[2, "{r3}"]]), wide)).toBeNull();
    expect(
      configurationOf(
        4,
        IMap([
          [1, "x"],
          [2, "{r3}"],
        ]),
        wide,
      ),
    ).toBe(1);
    expect(configurationOf(7, IMap(), null)).toBe(0);
  });
});

describe("a leader under a membership change", () => {
  const b1 = new Ballot({ round: 1, proposer: 1 });
  const change = {
    configurations: [
      ["r1", "r2", "r3"],
      ["r2", "r3", "r4"],
    ],
    commands: ["{r2,r3,r4}"],
    window: 1,
  };
  const replicas = ["r1", "r2", "r3", "r4"];
  const ctx = (rules: MultiPaxosRules = correctRules): MultiPaxosContext => ({
    self: "p1",
    replicas,
    proposers: ["p1"],
    quorums: quorumSystem({ kind: "majority" }, 3),
    configurations: configurations(
      replicas,
      change,
      quorumSystem({ kind: "majority" }, 3),
      majority,
    ),
    reconfiguration: change,
    slots: 2,
    clientOf: () => "c1",
    operationOf: () => undefined,
    rules,
  });
  const preparing = new ProposerState({
    round: 1,
    ballot: b1,
    phase: "preparing",
    pending: List(["{r2,r3,r4}", "x"]),
  });
  const promise = (from: string) =>
    new PromiseMsg({ from, to: "p1", ballot: b1, accepted: List() });
  const ack = (from: string, slot: number, command: string) =>
    new Accepted({ from, to: "p1", ballot: b1, slot, command });

  it("proposes slot 2 only once slot 1 is chosen, to the new members, after a quorum of them promised", () => {
    const c = ctx();
    // r1 and r2: a quorum of the first configuration, not of the second.
    let step = proposer.receive(
      preparing,
      promise("r1"),
      { index: 1, maxRounds: 1, resend: false },
      c,
    );
    step = proposer.receive(
      step.state,
      promise("r2"),
      { index: 1, maxRounds: 1, resend: false },
      c,
    );
    expect(step.state.phase).toBe("leading");
    expect(step.state.proposals.toObject()).toEqual({ 1: "{r2,r3,r4}" });
    expect(
      step.send.map((m) => `${m.to} ${(m as Accept).slot} ${(m as Accept).configuration}`),
    ).toEqual(["r1 1 0", "r2 1 0", "r3 1 0"]);
    const config = { index: 1, maxRounds: 1, resend: false };
    step = proposer.receive(step.state, ack("r1", 1, "{r2,r3,r4}"), config, c);
    step = proposer.receive(step.state, ack("r2", 1, "{r2,r3,r4}"), config, c);
    // Slot 1 is chosen; slot 2 belongs to {r2, r3, r4}, of which only r2 promised.
    expect(step.state.committed).toEqual(ISet([1]));
    expect(step.send.every((m) => m instanceof Commit)).toBe(true);
    expect(step.state.proposals.has(2)).toBe(false);
    // A promise that comes now still counts: with r3, the new members have a quorum.
    expect(proposerIgnores(step.state, promise("r3"), config, c)).toBe(false);
    step = proposer.receive(step.state, promise("r3"), config, c);
    expect(step.state.proposals.get(2)).toBe("x");
    expect(step.send).toEqual(
      ["r2", "r3", "r4"].map(
        (to) => new Accept({ from: "p1", to, ballot: b1, slot: 2, command: "x", configuration: 1 }),
      ),
    );
    // Every slot is proposed: later promises no longer matter.
    expect(step.state.promises.isEmpty()).toBe(true);
    expect(proposerIgnores(step.state, promise("r4"), config, c)).toBe(true);
  });

  it("early-reconfiguration proposes slot 2 at once, under the configuration it only proposed", () => {
    const c = ctx({ ...correctRules, ...earlyReconfiguration.rules });
    const config = { index: 1, maxRounds: 1, resend: false };
    let step = proposer.receive(preparing, promise("r2"), config, c);
    step = proposer.receive(step.state, promise("r3"), config, c);
    expect(step.state.proposals.toObject()).toEqual({ 1: "{r2,r3,r4}", 2: "x" });
    expect(step.send.filter((m) => (m as Accept).slot === 2).map((m) => m.to)).toEqual([
      "r2",
      "r3",
      "r4",
    ]);
  });

  it("keeps a request for a slot the window has not opened", () => {
    const c = ctx();
    const config = { index: 1, maxRounds: 1, resend: false };
    const leading = new ProposerState({
      round: 1,
      ballot: b1,
      phase: "leading",
      proposals: IMap([[1, "{r2,r3,r4}"]]),
      promises: IMap([
        ["r1", List()],
        ["r2", List()],
        ["r3", List()],
      ]),
    });
    const step = proposer.receive(
      leading,
      new Request({ from: "c1", to: "p1", command: "x" }),
      config,
      c,
    );
    expect(step.send).toEqual([]);
    expect(step.state.pending.toArray()).toEqual(["x"]);
  });
});
