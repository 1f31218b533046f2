/** The command line: exit codes, plain and JSON output, and user errors without stack traces. */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./helpers.ts";
import { sourcesHash } from "../../src/runtime/compiled.ts";

const run = runCli;

function modelFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "synod-"));
  const file = join(dir, "bad.synod");
  writeFileSync(file, text);
  return file;
}

describe("synod check", () => {
  it("exits 0 when every invariant holds", async () => {
    const { code, out } = await run("check", "models/paxos-set.synod");
    expect(code).toBe(0);
    expect(out).toContain("✓ Every invariant holds in every reachable state.");
    expect(out).toContain("17,960 distinct states, 115,315 generated, depth 21");
  });

  it("exits 1 on a violation and prints the shortest counterexample as numbered steps", async () => {
    const { code, out } = await run("check", "models/variants/no-adopt.synod");
    expect(code).toBe(1);
    expect(out).toContain("✗ Invariant agreement is violated: At most one value is chosen.");
    expect(out).toContain(
      "  2 different values are chosen: a by a1, a2 in ballot 1.p1 and b by a1, a2 in ballot 1.p2.",
    );
    expect(out).toContain("Shortest counterexample: 14 steps");
    expect(out).toContain("   1. p1 starts ballot 1.p1 proposing a\n");
    expect(out).toContain(
      "   2. a1 receives Prepare(b=1.p1) from p1\n        a1: promised - → 1.p1\n",
    );
    expect(out).toContain("        p1 sends Prepare(b=1.p1) to a1, a2, a3\n");
    expect(out).toContain("  14. a2 receives Accept(b=1.p2, v=b) from p2\n");
  });

  it("prints one JSON object with --json", async () => {
    const { code, out } = await run("check", "models/variants/no-adopt.synod", "--json");
    expect(code).toBe(1);
    const json = JSON.parse(out);
    expect(json).toMatchObject({
      model: "models/variants/no-adopt.synod",
      protocol: "paxos",
      variant: "no-adopt",
      verdict: "violation",
      violated: "agreement",
      distinctStates: 2_601,
      generatedStates: 9_759,
      depth: 15,
    });
    expect(typeof json.seconds).toBe("number");
    expect(typeof json.statesPerSecond).toBe("number");
    expect(json.trace).toHaveLength(15);
    expect(json.trace[0].action).toBe("initial state");
    // Values are data, with synod's words beside them.
    expect(json.trace[2]).toMatchObject({
      action: "a1 receives Prepare(b=1.p1) from p1",
      event: {
        kind: "deliver",
        node: "a1",
        message: {
          from: "p1",
          to: "a1",
          message: { kind: "prepare", ballot: { round: 1, proposer: 1 } },
          shown: "Prepare(b=1.p1)",
        },
      },
      state: {
        nodes: {
          a1: {
            role: "acceptor",
            crashed: false,
            state: { promised: { round: 1, proposer: 1 }, accepted: null },
            shown: { promised: "1.p1", accepted: "-" },
          },
        },
      },
    });
    expect(json.checking).toEqual({
      invariants: [
        "agreement",
        "validity",
        "stability",
        "learned-is-chosen",
        "promise-covers-vote",
      ],
      stepProperties: ["consensus-refinement"],
      liveness: [],
    });
  });

  it("JSON for a clean run has a null trace", async () => {
    const { code, out } = await run("check", "models/paxos-set.synod", "--json");
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ verdict: "ok", violated: null, trace: null });
  });

  it("exits 3 when a limit stops the search", async () => {
    const { code, out } = await run(
      "check",
      "models/paxos-one-ballot.synod",
      "--max-states",
      "1000",
    );
    expect(code).toBe(3);
    expect(out).toContain(
      "! Incomplete: the search reached the limit of 1,000 distinct states before it had seen every state.",
    );
  });

  it("exits 3 when the memory limit stops the search", async () => {
    // Any process is past 1 MB: the search stops at its first memory check.
    const { code, out } = await run("check", "models/paxos-one-ballot.synod", "--max-memory", "1");
    expect(code).toBe(3);
    expect(out).toContain(
      "! Incomplete: the search reached the memory limit before it had seen every state.",
    );
  });

  it("exits 3 when the time limit stops the search", async () => {
    // Multi-Paxos with two commands needs minutes: one second is not enough to see its states.
    const { code, out } = await run(
      "check",
      "models/multipaxos/scale-two-commands.synod",
      "--max-seconds",
      "1",
    );
    expect(code).toBe(3);
    expect(out).toContain(
      "! Incomplete: the search reached the time limit before it had seen every state.",
    );
  });

  it("exits 2 with a located message, and no stack trace, on a bad model", async () => {
    const file = modelFile(
      "model x {\n  protocol paxos\n  acceptors 0\n  proposers 1\n  values a\n}\n",
    );
    const { code, out, err } = await run("check", file);
    expect(code).toBe(2);
    expect(out).toBe("");
    expect(err).toBe(
      [
        `${file}:3:13: error: a model needs at least 1 acceptor, not 0`,
        " 3 |   acceptors 0",
        "   |             ^",
        "  hint: Paxos needs acceptors to form a quorum; three is the usual smallest interesting count.",
        "",
      ].join("\n"),
    );
  });

  it("exits 2 on a missing file", async () => {
    const { code, err } = await run("check", "models/nope.synod");
    expect(code).toBe(2);
    expect(err).toBe(
      "models/nope.synod: error: cannot read the model file: no such file\n  hint: check the path.\n",
    );
  });

  it("exits 2 on a bad option or command, with a hint", async () => {
    expect((await run("check", "models/paxos-one-ballot.synod", "--max-states", "lots")).err).toBe(
      'synod: --max-states takes a whole number, not "lots"\n  hint: write it in decimal digits, e.g. `--max-states 10`.\n',
    );
    expect((await run("check", "models/paxos-one-ballot.synod", "--workers", "0")).err).toBe(
      "synod: --workers takes a whole number of at least 1, not 0\n  hint: give 1 or more.\n",
    );
    expect((await run("check", "models/paxos-one-ballot.synod", "--workers", "9")).err).toBe(
      "synod: --workers takes at most 8, not 9\n  hint: give 8 or fewer.\n",
    );
    // Numbers are decimal digits: not hexadecimal, exponents, fractions or negatives.
    expect((await run("check", "models/paxos-one-ballot.synod", "--workers", "0x2")).err).toBe(
      'synod: --workers takes a whole number, not "0x2"\n  hint: write it in decimal digits, e.g. `--workers 8`.\n',
    );
    for (const text of ["1e3", "2.0", " 2"]) {
      expect((await run("check", "models/paxos-one-ballot.synod", "--max-depth", text)).code).toBe(
        2,
      );
    }
    expect((await run("check", "models/paxos-one-ballot.synod", "--max-states", "-5")).err).toBe(
      "synod: --max-states takes a whole number of at least 1, not -5\n  hint: give 1 or more.\n",
    );
    // An option of another subcommand is not silently accepted.
    expect((await run("check", "models/paxos-one-ballot.synod", "--trace", "t.json")).err).toBe(
      "synod: `check` has no option --trace\n  hint: its options: --json, --no-tui, --max-states N, --max-depth N, --max-memory MB, --max-seconds S, --msc, --out-itf FILE, --out-svg FILE, --force, --exact, --workers N, --checkpoint DIR, --checkpoint-every MINUTES, --resume DIR, --self-check, --no-typecheck, --expect, --witness NAME, --continue, --coverage, --explore-drops (`synod --help` lists every command's).\n",
    );
    expect((await run("trace", "t.itf.json", "--json")).err).toBe(
      "synod: `trace` has no option --json\n  hint: its options: --msc, --no-tui, --out-svg OUT, --force (`synod --help` lists every command's).\n",
    );
    expect((await run("check", "models/paxos-one-ballot.synod", "--frobnicate")).code).toBe(2);
    expect((await run("verify", "models/paxos-one-ballot.synod")).err).toBe(
      "synod: unknown command `verify`. Run `synod --help` for the commands.\n",
    );
    expect((await run()).code).toBe(2);
  });

  it("`synod help` and `-V` do what users expect", async () => {
    const help = await run("help");
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^synod: a model checker for Paxos/);
    expect((await run("check", "--help")).out).toBe(help.out);
    expect((await run("-V")).out).toMatch(/^synod 0\.1\.0 \(/);
  });

  it("says why a search asked to use workers runs on one thread", async () => {
    const { code, err, out } = await run(
      "check",
      "models/tla/paxos-3a-2v-b1.synod",
      "--workers",
      "2",
      "--no-tui",
    );
    expect(code).toBe(0);
    // 3,921 states: done on one thread before workers would start, and the note says so.
    expect(err).toBe(
      "synod: note: searched on one thread, not 2: the search was done before workers could take it over (they start after 0.3 s, and take over at a level worth it).\n",
    );
    expect(out).not.toContain("worker threads");
    const live = await run("check", "models/liveness/one-proposer.synod", "--workers", "2");
    expect(live.err).toBe(
      "synod: note: searching on one thread, not 2: liveness is checked on the whole state graph, in one thread.\n",
    );
    const limited = await run(
      "check",
      "models/tla/paxos-3a-2v-b1.synod",
      "--workers",
      "2",
      "--max-memory",
      "4000",
    );
    expect(limited.err).toBe(
      "synod: note: searching on one thread, not 2: under --max-memory the search runs on one thread, which can go on on disk.\n",
    );
  });

  it("explore needs a terminal", async () => {
    const { code, err } = await run("explore", "models/paxos-one-ballot.synod");
    expect(code).toBe(2);
    expect(err).toBe(
      "synod: `explore` is interactive and needs a terminal\n  hint: use `synod check` in pipes, or `synod trace FILE` to print a saved trace.\n",
    );
  });

  it("--help lists the commands and exit codes", async () => {
    const { code, out } = await run("--help");
    expect(code).toBe(0);
    expect(out).toContain("synod check FILE [options]");
    expect(out).toContain(
      "3  a limit (states, depth, memory or time) stopped the search before it saw every state",
    );
  });
});

describe("the installed launcher", () => {
  it("runs `synod --help` with no build step", () => {
    const out = execFileSync(process.execPath, ["bin/synod.js", "--help"], { encoding: "utf8" });
    expect(out).toMatch(/^synod: a model checker for Paxos/);
  });

  it("reports a protocol file that throws at its own line, with exit code 2", () => {
    const run = spawnSync(
      process.execPath,
      ["bin/synod.js", "check", "test/fixtures/throwing/boom.synod", "--no-tui"],
      { encoding: "utf8" },
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      "test/fixtures/throwing/boom.ts:9:13: error: the model's TypeScript code threw: not implemented yet\n  hint: fix the protocol or variant file; synod runs its handlers on every state it explores.\n",
    );
  });

  it("runs the compiled copy while it matches the sources, and gives the same answer as they do", () => {
    const stamp = join("dist", "stamp.json");
    const fresh =
      existsSync(stamp) &&
      (JSON.parse(readFileSync(stamp, "utf8")) as { sources: string }).sources === sourcesHash();
    const run = (sources: boolean, args: string[]) =>
      spawnSync(process.execPath, ["bin/synod.js", ...args], {
        encoding: "utf8",
        env: { ...process.env, SYNOD_SOURCES: sources ? "1" : "" },
      });
    expect(run(false, ["--version"]).stdout).toBe(
      `synod 0.1.0 (${fresh ? "compiled copy" : "TypeScript sources"})\n`,
    );
    expect(run(true, ["--version"]).stdout).toBe("synod 0.1.0 (TypeScript sources)\n");
    // A model with a TypeScript variant of its own, which imports `synod`.
    const answers = [false, true].map((sources) => {
      const check = run(sources, ["check", "models/examples/zero-value.synod", "--json"]);
      const report = JSON.parse(check.stdout) as Record<string, unknown>;
      delete report.seconds;
      delete report.statesPerSecond;
      delete report.peakResidentBytes;
      return [check.status, report];
    });
    expect(answers[0]![0]).toBe(1);
    expect(answers[0]).toEqual(answers[1]);
  });

  it("exits 2 on a user error, printing no stack trace", () => {
    const run = spawnSync(process.execPath, ["bin/synod.js", "check", "models/nope.synod"], {
      encoding: "utf8",
    });
    expect(run.status).toBe(2);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
