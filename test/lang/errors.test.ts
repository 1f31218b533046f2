/**
 * Every mistake a user can make in a model file gets a located message with a caret and a hint.
 * These tests pin the exact text.
 */
import { describe, expect, it } from "vitest";
import { modelFromSource, resolveModel } from "../../src/app/load.ts";
import { modelErrorFor } from "../model-error.ts";

const GOOD = `model demo {
  protocol  paxos
  acceptors 3
  proposers 2
  values    a, b
}
`;

/** The formatted error of a model read from `demo.synod`. */
const errorFor = (source: string): Promise<string> => modelErrorFor(source, "demo.synod");

const edit = (from: string, to: string): string => {
  if (!GOOD.includes(from)) throw new Error(`the model has no ${from}`);
  return GOOD.replace(from, to);
};

describe("model errors", () => {
  it("accepts the good model", async () => {
    const model = modelFromSource(GOOD, "demo.synod");
    const loaded = await resolveModel(model);
    expect(loaded.protocol.name).toBe("paxos");
    expect(loaded.invariants.map((i) => i.id)).toEqual([
      "agreement",
      "validity",
      "stability",
      "learned-is-chosen",
      "promise-covers-vote",
    ]);
  });

  it("syntax error", async () => {
    expect(await errorFor(edit("acceptors 3", "acceptors 3 @"))).toBe(
      [
        'demo.synod:3:15: error: syntax error: expected "}", ";", or a line break, found `@`',
        " 3 |   acceptors 3 @",
        "   |               ^",
        "  hint: one entry per line, e.g. `acceptors 3`; see spec/language.md for every field.",
      ].join("\n"),
    );
  });

  it("missing closing brace", async () => {
    expect(await errorFor(GOOD.replace("}\n", "\n"))).toBe(
      [
        'demo.synod:7:1: error: syntax error: expected "}", found the end of the file',
        " 7 | ",
        "   | ^",
        "  hint: every `{` needs a matching `}`: is one missing at the end?",
      ].join("\n"),
    );
  });

  it("unknown protocol, with a did-you-mean", async () => {
    expect(await errorFor(edit("protocol  paxos", "protocol  paxo"))).toBe(
      [
        "demo.synod:2:13: error: unknown protocol `paxo`",
        " 2 |   protocol  paxo",
        "   |             ^^^^",
        "  hint: did you mean `paxos`? Known protocols: paxos, paxos-abstract, multipaxos, kv.",
      ].join("\n"),
    );
  });

  it("unknown variant, with a did-you-mean", async () => {
    expect(await errorFor(edit("acceptors 3", "variant no-adpot\n  acceptors 3"))).toBe(
      [
        "demo.synod:3:11: error: protocol `paxos` has no variant `no-adpot`",
        " 3 |   variant no-adpot",
        "   |           ^^^^^^^^",
        "  hint: did you mean `no-adopt`? Known variants: forget-promise, no-adopt, accept-below-promise, stale-promises, count-duplicates, half-quorum, shared-ballots, strict-accept, learn-across-ballots, vote-without-promise, adopt-first, report-request, wrong-identity.",
      ].join("\n"),
    );
  });

  it("an invariant that would hold trivially under the model's settings", async () => {
    expect(await errorFor(edit("acceptors 3", "check reported-is-chosen\n  acceptors 3"))).toBe(
      [
        "demo.synod:3:9: error: `reported-is-chosen` would hold trivially here: no proposer reports a decision",
        " 3 |   check reported-is-chosen",
        "   |         ^^^^^^^^^^^^^^^^^^",
        "  hint: add `decisions proposers`: acceptors then tell the ballot's proposer too, and it reports the value decided to its client.",
      ].join("\n"),
    );
  });

  it("unknown invariant, with a did-you-mean", async () => {
    expect(await errorFor(edit("acceptors 3", "check agreement, valdity\n  acceptors 3"))).toBe(
      [
        "demo.synod:3:20: error: protocol `paxos` has no invariant `valdity`",
        " 3 |   check agreement, valdity",
        "   |                    ^^^^^^^",
        "  hint: did you mean `validity`? Known invariants: agreement, validity, stability, learned-is-chosen, reported-is-chosen, promise-covers-vote, proposal-safety, consensus-refinement.",
      ].join("\n"),
    );
  });

  it("zero acceptors", async () => {
    expect(await errorFor(edit("acceptors 3", "acceptors 0"))).toBe(
      [
        "demo.synod:3:13: error: a model needs at least 1 acceptor, not 0",
        " 3 |   acceptors 0",
        "   |             ^",
        "  hint: Paxos needs acceptors to form a quorum; three is the usual smallest interesting count.",
      ].join("\n"),
    );
  });

  it("negative budget", async () => {
    expect(await errorFor(edit("acceptors 3", "acceptors 3\n  faults { drop -1 }"))).toBe(
      [
        "demo.synod:4:17: error: a drop budget cannot be negative (-1)",
        " 4 |   faults { drop -1 }",
        "   |                 ^^",
        "  hint: a budget counts how many times a fault may happen: 0 or more.",
      ].join("\n"),
    );
  });

  it("a field given twice", async () => {
    expect(await errorFor(edit("proposers 2", "proposers 2\n  acceptors 5"))).toBe(
      [
        "demo.synod:5:3: error: `acceptors` is given twice",
        " 5 |   acceptors 5",
        "   |   ^^^^^^^^^",
        "  hint: it was first given on line 3; keep one of the two.",
      ].join("\n"),
    );
  });

  it("a missing required field", async () => {
    expect(await errorFor(edit("  values    a, b\n", ""))).toBe(
      [
        "demo.synod:1:1: error: the model does not say `values`",
        " 1 | model demo {",
        "   | ^^^^^^^^^^",
        "  hint: add a line such as `values a, b` inside the model's braces.",
      ].join("\n"),
    );
  });

  it("an empty value set", async () => {
    expect(await errorFor(edit("values    a, b", "values"))).toBe(
      [
        "demo.synod:5:3: error: the value set is empty",
        " 5 |   values",
        "   |   ^^^^^^",
        "  hint: name the values proposers propose, e.g. `values a, b` (p1 proposes a, p2 proposes b).",
      ].join("\n"),
    );
  });

  it("an unknown field, with a did-you-mean", async () => {
    expect(await errorFor(edit("acceptors 3", "acceptor 3"))).toBe(
      [
        "demo.synod:3:3: error: unknown field `acceptor`",
        " 3 |   acceptor 3",
        "   |   ^^^^^^^^",
        "  hint: did you mean `acceptors`? Known fields: protocol, variant, acceptors, proposers, learners, values, ballots, network, faults, check, fairness, assume, retry, quorums, replicas, clients, commands, operations, slots, symmetry, limits, expect, decisions.",
      ].join("\n"),
    );
  });

  it("a known field written the wrong way", async () => {
    expect(await errorFor(edit("acceptors 3", "acceptors three"))).toBe(
      [
        "demo.synod:3:13: error: `acceptors` is not written that way",
        " 3 |   acceptors three",
        "   |             ^^^^^",
        "  hint: write it as `acceptors 3`.",
      ].join("\n"),
    );
  });

  it("as many values as proposers", async () => {
    expect(await errorFor(edit("values    a, b", "values    a, b, c"))).toBe(
      [
        "demo.synod:5:3: error: 2 proposers but 3 values",
        " 5 |   values    a, b, c",
        "   |   ^^^^^^^^^^^^^^^^^",
        "  hint: `values a, b` gives one value to each proposer, in order; give exactly 2, or write `values any of a, b, c` to let every proposer propose any of them.",
      ].join("\n"),
    );
  });

  it("a fault that cannot happen on a set network", async () => {
    expect(
      await errorFor(edit("acceptors 3", "acceptors 3\n  network set\n  faults { drop 1 }")),
    ).toBe(
      [
        "demo.synod:5:12: error: a `drop` budget has no meaning on a `set` network",
        " 5 |   faults { drop 1 }",
        "   |            ^^^^^^",
        "  hint: on a set network (line 4) every sent message stays deliverable forever, which already covers loss, duplication and reordering; remove the `drop` line.",
      ].join("\n"),
    );
  });

  it("crash names acceptors, restart names proposers", async () => {
    expect(await errorFor(edit("acceptors 3", "acceptors 3\n  faults { crash 1 proposer }"))).toBe(
      [
        "demo.synod:4:20: error: `crash` does not apply to `proposer`",
        " 4 |   faults { crash 1 proposer }",
        "   |                    ^^^^^^^^",
        "  hint: acceptors crash and recover with their stable storage; a proposer restarts instead: `restart 1 proposer`.",
      ].join("\n"),
    );
  });

  it("a variant file that does not exist", async () => {
    expect(await errorFor(edit("acceptors 3", 'variant "./nowhere.ts"\n  acceptors 3'))).toMatch(
      /^demo\.synod:3:11: error: cannot find the variant file `\.\/nowhere\.ts`\n/,
    );
  });
});

describe("message-set models and symmetry", () => {
  const TLA = `model tla {
  protocol  paxos-abstract
  acceptors 3
  values    v1, v2
  ballots   0..1
}
`;
  const tlaError = (source: string): Promise<string> => modelErrorFor(source, "tla.synod");

  it("accepts a message-set model", () => {
    const model = modelFromSource(TLA, "tla.synod");
    expect(model).toMatchObject({ maxBallot: 1, network: "set", proposers: 0, learners: 0 });
  });

  it("a message-set protocol has no proposers", async () => {
    expect(await tlaError(TLA.replace("acceptors 3", "acceptors 3\n  proposers 2"))).toBe(
      [
        "tla.synod:4:3: error: protocol `paxos-abstract` has no proposers",
        " 4 |   proposers 2",
        "   |   ^^^^^^^^^",
        "  hint: it is a message-set specification: any ballot may be started by a Phase1a action and its phase 2a is an action of its own; remove the line.",
      ].join("\n"),
    );
  });

  it("a message-set protocol numbers its ballots 0..B", async () => {
    expect(await tlaError(TLA.replace("ballots   0..1", "ballots   2 per proposer"))).toBe(
      [
        "tla.synod:5:3: error: protocol `paxos-abstract` numbers its ballots 0..B",
        " 5 |   ballots   2 per proposer",
        "   |   ^^^^^^^^^^^^^^^^^^^^^^^^",
        "  hint: write the ballot bound as a range, e.g. `ballots 0..1`.",
      ].join("\n"),
    );
  });

  it("values tied to proposers are not interchangeable", async () => {
    expect(await errorFor(edit("acceptors 3", "acceptors 3\n  symmetry acceptors, values"))).toBe(
      [
        "demo.synod:4:23: error: values are not interchangeable when each proposer has its own",
        " 4 |   symmetry acceptors, values",
        "   |                       ^^^^^^",
        "  hint: `values a, b` gives p1 the value a; write `values any of a, b` to make values interchangeable, or drop `values` from `symmetry`.",
      ].join("\n"),
    );
  });

  it("an unknown symmetry, with a did-you-mean", async () => {
    expect(await errorFor(edit("acceptors 3", "acceptors 3\n  symmetry acceptor"))).toBe(
      [
        "demo.synod:4:12: error: unknown symmetry `acceptor`",
        " 4 |   symmetry acceptor",
        "   |            ^^^^^^^^",
        "  hint: did you mean `acceptors`? Known symmetries: acceptors, values, replicas.",
      ].join("\n"),
    );
  });
});

describe("a valid model", () => {
  it("a liveness property the protocol does not export, with a did-you-mean", async () => {
    expect(
      await errorFor(edit("values    a, b", "values    a, b\n  check eventually decidd")),
    ).toBe(
      [
        "demo.synod:6:20: error: protocol `paxos` has no predicate `decidd` for `eventually`",
        " 6 |   check eventually decidd",
        "   |                    ^^^^^^",
        "  hint: did you mean `decided`? Known predicates: decided, all-learners-decided, chosen.",
      ].join("\n"),
    );
  });

  it("an unknown kind of action in `fairness`", async () => {
    const source = edit(
      "values    a, b",
      "values    a, b\n  check eventually decided\n  fairness weak delivr",
    );
    expect(await errorFor(source)).toBe(
      [
        "demo.synod:7:17: error: unknown kind of action `delivr`",
        " 7 |   fairness weak delivr",
        "   |                 ^^^^^^",
        "  hint: did you mean `deliver`? Known kinds of action: deliver, drop, duplicate, crash, recover, restart, start, retry.",
      ].join("\n"),
    );
  });

  it("a fairness that is neither weak nor strong", async () => {
    const source = edit(
      "values    a, b",
      "values    a, b\n  check eventually decided\n  fairness fair deliver",
    );
    expect(await errorFor(source)).toBe(
      [
        "demo.synod:7:12: error: unknown fairness `fair`",
        " 7 |   fairness fair deliver",
        "   |            ^^^^",
        "  hint: write `weak deliver` (taken if enabled continuously) or `strong deliver` (taken if enabled infinitely often).",
      ].join("\n"),
    );
  });

  it("fairness without a liveness property", async () => {
    expect(await errorFor(edit("values    a, b", "values    a, b\n  fairness weak deliver"))).toBe(
      [
        "demo.synod:6:3: error: `fairness` only matters to liveness properties, and the model checks none",
        " 6 |   fairness weak deliver",
        "   |   ^^^^^^^^",
        "  hint: add a line such as `check eventually decided`, or remove this line.",
      ].join("\n"),
    );
  });

  it("a leader that is not a proposer", async () => {
    const source = edit(
      "values    a, b",
      "values    a, b\n  check eventually decided\n  assume leader p3",
    );
    expect(await errorFor(source)).toBe(
      [
        "demo.synod:7:17: error: `p3` is not a proposer of this model",
        " 7 |   assume leader p3",
        "   |                 ^^",
        "  hint: the proposers are p1, p2; the leader is one of them.",
      ].join("\n"),
    );
  });

  it("an unknown condition in `assume`", async () => {
    const source = edit(
      "values    a, b",
      "values    a, b\n  check eventually decided\n  assume faults end",
    );
    expect(await errorFor(source)).toBe(
      [
        "demo.synod:7:10: error: unknown assumption `faults end`",
        " 7 |   assume faults end",
        "   |          ^^^^^^^^^^",
        "  hint: write `faults stop` (from some point on no fault happens) or `leader p1` (from some point on only p1 starts ballots or retries).",
      ].join("\n"),
    );
  });

  it("only drops may be unlimited", async () => {
    expect(
      await errorFor(edit("values    a, b", "values    a, b\n  faults { duplicate unlimited }")),
    ).toBe(
      [
        "demo.synod:6:12: error: only `drop` may be unlimited",
        " 6 |   faults { duplicate unlimited }",
        "   |            ^^^^^^^^^^^^^^^^^^^",
        "  hint: an unlimited duplicate budget would make the state space infinite; give a count, e.g. `duplicate 1`.",
      ].join("\n"),
    );
  });

  const LOG = `model log {
  protocol  multipaxos
  replicas  3
  proposers 2
  commands  x, y
  slots     2
}
`;

  it("a replicated log has replicas, not acceptors", async () => {
    expect(await errorFor(LOG.replace("replicas  3", "replicas  3\n  acceptors 3"))).toBe(
      [
        "demo.synod:4:3: error: protocol `multipaxos` has no acceptors",
        " 4 |   acceptors 3",
        "   |   ^^^^^^^^^",
        "  hint: its replicas are its acceptors and learners, and clients submit its commands: write `replicas 3` and `commands x, y`.",
      ].join("\n"),
    );
  });

  it("single-decree Paxos has no slots", async () => {
    expect(await errorFor(edit("values    a, b", "values    a, b\n  slots 2"))).toBe(
      [
        "demo.synod:6:3: error: protocol `paxos` has no slots",
        " 6 |   slots 2",
        "   |   ^^^^^",
        "  hint: replicas, clients, commands and slots are for replicated-log protocols such as `multipaxos`; remove the line.",
      ].join("\n"),
    );
  });

  it("no-op is not a command a client can submit", async () => {
    expect(await errorFor(LOG.replace("commands  x, y", "commands  x, no-op"))).toBe(
      [
        "demo.synod:5:16: error: `no-op` cannot be a client's command",
        " 5 |   commands  x, no-op",
        "   |                ^^^^^",
        "  hint: a new leader fills gaps in the log with `no-op`; give the command another name.",
      ].join("\n"),
    );
  });

  it("a replicated log's symmetry is over replicas", async () => {
    expect(await errorFor(LOG.replace("slots     2", "slots     2\n  symmetry acceptors"))).toBe(
      [
        "demo.synod:7:12: error: `symmetry acceptors` does not apply to protocol `multipaxos`",
        " 7 |   symmetry acceptors",
        "   |            ^^^^^^^^^",
        "  hint: a replicated log's replicas are interchangeable: write `symmetry replicas`.",
      ].join("\n"),
    );
  });

  it("quorums that do not intersect are rejected, naming two of them", async () => {
    expect(
      await errorFor(edit("values    a, b", "values    a, b\n  quorums phase1 1, phase2 2")),
    ).toBe(
      [
        "demo.synod:6:3: error: the phase-1 quorum {a1} and the phase-2 quorum {a2, a3} do not intersect",
        " 6 |   quorums phase1 1, phase2 2",
        "   |   ^^^^^^^^^^^^^^^^^^^^^^^^^^",
        "  hint: a value chosen by one and a ballot started with the other need not meet, so two values can be chosen. Every phase-1 quorum must share one of the acceptors with every phase-2 quorum (Flexible Paxos: phase1 + phase2 > 3); add `unchecked` at the end of the line to explore these quorums anyway.",
      ].join("\n"),
    );
    expect(await errorFor(LOG.replace("slots     2", "slots     2\n  quorums r1 r2, r3"))).toBe(
      [
        "demo.synod:7:3: error: the quorums {r1, r2} and {r3} do not intersect",
        " 7 |   quorums r1 r2, r3",
        "   |   ^^^^^^^^^^^^^^^^^",
        "  hint: a value chosen by one and a ballot started with the other need not meet, so two values can be chosen. Every phase-1 quorum must share one of the replicas with every phase-2 quorum (Flexible Paxos); add `unchecked` at the end of the line to explore these quorums anyway.",
      ].join("\n"),
    );
  });

  it("a quorum names known acceptors, and a size fits", async () => {
    expect(await errorFor(edit("values    a, b", "values    a, b\n  quorums a1 a4, a2 a3"))).toBe(
      [
        "demo.synod:6:14: error: `a4` is not one of the acceptors",
        " 6 |   quorums a1 a4, a2 a3",
        "   |              ^^",
        "  hint: the acceptors are a1, a2, a3.",
      ].join("\n"),
    );
    expect(
      await errorFor(edit("values    a, b", "values    a, b\n  quorums phase1 4, phase2 1")),
    ).toBe(
      [
        "demo.synod:6:18: error: a quorum of 4 out of 3 acceptors",
        " 6 |   quorums phase1 4, phase2 1",
        "   |                  ^",
        "  hint: a quorum size is between 1 and 3.",
      ].join("\n"),
    );
  });

  it("reads a replicated-log model", () => {
    const model = modelFromSource(LOG, "log.synod");
    expect(model.log).toEqual({
      replicas: 3,
      clients: 1,
      commands: ["x", "y"],
      submitters: [0, 0],
      operations: null,
      slots: 2,
      reconfiguration: null,
    });
    expect(model.acceptors).toBe(3);
    expect(model.learners).toBe(0);
  });

  it("reads liveness properties, fairness, conditions and retries", () => {
    const source = `model live {
  protocol paxos
  acceptors 3
  proposers 2
  values a, b
  retry resend
  faults { drop unlimited }
  check agreement, eventually decided, eventually all_learners_decided
  fairness weak deliver, strong retry
  assume faults stop, leader p2
}`;
    const model = modelFromSource(source, "live.synod");
    expect(model.check!.map((c) => c.name)).toEqual(["agreement"]);
    expect(model.liveness.map((c) => c.name)).toEqual(["decided", "all_learners_decided"]);
    expect(model.fairness.map((f) => `${f.strength} ${f.action.name}`)).toEqual([
      "weak deliver",
      "strong retry",
    ]);
    expect(
      model.assume.map((a) => (a.kind === "leader" ? `leader ${a.node.name}` : a.kind)),
    ).toEqual(["faults-stop", "leader p2"]);
    expect(model.retry).toBe(true);
    expect(model.faults.drop).toBe(Infinity);
  });

  it("fills in defaults", () => {
    const model = modelFromSource(GOOD, "demo.synod");
    expect(model).toMatchObject({
      name: "demo",
      acceptors: 3,
      proposers: 2,
      learners: 1,
      values: ["a", "b"],
      valueChoice: "each",
      ballots: [1, 1],
      network: "unordered",
      faults: { drop: 0, duplicate: 0, crash: 0, restart: 0 },
      check: null,
      limits: { maxStates: null, maxDepth: null },
    });
  });

  it("reads every field, comments and separators", () => {
    const source = `// a comment
model full {   /* a block
  comment */
  protocol paxos; variant no-adopt

  // blank and comment-only lines between entries
  acceptors 5
  proposers 3
  learners 2
  values any of x, y
  ballots 3, 2, 1
  network set
  faults {
    crash 2 acceptors
    restart 1 proposer
  }
  check agreement
  limits { states 1000; depth 12 }
}`;
    const model = modelFromSource(source, "full.synod");
    expect(model).toMatchObject({
      name: "full",
      protocol: { name: "paxos", isFile: false },
      variant: { name: "no-adopt", isFile: false },
      acceptors: 5,
      proposers: 3,
      learners: 2,
      values: ["x", "y"],
      valueChoice: "any",
      ballots: [3, 2, 1],
      network: "set",
      faults: { drop: 0, duplicate: 0, crash: 2, restart: 1 },
      limits: { maxStates: 1000, maxDepth: 12 },
    });
    expect(model.check!.map((c) => c.name)).toEqual(["agreement"]);
  });
});

describe("sizes beyond what synod represents", () => {
  it("a number larger than a 32-bit word", async () => {
    expect(await errorFor(edit("acceptors 3", "acceptors 4294967296"))).toBe(
      [
        "demo.synod:3:13: error: the number 4294967296 is too large: a number in a model is at most 2,147,483,647",
        " 3 |   acceptors 4294967296",
        "   |             ^^^^^^^^^^",
        "  hint: synod keeps counts, ballots and budgets in 32-bit words; give a smaller number.",
      ].join("\n"),
    );
    // A budget that once wrapped around to 0 in a state word.
    expect(await errorFor(edit("}", "  faults { drop 99999999999999999999 }\n}"))).toContain(
      "error: the number 99999999999999999999 is too large",
    );
  });

  it("more nodes of a role than a search can cover", async () => {
    expect(await errorFor(edit("proposers 2", "proposers 1001"))).toBe(
      [
        "demo.synod:4:13: error: 1001 proposers is more than synod models: at most 1,000",
        " 4 |   proposers 1001",
        "   |             ^^^^",
        "  hint: every state holds each node and every step tries each one; a handful is what a model checker can search.",
      ].join("\n"),
    );
  });

  it("a message-set protocol with more messages than a state's bits can hold", async () => {
    const source =
      "model m {\n  protocol paxos-abstract\n  acceptors 3\n  values a, b\n  ballots 0..1000\n}\n";
    expect(await errorFor(source)).toBe(
      [
        "demo.synod:5:14: error: with 3 acceptors, 2 values and ballots 0..1000 there are 9,036,027 possible messages, more than synod represents (1,048,576: a state holds a bit for each)",
        " 5 |   ballots 0..1000",
        "   |              ^^^^",
        "  hint: with these acceptors and values the highest ballot can be at most 339.",
      ].join("\n"),
    );
  });

  it("a message-set symmetry group too large to tabulate", async () => {
    const source =
      "model m {\n  protocol paxos-abstract\n  acceptors 9\n  values a, b\n  ballots 0..1\n  symmetry acceptors\n}\n";
    expect(await errorFor(source)).toBe(
      [
        "demo.synod:6:3: error: this symmetry has 362,880 renamings, more than the message-set protocol represents (at most 40,320, the 8! orderings of 8 nodes: it keeps a table of every message's image under each)",
        " 6 |   symmetry acceptors",
        "   |   ^^^^^^^^^^^^^^^^^^",
        "  hint: use fewer interchangeable acceptors or values, or leave `symmetry` out.",
      ].join("\n"),
    );
  });

  it("blocks nested deeper than the parser goes", async () => {
    const deep = "{".repeat(5000) + "}".repeat(5000);
    const message = await errorFor(edit("}", `  x ${deep}\n}`));
    expect(message.split("\n")[0]).toBe(
      "demo.synod:6:20: error: blocks nest more than 16 deep here",
    );
    // The source line is shown in a window around the fault, not whole.
    expect(message.length).toBeLessThan(500);
  });
});
