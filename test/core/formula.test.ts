/**
 * The formula compiler on one hand-built state: each operator's value, what a formula is found
 * to read, and the errors it raises at compile time and while it runs.
 */
import { List, Map as IMap } from "immutable";
import { describe, expect, it } from "vitest";
import {
  compileFormula,
  FormulaError,
  FormulaRuntimeError,
  type FormulaContext,
} from "../../src/core/formula.ts";
import type { ClusterView } from "../../src/core/protocol.ts";
import type { Model } from "../../src/core/model.ts";
import { parseFormula } from "../../src/lang/parse.ts";
import { Ballot } from "../../src/protocols/paxos/ballot.ts";

const b1 = new Ballot({ round: 1, proposer: 1 });
const b2 = new Ballot({ round: 1, proposer: 2 });

/** Three acceptors (a1 and a2 promised b1, a1 voted for x in it) and one replica. */
const view: ClusterView<{ kind: string; ballot: Ballot; from: string; to: string }> = {
  model: {} as Model,
  nodes: [
    { id: "a1", role: "acceptor", crashed: false, state: { promised: b1, accepted: b1 } },
    { id: "a2", role: "acceptor", crashed: false, state: { promised: b1, accepted: null } },
    { id: "a3", role: "acceptor", crashed: true, state: { promised: null, accepted: null } },
    {
      id: "r1",
      role: "replica",
      crashed: false,
      state: {
        committed: IMap([
          [1, "x"],
          [2, "y"],
        ]),
        applied: List(["x"]),
      },
    },
  ],
  messages: [{ kind: "prepare", ballot: b2, from: "p2", to: "a1" }],
  facts: [{ kind: "vote", acceptor: "a1", ballot: b1, value: "x" }],
};

const context: FormulaContext = {
  nodes: view.nodes.map(({ id, role }) => ({ id, role })),
  // Each field with its value in an initial state, whose kind the compiler checks against.
  fields: new Map<string, Map<string, unknown>>([
    [
      "acceptor",
      new Map<string, unknown>([
        ["promised", b1],
        ["accepted", null],
      ]),
    ],
    [
      "replica",
      new Map<string, unknown>([
        ["committed", IMap()],
        ["applied", List()],
      ]),
    ],
  ]),
  values: ["x", "y"],
  ballots: [b1, b2],
  isQuorum: (ids) => ids.filter((id) => id.startsWith("a")).length >= 2,
  conditions: new Map([["voted", { holds: (v: ClusterView) => v.facts.length > 0 }]]),
};

const compiled = (text: string, at: FormulaContext = context) =>
  compileFormula(parseFormula(text), at);
const value = (text: string): boolean => compiled(text).holds(view);

/** The error `run` throws, which must be a `kind`. */
function thrown<E extends Error>(run: () => unknown, kind: new (...args: never[]) => E): E {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(kind);
    return error as E;
  }
  throw new Error("no error was thrown");
}

describe("formulas on a hand-built state", () => {
  it.each([
    // Quantifiers, counting and quorums over role sets.
    ["forall a in acceptors: a.id != r1", true],
    ["exists a in acceptors: a.crashed", true],
    ["forall a in acceptors: a.promised != none", false],
    ["count(a in acceptors: a.promised == a.accepted) == 2", true],
    ["count(n in nodes) == 4", true],
    ["quorum(a in acceptors: a.promised != none)", true],
    ["quorum(a in acceptors: a.accepted != none)", false],
    // Connectives.
    ["a1 == a1 and a1 != a2", true],
    ["a1 == a2 or not (a1 == a2)", true],
    ["a1 == a2 => false", true],
    ["true => false", false],
    // A quantifier after `and`, `or` or `not` extends to the end, as in TLA+.
    ["a1 == a2 or forall a in acceptors: a.crashed or a.promised != none", true],
    ["not exists a in acceptors: a.crashed", false],
    // Ballots compare by round, then proposer; `none` is below everything.
    ["a1.promised < a1.promised", false],
    ["forall b in ballots, c in ballots: b == c or b < c or b > c", true],
    ["count(b in ballots: b > a1.promised) == 1", true],
    ["a3.promised < a1.promised", true],
    // Arithmetic, ranges and membership.
    ["1 + 2 - 1 == 2", true],
    ["count(i in 1..3) == 3 and count(i in 3..2) == 0", true],
    ["2 in 1..3 and not (4 in 1..3)", true],
    ["x in r1.applied and not (y in r1.applied)", true],
    ["x in values", true],
    // Indexing: a map by key, a list from 1; `none` where there is no entry.
    ["r1.committed[2] == y and r1.committed[3] == none", true],
    ["r1.applied[1] == x and r1.applied[2] == none and r1.applied[0] == none", true],
    ["forall s in r1.committed: r1.committed[s] in values", true],
    // Messages and history facts, whose node fields compare with nodes by name.
    ['exists m in messages: m.kind == "prepare" and m.to == a1 and m.ballot == b', "binds"],
    ['exists m in messages: m.kind == "prepare" and m.to == a1 and m.from == p2', "unknown"],
    ['forall h in history: h.kind == "vote" => h.acceptor == a1 and h.value == x', true],
    // The protocol's own properties, by name.
    ["voted", true],
  ] as const)("%s", (text, expected) => {
    if (expected === "binds" || expected === "unknown") {
      expect(() => value(text)).toThrow(FormulaError);
      return;
    }
    expect(value(text)).toBe(expected);
  });

  it("knows what each formula reads", () => {
    const acceptors = compiled("forall a in acceptors: a.promised >= a.accepted");
    expect([acceptors.readsMessages, acceptors.readsRoles]).toEqual([false, ["acceptor"]]);
    const messages = compiled('exists m in messages: m.kind == "prepare"');
    expect([messages.readsMessages, messages.readsRoles]).toEqual([true, []]);
    expect(compiled("count(n in nodes) == 4").readsRoles).toBeNull();
    expect(compiled("r1.applied[1] == x").named).toEqual({ nodes: ["r1"], values: ["x"] });
  });

  it("names the members that make a forall false", () => {
    const formula = compiled("forall a in acceptors, b in ballots: a.promised >= b");
    expect(formula.counterexamples(view)).toEqual([
      'a = a1, b = {"round":1,"proposer":2}',
      'a = a2, b = {"round":1,"proposer":2}',
      'a = a3, b = {"round":1,"proposer":1}',
    ]);
  });

  it("refuses at compile time what cannot mean anything", () => {
    const error = (text: string, at: FormulaContext = context) =>
      thrown(() => compiled(text, at), FormulaError).message;
    expect(error("forall a in acceptors: a.promsed == none")).toBe(
      "an acceptor has no field `promsed`",
    );
    expect(error("count(b in ballot) == 2")).toBe("unknown name `ballot`");
    expect(error("forall b in ballots: true", { ...context, ballots: null })).toBe(
      "this protocol has no ballots to quantify over",
    );
  });

  // Each formula whose kinds are known before any state (from literals, the model's names and
  // the nodes' initial states), the error, and the part of the formula it points at.
  it.each([
    ["a1.promised[1] == none", "cannot index a ballot: not a list or map", "a1.promised"],
    ["count(i in a1.promised) == 0", "expected a set, found a ballot", "a1.promised"],
    ["a1.promised > 3", "cannot order a ballot and a number", "a1.promised > 3"],
    ["forall b in ballots: b.round < x", "cannot order a number and text", "b.round < x"],
    [
      "a1.promised == 3",
      "compares a ballot with a number, which are never equal",
      "a1.promised == 3",
    ],
    ["r1.applied", "expected true or false, found a list", "r1.applied"],
    ["count(i in 1..a1.promised) == 0", "expected a number, found a ballot", "a1.promised"],
    ["a1.id + 1 == 2", "expected a number, found text", "a1.id"],
    ["x.size == 1", "text has no fields", "size"],
    ["forall a in acceptors: a.promised.rond == 1", "a ballot has no field `rond`", "rond"],
    [
      "forall a in acceptors: a == 1",
      "compares an acceptor with a number, which are never equal",
      "a == 1",
    ],
  ])("refuses %s before any state", (text, message, at) => {
    const error = thrown(() => compiled(text), FormulaError);
    expect([error.message, text.slice(error.span.start, error.span.end)]).toEqual([message, at]);
  });

  it("a misspelt field of a record has a did-you-mean", () => {
    const error = thrown(() => compiled("a1.promised.rond == 1"), FormulaError);
    expect(error.known).toEqual(["round", "proposer"]);
  });

  // Each formula, the error it stops with, and the part of the formula the error points at.
  // Where a kind is not known before (a field that starts as none), the state decides.
  it.each([
    [
      "a1.accepted[1] == none",
      'cannot index {"round":1,"proposer":1}: not a list or map',
      "a1.accepted",
    ],
    ["count(i in 1..a2.accepted) == 0", "expected a number, found none", "a2.accepted"],
    [
      "count(i in a1.accepted) == 0",
      'expected a set, found {"round":1,"proposer":1}',
      "a1.accepted",
    ],
    ["a1.accepted > 3", 'cannot order {"round":1,"proposer":1} and 3', "a1.accepted > 3"],
    [
      "exists m in messages: m.ballot",
      'expected true or false, found {"round":1,"proposer":2}',
      "m.ballot",
    ],
  ])("stops at its place where %s cannot be evaluated", (text, message, at) => {
    const error = thrown(() => value(text), FormulaRuntimeError);
    expect([error.message, text.slice(error.span.start, error.span.end)]).toEqual([message, at]);
  });
});
