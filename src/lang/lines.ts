/** The checks of single-line fields, each on its own: counts, names, ballots, symmetry, network. */
import type { NetworkSemantics } from "../core/model.ts";
import { LARGEST_COUNT, type Fail } from "./fields.ts";
import { didYouMean } from "./suggest.ts";
import type { Entry } from "./syntax.ts";

const NETWORKS: readonly NetworkSemantics[] = ["unordered", "set"];
const SYMMETRIES = ["acceptors", "values", "replicas"];

/** A role's count (or `slots`): at least 1 (learners: 0), at most {@link LARGEST_COUNT}. */
export function checkCount(entry: Entry & { kind: "count" }, fail: Fail): void {
  const minimum = entry.role === "learners" ? 0 : 1;
  if (entry.count.value < minimum) {
    fail(
      `a model needs at least ${minimum} ${entry.role.slice(0, -1)}, not ${entry.count.value}`,
      entry.count.span,
      entry.role === "acceptors" || entry.role === "replicas"
        ? `Paxos needs ${entry.role} to form a quorum; three is the usual smallest interesting count.`
        : entry.role === "proposers"
          ? "with no proposer nothing is ever proposed; use `proposers 1` or more."
          : entry.role === "learners"
            ? "use `learners 0` or more."
            : `use \`${entry.role} 1\` or more.`,
    );
  }
  if (entry.count.value > LARGEST_COUNT) {
    fail(
      `${entry.count.value} ${entry.role} is more than synod models: at most ${LARGEST_COUNT.toLocaleString("en-US")}`,
      entry.count.span,
      "every state holds each node and every step tries each one; a handful is what a model checker can search.",
    );
  }
}

/** The commands clients submit: at least one, each named once. */
export function checkCommands(entry: Entry & { kind: "commands" }, fail: Fail): void {
  if (entry.commands.length === 0) {
    fail(
      "the command list is empty",
      entry.span,
      "name the commands clients submit, e.g. `commands x, y`.",
    );
  }
  const names = new Set<string>();
  for (const command of entry.commands) {
    if (names.has(command.text)) {
      fail(
        `command \`${command.text}\` is listed twice`,
        command.span,
        "each command is named once.",
      );
    }
    names.add(command.text);
  }
}

/** Clients' operations: at least one client, each named once, each with an operation. */
export function checkOperations(entry: Entry & { kind: "operations" }, fail: Fail): void {
  if (entry.clients.length === 0) {
    fail(
      "the operations block is empty",
      entry.span,
      "give each client's operations on a line, e.g. `operations { c1: put x 1, get x }`.",
    );
  }
  const names = new Set<string>();
  for (const line of entry.clients) {
    if (names.has(line.client.text)) {
      fail(
        `client \`${line.client.text}\` has two lines of operations`,
        line.client.span,
        "give each client's operations on one line, in the order it calls them.",
      );
    }
    names.add(line.client.text);
    if (line.operations.length === 0) {
      fail(
        `client \`${line.client.text}\` has no operations`,
        line.span,
        `give it one or more, e.g. \`${line.client.text}: put x 1, get x\`.`,
      );
    }
  }
}

/** The values proposers propose: at least one, each named once. */
export function checkValues(entry: Entry & { kind: "values" }, fail: Fail): void {
  if (entry.values.length === 0) {
    fail(
      "the value set is empty",
      entry.span,
      "name the values proposers propose, e.g. `values a, b` (p1 proposes a, p2 proposes b).",
    );
  }
  const names = new Set<string>();
  for (const value of entry.values) {
    if (names.has(value.text)) {
      fail(`value \`${value.text}\` is listed twice`, value.span, "each value is named once.");
    }
    names.add(value.text);
  }
}

/** Ballot counts: at least one ballot each. */
export function checkBallots(entry: Entry & { kind: "ballots" }, fail: Fail): void {
  for (const count of entry.counts) {
    if (count.value < 1) {
      fail(
        `a proposer needs at least 1 ballot, not ${count.value}`,
        count.span,
        "with no ballot a proposer can never propose; use `ballots 1 per proposer` or more.",
      );
    }
  }
}

/** A ballot range: `0..B` with B at least 0. */
export function checkRange(entry: Entry & { kind: "ballot-range" }, fail: Fail): void {
  if (entry.low.value !== 0) {
    fail(
      `ballot numbers start at 0, not ${entry.low.value}`,
      entry.low.span,
      "write the range as `ballots 0..B`, as TLA+ specifications do.",
    );
  }
  if (entry.high.value < 0) {
    fail(
      `the highest ballot cannot be negative (${entry.high.value})`,
      entry.high.span,
      "`ballots 0..1` allows ballots 0 and 1.",
    );
  }
}

/** `symmetry`: known names, each once, at least one. */
export function checkSymmetry(
  entry: Entry & { kind: "symmetry" },
  fail: Fail,
  protocolNames: readonly string[],
): void {
  // The built-in words, and what the model's protocol calls its interchangeable nodes.
  const known = [...new Set([...SYMMETRIES, ...protocolNames])];
  const given = new Set<string>();
  for (const name of entry.names) {
    if (!known.includes(name.text)) {
      fail(
        `unknown symmetry \`${name.text}\``,
        name.span,
        didYouMean(name.text, known, "symmetries"),
      );
    }
    if (given.has(name.text)) {
      fail(`\`${name.text}\` is listed twice`, name.span, "list each once.");
    }
    given.add(name.text);
  }
  if (entry.names.length === 0) {
    fail(
      "`symmetry` names nothing",
      entry.span,
      "write `symmetry acceptors`, `symmetry values` or `symmetry acceptors, values`.",
    );
  }
}

/** The network semantics: one synod implements. */
export function checkNetwork(entry: Entry & { kind: "network" }, fail: Fail): NetworkSemantics {
  const name = entry.semantics.text;
  if (name === "ordered") {
    fail(
      "the `ordered` (FIFO per channel) network is not implemented yet",
      entry.semantics.span,
      "use `network unordered` (a multiset) or `network set` (messages stay deliverable).",
    );
  }
  if (!(NETWORKS as readonly string[]).includes(name)) {
    fail(
      `unknown network semantics \`${name}\``,
      entry.semantics.span,
      didYouMean(name, NETWORKS, "network semantics"),
    );
  }
  return name as NetworkSemantics;
}
