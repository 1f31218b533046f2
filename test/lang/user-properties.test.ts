/**
 * Properties a model states itself (`invariant NAME: FORMULA`): checked with the protocol's,
 * reported with their shortest counterexample, and every mistake located in the model file.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../cli/helpers.ts";

const BASE = `model mine {
  protocol  paxos
  acceptors 3
  proposers 2
  values    a, b
  learners  1
  ballots   1 per proposer
  check agreement
`;

/** One proposer with fair delivery and starts, and an acceptor that may crash: for liveness. */
const LIVE = `model live {
  protocol  paxos
  acceptors 3
  proposers 1
  values    a
  learners  1
  ballots   1 per proposer
  faults { crash 1 acceptor }
  check     agreement
  fairness  weak deliver, weak start
`;

/** A model file of `base` and `lines`, in a folder of its own. */
function modelOf(base: string, lines: readonly string[]): string {
  const file = join(mkdtempSync(join(tmpdir(), "synod-formula-")), "mine.synod");
  writeFileSync(file, `${base}${lines.map((l) => `  ${l}\n`).join("")}}\n`);
  return file;
}

/** A model file of BASE and `lines`. */
const model = (...lines: string[]): string => modelOf(BASE, lines);

const json = async (file: string) => {
  const { code, out } = await runCli("check", file, "--json");
  return { code, result: JSON.parse(out) as Record<string, unknown> };
};

describe("properties stated in the model", () => {
  it("hold, checked beside the protocol's own", async () => {
    const file = model(
      "invariant covered: forall a in acceptors: a.accepted == none or a.promised >= a.accepted.ballot",
      'invariant few-votes: count(h in history: h.kind == "vote") <= 6',
      "invariant learners-agree: forall l in learners, k in learners: l.decided == none or k.decided == none or l.decided == k.decided",
      "invariant known-ballots: count(b in ballots) == 2 and forall a in acceptors: a.accepted == none or a.accepted.ballot in ballots",
    );
    const { code, result } = await json(file);
    expect([code, result.verdict, result.distinctStates, result.depth]).toEqual([
      0,
      "ok",
      3_592,
      19,
    ]);
    expect((result.checking as { invariants: string[] }).invariants).toEqual([
      "agreement",
      "covered",
      "few-votes",
      "learners-agree",
      "known-ballots",
    ]);
  });

  it("a violation has its shortest counterexample and names the member that breaks it", async () => {
    const counted = await json(
      model('invariant few-votes: count(h in history: h.kind == "vote") <= 2'),
    );
    expect([
      counted.code,
      counted.result.violated,
      (counted.result.trace as unknown[]).length - 1,
    ]).toEqual([1, "few-votes", 8]);
    const { code, out } = await runCli(
      "check",
      model("invariant unvoted: forall a in acceptors: a.accepted == none"),
      "--no-tui",
    );
    expect(code).toBe(1);
    expect(out).toContain(
      "✗ Invariant unvoted is violated: `forall a in acceptors: a.accepted == none` (stated in the model)\n  `forall a in acceptors: a.accepted == none` is false for a = a1.\n",
    );
  });

  it("with several bindings, the explanation names each assignment that breaks it", async () => {
    const { code, result } = await json(
      model(
        'invariant one-value-each: forall h in history, g in history: (h.kind == "vote" and g.kind == "vote" and h.acceptor == g.acceptor) => h.value == g.value',
      ),
    );
    expect([code, (result.trace as unknown[]).length - 1]).toEqual([1, 12]);
    const vote = (ballot: number, value: string) =>
      `{"kind":"vote","acceptor":"a1","ballot":{"round":1,"proposer":${ballot}},"value":"${value}"}`;
    expect(result.explanation).toContain(
      ` is false for h = ${vote(1, "a")}, g = ${vote(2, "b")}; h = ${vote(2, "b")}, g = ${vote(1, "a")}.`,
    );
  });

  it("a misspelt field or name is shown at its place, with a did-you-mean", async () => {
    const field = model("invariant covered: forall a in acceptors: a.promsed >= a.accepted.ballot");
    const misspelt = await runCli("check", field);
    expect([misspelt.code, misspelt.err]).toEqual([
      2,
      `${field}:9:47: error: an acceptor has no field \`promsed\`\n 9 |   invariant covered: forall a in acceptors: a.promsed >= a.accepted.ballot\n   |                                               ^^^^^^^\n  hint: did you mean \`promised\`? Known names: id, role, crashed, promised, accepted.\n`,
    ]);
    const name = model("invariant decided-once: count(l in lerners: l.decided != none) <= 1");
    const unknown = await runCli("check", name);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain(
      `${name}:9:38: error: unknown name \`lerners\`\n 9 |   invariant decided-once: count(l in lerners: l.decided != none) <= 1\n   |                                      ^^^^^^^\n  hint: did you mean \`learners\`?`,
    );
  });

  it("refuses a formula that is not one, a name stated twice or taken, and a named node under symmetry", async () => {
    const syntax = model("invariant broken: forall a in acceptors a.promised");
    expect((await runCli("check", syntax)).err).toContain(
      `${syntax}:9:43: error: syntax error: expected ":"`,
    );
    const twice = model("invariant x: true", "invariant x: false");
    expect((await runCli("check", twice)).err).toContain(
      `${twice}:10:13: error: property \`x\` is stated twice\n`,
    );
    const taken = model("invariant validity: true");
    expect((await runCli("check", taken)).err).toContain(
      `${taken}:9:13: error: protocol \`paxos\` already has a property \`validity\`\n`,
    );
    const named = model("symmetry acceptors", "invariant first: a1.accepted == none");
    const refused = await runCli("check", named);
    expect([refused.code, refused.err]).toEqual([
      2,
      `${named}:10:20: error: property \`first\` names node \`a1\`, which \`symmetry\` makes interchangeable with others\n 10 |   invariant first: a1.accepted == none\n    |                    ^^^^^^^^^^^^^^^^^^^\n  hint: quantify instead (\`forall a in acceptors: …\`), or remove the \`symmetry\` line.\n`,
    ]);
  });

  it("a formula of the wrong kinds is refused at its place before the search", async () => {
    const file = model("invariant wrong: forall a in acceptors: a.promised > 3");
    const { code, err } = await runCli("check", file, "--no-tui");
    expect([code, err]).toEqual([
      2,
      `${file}:9:43: error: cannot order a ballot and a number\n 9 |   invariant wrong: forall a in acceptors: a.promised > 3\n   |                                           ^^^^^^^^^^^^^^\n  hint: a formula compares values of one kind (numbers, text, ballots), and quantifies over sets.\n`,
    ]);
    const field = model("invariant wrong: forall a in acceptors: a.promised.rond >= 0");
    expect((await runCli("check", field)).err).toContain(
      `${field}:9:54: error: a ballot has no field \`rond\`\n`,
    );
    expect((await runCli("check", field)).err).toContain(
      "  hint: did you mean `round`? Known names: round, proposer.\n",
    );
  });

  it("a formula that cannot be evaluated in a state stops the check at its place, exit 2", async () => {
    // `accepted` starts as none, so its kind is known only in a state with a vote.
    const file = model(
      "invariant wrong: forall a in acceptors: a.accepted == none or a.accepted > 3",
    );
    const { code, err } = await runCli("check", file, "--no-tui");
    expect([code, err]).toEqual([
      2,
      `synod: error: ${file}:9:65: in property \`wrong\`: cannot order {"ballot":{"round":1,"proposer":1},"value":"a"} and 3\n  hint: a formula compares values of one kind (numbers, text, ballots), and quantifies over sets.\n`,
    ]);
  });

  it("each reachable witness is looked for once the check holds, and --witness shows it", async () => {
    const file = model(
      "reachable decided: decided",
      "reachable both-voted: exists a in acceptors, b in acceptors: a.accepted != none and b.accepted != none and a.accepted.value != b.accepted.value",
    );
    const { code, out } = await runCli("check", file, "--no-tui");
    expect(code).toBe(0);
    expect(out).toContain("  checking agreement, reachable decided, reachable both-voted\n");
    expect(out).toContain(
      "✓ Every invariant holds in every reachable state.\n  reachable decided: a state satisfies it 9 steps from the start (`--witness decided` shows the trace)\n  reachable both-voted: a state satisfies it 12 steps from the start (`--witness both-voted` shows the trace)\n",
    );
    const shown = await runCli("check", file, "--witness", "both-voted", "--json");
    const result = JSON.parse(shown.out) as Record<string, unknown>;
    expect([shown.code, result.verdict, result.violated, result.witness]).toEqual([
      0,
      "violation",
      "reachable both-voted",
      "both-voted",
    ]);
    expect((result.trace as unknown[]).length - 1).toBe(12);
    const text = await runCli("check", file, "--witness", "decided");
    expect(text.out).toContain("\n✓ Reachable decided: a shortest witness, 9 steps\n");
    const unknown = await runCli("check", file, "--witness", "decidd");
    expect([unknown.code, unknown.err]).toEqual([
      2,
      "synod: --witness decidd: the model states no `reachable decidd`\n  hint: did you mean `decided`? Known reachable properties: decided, both-voted.\n",
    ]);
  });

  it("a witness no reachable state satisfies fails the check, exit 1", async () => {
    const file = model(
      "reachable decided: decided",
      "reachable impossible: exists a in acceptors: a.promised.round > 1",
    );
    const { code, out } = await runCli("check", file, "--no-tui");
    expect(code).toBe(1);
    expect(out).toContain(
      "✗ Never reachable: impossible\n  No reachable state satisfies `exists a in acceptors: a.promised.round > 1` (3,592 states searched): the properties that hold may hold only because this never happens.\n  reachable decided: a state satisfies it 9 steps from the start (`--witness decided` shows the trace)\n",
    );
    const witness = await runCli("check", file, "--witness", "impossible", "--no-tui");
    expect(witness.code).toBe(1);
    expect(witness.out).toContain(
      "\n✗ Never reachable: impossible: no reachable state satisfies it.\n",
    );
  });

  it("a protocol that never decides is caught by its witness", async () => {
    const { code, out } = await runCli(
      "check",
      "test/fixtures/formulas/never-decides.synod",
      "--no-tui",
    );
    expect(code).toBe(1);
    expect(out).toContain("✗ Never reachable: decided\n  No reachable state satisfies `decided` (");
  });

  it("the message-set Paxos shows its acceptors' variables and its messages to formulas", async () => {
    const spec = (...lines: string[]) =>
      modelOf(
        "model spec {\n  protocol  paxos-abstract\n  acceptors 3\n  values    v1, v2\n  ballots   0..1\n",
        lines,
      );
    // A value is chosen when a majority sent 2b for it in one ballot: reachable, and never two.
    const chosen = (v: string) =>
      `quorum(a in acceptors: exists m in messages: m.type == "2b" and m.acc == a and m.bal == b and m.val == ${v})`;
    const file = spec(
      `reachable chosen: exists b in ballots, v in values: ${chosen("v")}`,
      `reachable two-chosen: exists b in ballots, v in values, w in values: v != w and ${chosen("v")} and ${chosen("w")}`,
      "invariant covered: forall a in acceptors: a.maxVBal == none or a.maxBal >= a.maxVBal",
    );
    const { code, out } = await runCli("check", file, "--no-tui");
    expect(code).toBe(1);
    expect(out).toContain(
      "✗ Never reachable: two-chosen\n  No reachable state satisfies `exists b in ballots, v in values, w in values: v != w and",
    );
    expect(out).toContain("(3,921 states searched)");
    expect(out).toContain(
      "  reachable chosen: a state satisfies it 6 steps from the start (`--witness chosen` shows the trace)\n",
    );
    const witness = await runCli("check", file, "--witness", "chosen", "--json");
    const result = JSON.parse(witness.out) as { trace: unknown[]; witness: string };
    expect([witness.code, result.witness, result.trace.length - 1]).toEqual([0, "chosen", 6]);

    // "No acceptor votes in ballot 1" breaks in 5 steps: start ballot 1, two promises, the
    // proposal, a vote.
    const broken = spec(
      "invariant below: forall a in acceptors: a.maxVBal == none or a.maxVBal < 1",
    );
    const violated = await runCli("check", broken, "--json");
    const report = JSON.parse(violated.out) as {
      violated: string;
      trace: unknown[];
      explanation: string;
    };
    expect([violated.code, report.violated, report.trace.length - 1]).toEqual([1, "below", 5]);
    expect(report.explanation).toBe(
      "`forall a in acceptors: a.maxVBal == none or a.maxVBal < 1` is false for a = a1.",
    );

    const live = spec("liveness some: eventually exists a in acceptors: a.maxBal >= 0");
    const refused = await runCli("check", live);
    expect([refused.code, refused.err]).toEqual([
      2,
      `${live}:6:3: error: protocol \`paxos-abstract\` cannot be checked for liveness\n 6 |   liveness some: eventually exists a in acceptors: a.maxBal >= 0\n   |   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n  hint: it is a specification with no processes, so no fairness; check liveness on \`paxos\` or \`multipaxos\`, and state \`invariant\` or \`reachable\` lines here.\n`,
    ]);
  });

  it("liveness lines: eventually, always eventually and leads-to, under the model's fairness", async () => {
    const live = (...lines: string[]) => modelOf(LIVE, lines);
    const holding = await runCli(
      "check",
      live(
        "liveness learns: eventually exists l in learners: l.decided != none",
        'liveness accepting-leads-to-decided: (exists p in proposers: p.phase == "accepting") ~> decided',
        "liveness keeps-deciding: always eventually decided",
      ),
      "--no-tui",
    );
    expect(holding.code).toBe(0);
    expect(holding.out).toContain(
      "  checking agreement, learns, accepting-leads-to-decided, keeps-deciding\n",
    );
    expect(holding.out).toContain(
      "✓ Every invariant holds in every reachable state, and every fair run satisfies learns, accepting-leads-to-decided, keeps-deciding.\n  360 distinct states",
    );
    const file = live(
      "liveness recovers: (exists a in acceptors: a.crashed) ~> (forall a in acceptors: not a.crashed)",
    );
    const broken = await runCli("check", file, "--no-tui");
    expect(broken.code).toBe(1);
    expect(broken.out).toContain(
      "✗ Liveness property recovers is violated: `(exists a in acceptors: a.crashed) ~> (forall a in acceptors: not a.crashed)` fails on a fair run\n  On this run `(exists a in acceptors: a.crashed)` holds after step 1, and `(forall a in acceptors: not a.crashed)` never holds after: after step 10 it stays in the same state forever",
    );
    const { result } = await json(file);
    expect([result.violated, (result.trace as unknown[]).length - 1, result.stutters]).toEqual([
      "recovers",
      10,
      true,
    ]);
  });
});
