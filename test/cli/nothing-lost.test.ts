/**
 * Work is not lost at the edges: an interrupt reports what the search saw, every limit holds in
 * every phase, and synod never writes over a file it did not make. Signals are sent to real
 * processes, once they are seen to catch them.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./helpers.ts";
import { reportFailure } from "../../src/cli/failure.ts";
import { explore } from "../../src/check/explorer.ts";
import { Budget } from "../../src/check/budget.ts";
import { loadModel } from "../../src/app/load.ts";
import { buildSystem, checkModel, checkModelAsync, exploreOptions } from "../../src/run.ts";
import { abandonedResult } from "../../src/check/result.ts";
import { renderText } from "../../src/cli/report.ts";

const SYNOD = ["bin/synod.js"];

/**
 * Loaded before synod in the child: it says on file descriptor 3 when synod starts to catch a
 * signal, so that the test sends it then (Node itself catches SIGINT and SIGTERM from its start,
 * so /proc cannot tell).
 */
const SIGNAL_SPY = `data:text/javascript,${encodeURIComponent(`
import { writeSync } from "node:fs";
const on = process.on.bind(process);
process.on = (event, listener) => {
  const result = on(event, listener);
  if (event === "SIGINT" || event === "SIGTERM") writeSync(3, event + "\\n");
  return result;
};
`)}`;

/**
 * Runs synod, sends `signal` once it catches it (and, if `cue` is given, once its output holds
 * `cue`), and returns its exit code and output.
 */
function interrupted(
  args: string[],
  signal: "SIGINT" | "SIGTERM",
  cue: string | null = null,
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", SIGNAL_SPY, ...SYNOD, ...args], {
      stdio: ["ignore", "pipe", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    let sent = false;
    let catching = false;
    const send = () => {
      if (!sent && catching && (cue === null || out.includes(cue))) {
        sent = true;
        child.kill(signal);
      }
    };
    child.stdout!.on("data", (chunk) => {
      out += chunk;
      send();
    });
    child.stderr!.on("data", (chunk) => (err += chunk));
    (child.stdio[3] as NodeJS.ReadableStream).on("data", (chunk) => {
      if (String(chunk).includes(signal)) catching = true;
      send();
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, out, err }));
  });
}

const run = runCli;

// The message-set Paxos at ballots 0..3: 8,220,065 states, far more than a test waits for.
const LARGE = "models/bench/tla-2v-b3.synod";

describe("interrupts", () => {
  it("Ctrl-C ends a plain-text check with what it saw, and exit code 130", async () => {
    const { code, out, err } = await interrupted(
      ["check", LARGE, "--no-tui", "--workers", "1"],
      "SIGINT",
    );
    expect(code).toBe(130);
    // The header came before the search; the verdict after it.
    expect(out).toMatch(/^model tla-2v-b3 \(models\/bench\/tla-2v-b3.synod\)/);
    expect(out).toContain(
      "! Interrupted: the search stopped before it had seen every state.\n  No invariant was violated in the states it saw.\n",
    );
    expect(out).toMatch(/\n {2}[\d,]+ distinct states, [\d,]+ generated, depth \d+\n/);
    expect(err).toBe("synod: interrupted (Ctrl-C): stopping the search; again to quit at once.\n");
  });

  it("SIGTERM ends a JSON check with an incomplete verdict, and exit code 143", async () => {
    const { code, out } = await interrupted(["check", LARGE, "--json"], "SIGTERM");
    expect(code).toBe(143);
    const json = JSON.parse(out);
    expect(json).toMatchObject({ verdict: "incomplete", stoppedBy: "interrupt", violated: null });
    expect(typeof json.distinctStates).toBe("number");
  });

  it("an interrupt stops a search on workers, which report the counts they reached", async () => {
    const loaded = await loadModel(LARGE);
    const budget = new Budget();
    let workersSeen = false;
    const report = await checkModelAsync(loaded, {
      workers: 2,
      budget,
      onProgress: (progress) => {
        // Once the workers have taken the search over, and found some states.
        if ((progress.workers ?? 1) > 1 && progress.distinctStates > 0 && !workersSeen) {
          workersSeen = true;
          budget.request("interrupt");
        }
      },
    });
    expect(workersSeen).toBe(true);
    expect(report.result).toMatchObject({ verdict: "incomplete", limit: "interrupt", workers: 2 });
    expect(report.result.distinctStates).toBeGreaterThan(0);
    expect(report.result.distinctStates).toBeLessThan(8_220_065);
  });

  it("an interrupt in the liveness phase says what is known", async () => {
    const loaded = await loadModel("models/liveness/one-proposer.synod");
    const system = buildSystem(loaded);
    const budget = new Budget();
    const options = exploreOptions(loaded, system, { budget });
    const result = explore(system, {
      ...options,
      // Its last report comes when every state is known, before the liveness check.
      onProgress: (progress) => {
        if (progress.queued === 0) budget.request("interrupt");
      },
    });
    expect(result).toMatchObject({ verdict: "incomplete", limit: "interrupt", inLiveness: true });
    const whole = explore(system, exploreOptions(loaded, system, {}));
    expect(result.distinctStates).toBe(whole.distinctStates);
  });
});

describe("limits that always hold", () => {
  const model = (acceptors: number, extra = ""): string => {
    const dir = mkdtempSync(join(tmpdir(), "synod-limits-"));
    const file = join(dir, "big.synod");
    writeFileSync(
      file,
      `model big {\n  protocol paxos\n  acceptors ${acceptors}\n  proposers 2\n  values a, b\n  faults { drop 1; crash 1 acceptor }\n${extra}}\n`,
    );
    return file;
  };

  it("12 interchangeable acceptors (479,001,600 renamings) stop at the time limit", () => {
    const run = spawnSync(
      process.execPath,
      [
        ...SYNOD,
        "check",
        model(12, "  symmetry acceptors\n"),
        "--max-seconds",
        "2",
        "--max-memory",
        "500",
        "--no-tui",
      ],
      { encoding: "utf8" },
    );
    expect(run.status).toBe(3);
    expect(run.stdout).toContain(
      "! Incomplete: the search reached the time limit before it had seen every state.",
    );
    expect(run.stderr).toBe("");
  });

  it("1,000 acceptors (each state costly) stop at the time limit", () => {
    const run = spawnSync(
      process.execPath,
      [...SYNOD, "check", model(1000), "--max-seconds", "2", "--no-tui"],
      { encoding: "utf8" },
    );
    expect(run.status).toBe(3);
    expect(run.stdout).toContain("the search reached the time limit");
  });

  it("an allocation that fails ends the search as its memory limit", () => {
    const system = {
      initialStates: () => [new Int32Array([0])],
      successors: (state: Int32Array, emit: (a: number, w: Int32Array, l: number) => void) => {
        if (state[0]! > 20) throw new RangeError("Array buffer allocation failed");
        emit(0, Int32Array.of(state[0]! + 1), 1);
      },
      invariants: [],
    };
    const result = explore(system as never);
    expect(result).toMatchObject({ verdict: "incomplete", limit: "memory", distinctStates: 22 });
  });
});

describe("nothing overwritten that synod did not make", () => {
  const folder = () => mkdtempSync(join(tmpdir(), "synod-out-"));

  it("--out-itf refuses an existing file unless --force, and a model file always", async () => {
    const dir = folder();
    const trace = join(dir, "trace.itf.json");
    writeFileSync(trace, "mine");
    const refused = await run("check", "models/variants/no-adopt.synod", "--out-itf", trace);
    expect(refused.code).toBe(2);
    expect(refused.err).toBe(
      `synod: --out-itf ${trace}: the file exists, and synod does not replace a file unless told to\n  hint: give a new name, or add --force to replace it.\n`,
    );
    expect(readFileSync(trace, "utf8")).toBe("mine");
    const forced = await run(
      "check",
      "models/variants/no-adopt.synod",
      "--out-itf",
      trace,
      "--force",
    );
    expect(forced.code).toBe(1);
    expect(JSON.parse(readFileSync(trace, "utf8"))["#meta"].format).toBe("ITF");

    const model = "models/variants/no-adopt.synod";
    const before = readFileSync(model, "utf8");
    const onModel = await run("check", model, "--out-itf", model, "--force");
    expect(onModel.code).toBe(2);
    expect(onModel.err).toBe(
      `synod: --out-itf ${model}: synod never writes over a model file\n  hint: give the output a name of its own, e.g. counterexample.itf.json.\n`,
    );
    expect(readFileSync(model, "utf8")).toBe(before);
  });

  it("--out-itf in a folder that does not exist is refused before the search", async () => {
    const { code, err, out } = await run(
      "check",
      "models/paxos-one-ballot.synod",
      "--out-itf",
      "/nonexistent/trace.itf.json",
    );
    expect(code).toBe(2);
    // Refused before the model was read: not even its header was printed.
    expect(out).toBe("");
    expect(err).toBe(
      "synod: --out-itf /nonexistent/trace.itf.json: the folder /nonexistent does not exist\n  hint: create it first, or give a path in a folder that exists.\n",
    );
  });

  it("docs --out writes into a new, empty or synod-made folder only", async () => {
    const dir = folder();
    writeFileSync(join(dir, "README.md"), "my own notes");
    const refused = await run("docs", "models/variants/no-adopt.synod", "--out", dir);
    expect(refused.code).toBe(2);
    expect(refused.err).toBe(
      `synod: --out ${dir}: the folder holds files synod did not write (README.md)\n  hint: give a new or empty folder; synod writes generated docs only where it made them.\n`,
    );
    expect(readFileSync(join(dir, "README.md"), "utf8")).toBe("my own notes");

    const fresh = join(folder(), "docs", "invariants");
    expect((await run("docs", "models/variants/no-adopt.synod", "--out", fresh)).code).toBe(0);
    expect(existsSync(join(fresh, ".synod-docs"))).toBe(true);
    // A file of the user's beside synod's survives a regeneration; a page synod no longer
    // writes is removed.
    writeFileSync(join(fresh, "notes.md"), "mine");
    writeFileSync(
      join(fresh, ".synod-docs"),
      readFileSync(join(fresh, ".synod-docs"), "utf8") + "paxos.old-page.md\n",
    );
    writeFileSync(join(fresh, "paxos.old-page.md"), "stale");
    expect((await run("docs", "models/variants/no-adopt.synod", "--out", fresh)).code).toBe(0);
    expect(readFileSync(join(fresh, "notes.md"), "utf8")).toBe("mine");
    expect(existsSync(join(fresh, "paxos.old-page.md"))).toBe(false);
  });

  it("docs --out never replaces a page synod did not write", async () => {
    const dir = join(folder(), "out");
    mkdirSync(dir);
    writeFileSync(join(dir, ".synod-docs"), "# Written by `synod docs`\n");
    writeFileSync(join(dir, "README.md"), "my own notes");
    const { code, err } = await run("docs", "models/variants/no-adopt.synod", "--out", dir);
    expect(code).toBe(2);
    expect(err).toBe(
      `synod: --out ${dir}: synod would replace README.md, which it did not write\n  hint: move those files, or give another folder.\n`,
    );
  });
});

describe("user-caused faults are user errors", () => {
  const file = (name: string, text: string): string => {
    const path = join(mkdtempSync(join(tmpdir(), "synod-trace-")), name);
    writeFileSync(path, text);
    return path;
  };

  it("a malformed or foreign trace is refused with exit 2 and the file's name", async () => {
    const cases: [string, string][] = [
      ["[1, 2", "not a trace: the file is not JSON"],
      ['{"vars": []}', 'not an ITF trace: `#meta.format` should be "ITF"'],
      [
        '{"#meta": {"format": "ITF"}, "vars": [], "states": [{}]}',
        "this ITF trace was not written by synod: `#meta.synod` is missing (synod reads the traces it writes with --out-itf)",
      ],
      [
        '{"#meta": {"format": "ITF", "synod": 1}, "vars": [], "states": [{}]}',
        "this trace is in synod's ITF version 1, and this synod reads version 2; write it again with this synod's --out-itf",
      ],
      [
        '{"#meta": {"format": "ITF", "synod": 2, "roles": {"a1": "acceptor"}, "source": "m", "description": "", "violated": null}, "vars": ["a1", "network", "budget", "history"], "states": [{"#meta": {"action": "x", "shown": {"nodes": {}, "network": [], "history": []}}, "a1": 5, "network": [], "budget": {"drop": {"#bigint": "0"}, "duplicate": {"#bigint": "0"}, "crash": {"#bigint": "0"}, "restart": {"#bigint": "0"}}, "history": []}]}',
        "states[0].a1 is not a node ({crashed, state})",
      ],
    ];
    for (const [text, problem] of cases) {
      const trace = file("t.itf.json", text);
      const { code, out, err } = await run("trace", trace);
      expect(code).toBe(2);
      expect(out).toBe("");
      expect(err.startsWith(`${trace}: error: ${problem}`)).toBe(true);
    }
    const missing = await run("trace", "/nonexistent/t.itf.json");
    expect(missing.err).toBe(
      "/nonexistent/t.itf.json: error: cannot read the trace: no such file\n",
    );
  });

  it("a variant file anywhere on disk that throws is the user's error, at its line", () => {
    // The model in one folder, its variant in another.
    const root = mkdtempSync(join(tmpdir(), "synod-user-"));
    writeFileSync(join(root, "package.json"), '{ "type": "module" }\n');
    mkdirSync(join(root, "models"));
    mkdirSync(join(root, "lib"));
    writeFileSync(join(root, "lib", "boom.ts"), readFileSync("test/fixtures/throwing/boom.ts"));
    writeFileSync(
      join(root, "models", "m.synod"),
      'model m {\n  protocol paxos\n  variant "../lib/boom.ts"\n  acceptors 3\n  proposers 1\n  values a\n}\n',
    );
    const run = spawnSync(
      process.execPath,
      [join(process.cwd(), "bin/synod.js"), "check", "models/m.synod", "--no-tui"],
      { encoding: "utf8", cwd: root },
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      "lib/boom.ts:9:13: error: the model's TypeScript code threw: not implemented yet\n  hint: fix the protocol or variant file; synod runs its handlers on every state it explores.\n",
    );
  });

  it("a rule of the user's that never returns is stopped by --max-seconds", () => {
    const run = spawnSync(
      process.execPath,
      [...SYNOD, "check", "test/fixtures/looping/spin.synod", "--max-seconds", "1", "--no-tui"],
      { encoding: "utf8" },
    );
    expect(run.status).toBe(3);
    expect(run.stdout).toContain(
      "! Incomplete: the search reached the time limit before it had seen every state.\n  A step was still running when the search had to stop (the model's own code, looping?); it was abandoned, and the counts are the last ones reported.\n",
    );
  });

  it("a worker abandoned at the memory limit is not blamed on the model's code", async () => {
    const loaded = await loadModel("models/variants/vote-without-promise.synod");
    const report = checkModel(loaded);
    const stopped = { ...report, result: abandonedResult("memory", null, 1) };
    expect(renderText(stopped, "steps", false).split("\n").slice(0, 3)).toEqual([
      "! Incomplete: the search reached the memory limit before it had seen every state.",
      "  A worker did not answer in time when the search had to stop (short of memory itself); it was abandoned, and the counts are the last ones reported.",
      "  No invariant was violated in the states it saw.",
    ]);
  });

  it("synod's own faults print one line and a hint; --debug prints the stack", () => {
    let printed = "";
    const complain = (text: string) => (printed = text);
    // Thrown in synod's own code (a frame in src/), not in a file of the user's.
    const bug = new Error("a bug\nmore");
    bug.stack = `Error: a bug\nmore\n    at search (${join(process.cwd(), "src/check/explorer.ts")}:10:5)`;
    expect(reportFailure(bug, complain, false)).toBe(4);
    expect(printed).toBe(
      "synod: internal error: a bug\n  hint: this is synod's fault, not yours; run again with --debug for the stack, and report it.",
    );
    expect(reportFailure(bug, complain, true)).toBe(4);
    expect(printed).toBe(`synod: internal error: ${bug.stack}`);
  });
});

describe("checkpoint and resume from the command line", () => {
  it("the 8,220,065-state model, interrupted part way, resumes to the same counts", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "synod-resume-")), "run");
    // Once the header is out, the search has begun.
    const stopped = await interrupted(
      ["check", LARGE, "--no-tui", "--checkpoint", dir],
      "SIGINT",
      "checking agreement",
    );
    expect(stopped.code).toBe(130);
    expect(stopped.out).toContain(`: go on with \`synod check ${LARGE} --resume ${dir}\``);
    expect(stopped.err).toMatch(
      /synod: checkpoint written to .*run \([\d,]+ states, depth \d+\)\.\n/,
    );
    const resumed = spawnSync(
      process.execPath,
      [...SYNOD, "check", LARGE, "--resume", dir, "--json"],
      {
        encoding: "utf8",
      },
    );
    expect(resumed.status).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({
      verdict: "ok",
      distinctStates: 8_220_065,
      generatedStates: 67_903_141,
      depth: 33,
      checkpoint: null,
    });
    expect(resumed.stderr).toMatch(
      /^synod: resuming from .*run: [\d,]+ states found, at depth \d+, written /,
    );
  });

  it("refuses to resume another model's checkpoint, and to write into a folder of other files", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "synod-resume-")), "run");
    const stopped = await interrupted(
      ["check", LARGE, "--no-tui", "--checkpoint", dir, "--workers", "1"],
      "SIGTERM",
      "checking agreement",
    );
    expect(stopped.code).toBe(143);
    const other = await run("check", "models/paxos-one-ballot.synod", "--resume", dir);
    expect(other.code).toBe(2);
    expect(other.err).toBe(
      `synod: --resume ${dir}: the checkpoint is of another model (${LARGE}, or it, its code or --exact changed since)\n  hint: resume a checkpoint with the model and options that wrote it; or run the check again.\n`,
    );
    const mine = mkdtempSync(join(tmpdir(), "synod-mine-"));
    writeFileSync(join(mine, "notes.txt"), "mine");
    const refused = await run("check", "models/paxos-one-ballot.synod", "--checkpoint", mine);
    expect(refused.code).toBe(2);
    expect(refused.err).toBe(
      `synod: --checkpoint ${mine}: it holds files that are not synod's checkpoint (notes.txt)\n  hint: give a new or empty folder, or one that holds only a checkpoint (it is replaced).\n`,
    );
  });
});
