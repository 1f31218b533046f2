/** The `synod` command line: the usage, and each subcommand's module. */
import { readFileSync } from "node:fs";
import { projectPath, RUNNING_COMPILED } from "../runtime/compiled.ts";
import { EXIT } from "./failure.ts";

export { EXIT } from "./failure.ts";

const USAGE = `synod: a model checker for Paxos

Usage:
  synod check FILE [options]   check every reachable state of the model in FILE
  synod check FILE... | DIR [options]
                               check several models (every .synod file under DIR), as many
                               at a time as there are cores (--workers N), and print one
                               table (--json: an array); the exit code is the worst run's
  synod simulate FILE [options]
                               take seeded random walks through the model, for one too big
                               to check: finds violations (shortened), proves nothing
  synod explore FILE [--trace T.itf.json]
                               step through the model by hand in the terminal, or along a trace
  synod trace FILE [--msc]     show a saved ITF trace (written by check --out-itf): in the
                               viewer in a terminal, as text otherwise; --out-svg OUT draws
                               its message sequence chart to OUT instead
  synod docs MODELS... --out DIR
                               check the models and write the invariant reference to DIR (a
                               new or empty folder, or one synod wrote before)
  synod init [DIR]             start a project in DIR (default: here): a model, a variant with
                               every rule written out to edit, a package.json and a README
  synod bench [FOLDER]         check every model in FOLDER (default models/bench), one process
                               each, and print a table of counts, speed and memory
  synod --help, synod help     show this help
  synod --version, -V          show the version, and whether the compiled copy runs

Options for check:
  --json              print the result as one JSON object
  --no-tui            plain text even in a terminal (no live progress panel)
  --max-states N      stop after N distinct states (overrides the model's limits)
  --max-depth N       explore no deeper than N states (overrides the model's limits)
  --max-memory MB     stay under MB megabytes of memory: on one thread, moving the visited
                      states and the frontier to disk when they outgrow it (slower, the same
                      counts); stop only if that is not enough
  --max-seconds S     stop after S seconds (how far does it get in a minute?); both limits
                      count from the start of the check and hold in every phase
  --msc               print the counterexample as a message sequence chart
  --out-itf FILE      also write the counterexample to FILE in the ITF trace format (a new
                      file: an existing one only with --force, a .synod file never)
  --out-svg FILE      also draw the counterexample's message sequence chart to FILE as an
                      SVG (a new file, as for --out-itf)
  --force             let --out-itf or --out-svg replace an existing file
  --exact             store whole states, not 64-bit fingerprints (more memory; no collisions)
  --checkpoint DIR    keep the search's progress in DIR: every 10 minutes, and when a time
                      limit or Ctrl-C stops it (a new or empty folder, or one with a checkpoint)
  --checkpoint-every MINUTES
                      how often to write the checkpoint (default 10)
  --resume DIR        go on from the checkpoint in DIR (of this model, by this synod), and
                      keep checkpointing there
  --workers N         search on N threads (default: the number of cores; a model with a
                      liveness property, or done within about a second, is searched on one)
  --self-check        instead of checking, check what the protocol declares only for speed
                      (messages ignored forever, what properties read, symmetry) against
                      the protocol without each reduction, on the first 20,000 states (or
                      --max-states N); exit code 1 if a declaration is wrong
  --expect            a run that is what its model's \`expect\` block says exits 0, even
                      with a violation (in a batch, the rows that are not decide)
  --witness NAME      instead of checking, print a shortest trace to a state where the
                      model's \`reachable NAME\` holds (exit code 0; 1 if none is reachable)
  --continue          after a violation, check again without the property violated, until
                      nothing more is: every violated property with its own shortest
                      counterexample (plain text; --out-itf and --out-svg take the first)
  --coverage          count the transitions the search explores by action, role and message
                      (enabled in how many states, taken, leading to a new state), and name
                      each local action a node never takes (searches on one thread)
  --explore-drops     lose messages in the search even where a lost message can be searched
                      as one never delivered (same verdicts and shortest traces, fewer states)
  --no-typecheck      run the model's TypeScript files (protocol, variant and the files of
                      yours they import) without type-checking them first (by default a
                      type error stops the check, exit code 2)

Options for simulate:
  --seed N            the seed the walks are drawn from (default: a random one, printed)
  --runs N            take walks 0 to N-1 (default 10,000; with --max-seconds, until then)
  --run K             take walk K of the seed alone (to replay the one a simulation reported)
  --max-steps N       the most steps one walk takes (default 100)
  --max-seconds S     stop after S seconds
  --max-memory MB     stop when the process uses more than MB megabytes of memory
  --no-swarm          every transition equally likely (by default each walk draws its own
                      weights over kinds of action and nodes: swarm verification)
  --workers N         walk on N threads (default: one per core)
  --shard I/N         take only the I-th of N slices of the walks (walk k when k mod N is
                      I-1), to spread one simulation over N machines
  --merge FILE...     instead, combine the --json results of a simulation's shards
                      (\`synod simulate --merge shard-*.json\`)
  --json, --no-tui, --msc, --out-itf FILE, --force, --no-typecheck
                      as for check

Options for every command:
  --debug             on an internal error (exit code 4), print its stack

Options for bench:
  --out FILE          also write the table, with the date, machine and command, to FILE
                      (a new file or one bench wrote; another only with --force)
  --chart FILE        also draw the distinct states per second of every run as an SVG
                      chart in FILE (linked from --out's file when both are given)

Exit codes:
  0  every invariant holds in every reachable state
  1  an invariant is violated (the shortest counterexample is printed)
  2  a mistake in the model file or on the command line
  3  a limit (states, depth, memory or time) stopped the search before it saw every state
  4  an internal error in synod
  5  the result is not what the model's \`expect\` block says (the differences are printed)
  130, 143  Ctrl-C (SIGINT) or SIGTERM stopped the check (what it saw is printed)
  simulate exits with 0 when no walk broke a property (even if a limit stopped it), 1 when one
  did, and 2, 4, 130 and 143 as above.

Examples:
  synod check models/paxos.synod
  synod check models/variants/no-adopt.synod --json
  synod simulate models/variants/forget-promise.synod --seed 2`;

/** Where the CLI writes: process.stdout and process.stderr, or a test's buffers. */
export interface Output {
  write(text: string): unknown;
}

/** The subcommands, each in a module of its own, loaded when used. */
const COMMANDS: Record<
  string,
  () => Promise<(args: readonly string[], out: Output, err: Output) => number | Promise<number>>
> = {
  check: async () => (await import("./check.ts")).check,
  simulate: async () => (await import("./simulate.ts")).simulate,
  explore: async () => (await import("./trace.ts")).explore,
  trace: async () => (await import("./trace.ts")).trace,
  docs: async () => (await import("./docs.ts")).docs,
  init: async () => (await import("./init.ts")).init,
  bench: async () => (await import("./bench.ts")).bench,
};

/** Runs the CLI with the given arguments; returns the exit code. */
export async function main(
  argv: readonly string[],
  out: Output = process.stdout,
  err: Output = process.stderr,
): Promise<number> {
  const print = (text: string) => out.write(text + "\n");
  const complain = (text: string) => err.write(text + "\n");
  const [first, ...rest] = argv;
  if (first === "--version" || first === "-V" || first === "version") {
    const pkg = JSON.parse(readFileSync(projectPath("package.json"), "utf8"));
    // Which copy runs (bin/synod.js): the compiled one while it matches the sources.
    print(`synod ${pkg.version} (${RUNNING_COMPILED ? "compiled copy" : "TypeScript sources"})`);
    return EXIT.ok;
  }
  if (first === "--help" || first === "-h" || first === "help") {
    print(USAGE);
    return EXIT.ok;
  }
  if (first === undefined) {
    complain(USAGE);
    return EXIT.usage;
  }
  const command = COMMANDS[first];
  if (command === undefined) {
    complain(
      first.startsWith("-")
        ? `synod: ${first} comes after a command, e.g. \`synod check FILE ${first}\`.\n  hint: the commands: ${Object.keys(COMMANDS).join(", ")}; \`synod --help\` lists their options.`
        : `synod: unknown command \`${first}\`. Run \`synod --help\` for the commands.`,
    );
    return EXIT.usage;
  }
  // `synod check --help`: the usage, which lists every command's options.
  if (rest.includes("--help") || rest.includes("-h")) {
    print(USAGE);
    return EXIT.ok;
  }
  return (await command())(rest, out, err);
}
