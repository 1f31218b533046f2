/**
 * Turns a {@link SyntaxTree} into a {@link Model}: checks every field's shape and range, fills
 * in defaults, and reports the first mistake as a {@link ModelError} at the offending text.
 * Names that depend on the protocol (which variants and invariants exist) are checked later, in
 * load.ts, once the protocol is known.
 */
import { lineAndColumn, ModelError, type Span } from "./errors.ts";
import type {
  Assumption,
  Fairness,
  FaultBudget,
  Model,
  NameRef,
  NetworkSemantics,
  QuorumSpec,
} from "../core/model.ts";
import type { ModelShape } from "../core/protocol.ts";
import { factorial } from "../core/permutations.ts";
import { didYouMean } from "./suggest.ts";
import type { Entry, FaultKind, Int, Name, SyntaxTree, Unrecognised } from "./syntax.ts";

/** Every top-level field, with the form it takes (used in hints). */
export const FIELD_USAGE: Readonly<Record<string, string>> = {
  protocol: '`protocol paxos` (or a file: `protocol "./my-protocol.ts"`)',
  variant: '`variant no-adopt` (or a file: `variant "./my-variant.ts"`)',
  acceptors: "`acceptors 3`",
  proposers: "`proposers 2`",
  learners: "`learners 1`",
  values: "`values a, b` (one per proposer) or `values any of a, b`",
  ballots: "`ballots 2 per proposer`, `ballots 2, 1` (one count per proposer) or `ballots 0..1`",
  network: "`network unordered` or `network set`",
  faults: "`faults { drop 1; duplicate 1; crash 1 acceptor; restart 1 proposer }`",
  check: "`check agreement, validity, eventually decided`",
  fairness: "`fairness weak deliver, strong recover`",
  assume: "`assume faults stop, leader p1`",
  retry: "`retry resend`",
  quorums: "`quorums majority`, `quorums phase1 3, phase2 2` or `quorums a1 a2, a2 a3, a1 a3`",
  replicas: "`replicas 3` (replicated-log protocols)",
  clients: "`clients 2` (replicated-log protocols)",
  commands: "`commands x, y` (replicated-log protocols)",
  slots: "`slots 2` (replicated-log protocols)",
  symmetry: "`symmetry acceptors, values` (or `symmetry replicas`)",
  limits: "`limits { states 1000000; depth 40 }`",
};

const FAULT_USAGE: Readonly<Record<string, string>> = {
  drop: "`drop 1` (or `drop unlimited`)",
  duplicate: "`duplicate 1`",
  crash: "`crash 1 acceptor`",
  restart: "`restart 1 proposer`",
};

const LIMIT_USAGE: Readonly<Record<string, string>> = {
  states: "`states 1000000`",
  depth: "`depth 40`",
};

const NETWORKS: readonly NetworkSemantics[] = ["unordered", "set"];

/** Fields a model must give; everything else has a default (spec/language.md). */
const REQUIRED: Readonly<Record<ModelShape, readonly { field: string; example: string }[]>> = {
  actors: [
    { field: "protocol", example: "protocol paxos" },
    { field: "acceptors", example: "acceptors 3" },
    { field: "proposers", example: "proposers 2" },
    { field: "values", example: "values a, b" },
  ],
  "message-set": [
    { field: "protocol", example: "protocol paxos-abstract" },
    { field: "acceptors", example: "acceptors 3" },
    { field: "values", example: "values v1, v2" },
    { field: "ballots", example: "ballots 0..1" },
  ],
  log: [
    { field: "protocol", example: "protocol multipaxos" },
    { field: "replicas", example: "replicas 3" },
    { field: "proposers", example: "proposers 2" },
    { field: "commands", example: "commands x, y" },
    { field: "slots", example: "slots 2" },
  ],
};

/** Fields only replicated-log protocols take, and fields they do not. */
const LOG_ONLY = ["replicas", "clients", "commands", "slots"];
const NOT_FOR_LOG = ["acceptors", "learners", "values"];

/** The command a new leader proposes to fill a gap in the log. */
export const NOOP = "no-op";

const SYMMETRIES = ["acceptors", "values", "replicas"];

/**
 * Validates a parsed model. `shapeOf` says which fields the named protocol takes (built-in
 * protocols are known by name; a protocol file is taken to be actor-style).
 */
export function validate(
  tree: SyntaxTree,
  file: string,
  source: string,
  shapeOf: (protocol: NameRef) => ModelShape = () => "actors",
): Model {
  const fail = (message: string, span: Span | null, hint: string | null): never => {
    throw new ModelError(message, span, hint, file, source);
  };

  // Each field at most once; remember where it was first given.
  const seen = new Map<string, Entry>();
  const once = (field: string, entry: Entry): void => {
    const first = seen.get(field);
    if (first !== undefined) {
      const { line } = lineAndColumn(source, first.span.start);
      fail(
        `\`${field}\` is given twice`,
        entry.key.span,
        `it was first given on line ${line}; keep one of the two.`,
      );
    }
    seen.set(field, entry);
  };

  let protocol: NameRef | null = null;
  let variant: NameRef | null = null;
  const counts: Record<string, number | undefined> = {};
  let values: readonly string[] | null = null;
  let commands: readonly string[] | null = null;
  let valueChoice: "each" | "any" = "each";
  let valuesEntry: Entry | null = null;
  let ballotsEntry: (Entry & { kind: "ballots" }) | null = null;
  let rangeEntry: (Entry & { kind: "ballot-range" }) | null = null;
  let symmetryEntry: (Entry & { kind: "symmetry" }) | null = null;
  let network: NetworkSemantics = "unordered";
  let networkEntry: Entry | null = null;
  const faults: Record<FaultKind, number> = { drop: 0, duplicate: 0, crash: 0, restart: 0 };
  const faultSpans: Partial<Record<FaultKind, Span>> = {};
  let check: NameRef[] | null = null;
  const liveness: NameRef[] = [];
  const fairness: Fairness[] = [];
  const assume: Assumption[] = [];
  let retry = false;
  let quorumsEntry: (Entry & { kind: "quorums" }) | null = null;
  let checkEntry: Entry | null = null;
  let maxStates: number | null = null;
  let maxDepth: number | null = null;

  for (const entry of tree.entries) {
    switch (entry.kind) {
      case "unrecognised":
        unrecognised(entry, FIELD_USAGE, "field", fail);
        break;
      case "protocol":
        once("protocol", entry);
        protocol = nameRef(entry.name);
        break;
      case "variant":
        once("variant", entry);
        variant = nameRef(entry.name);
        break;
      case "count": {
        once(entry.role, entry);
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
        counts[entry.role] = entry.count.value;
        break;
      }
      case "commands": {
        once("commands", entry);
        if (entry.commands.length === 0) {
          fail(
            "the command list is empty",
            entry.span,
            "name the commands clients submit, e.g. `commands x, y`.",
          );
        }
        const names = new Set<string>();
        for (const command of entry.commands) {
          if (command.text === NOOP) {
            fail(
              `\`${NOOP}\` cannot be a client's command`,
              command.span,
              `a new leader fills gaps in the log with \`${NOOP}\`; give the command another name.`,
            );
          }
          if (names.has(command.text)) {
            fail(
              `command \`${command.text}\` is listed twice`,
              command.span,
              "each command is named once.",
            );
          }
          names.add(command.text);
        }
        commands = entry.commands.map((c) => c.text);
        break;
      }
      case "values": {
        once("values", entry);
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
            fail(
              `value \`${value.text}\` is listed twice`,
              value.span,
              "each value is named once.",
            );
          }
          names.add(value.text);
        }
        values = entry.values.map((v) => v.text);
        valueChoice = entry.choice;
        valuesEntry = entry;
        break;
      }
      case "ballots":
        once("ballots", entry);
        for (const count of entry.counts) {
          if (count.value < 1) {
            fail(
              `a proposer needs at least 1 ballot, not ${count.value}`,
              count.span,
              "with no ballot a proposer can never propose; use `ballots 1 per proposer` or more.",
            );
          }
        }
        ballotsEntry = entry;
        break;
      case "ballot-range":
        once("ballots", entry);
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
        rangeEntry = entry;
        break;
      case "symmetry": {
        once("symmetry", entry);
        const given = new Set<string>();
        for (const name of entry.names) {
          if (!SYMMETRIES.includes(name.text)) {
            fail(
              `unknown symmetry \`${name.text}\``,
              name.span,
              didYouMean(name.text, SYMMETRIES, "symmetries"),
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
        symmetryEntry = entry;
        break;
      }
      case "network": {
        once("network", entry);
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
        network = name as NetworkSemantics;
        networkEntry = entry;
        break;
      }
      case "faults": {
        once("faults", entry);
        const given = new Set<string>();
        for (const fault of entry.faults) {
          if (fault.kind === "unrecognised") {
            unrecognised(fault, FAULT_USAGE, "fault", fail);
            continue;
          }
          if (given.has(fault.fault)) {
            fail(`\`${fault.fault}\` is given twice in \`faults\``, fault.key.span, "keep one.");
          }
          given.add(fault.fault);
          if (fault.count === null && fault.fault !== "drop") {
            fail(
              `only \`drop\` may be unlimited`,
              fault.span,
              `an unlimited ${fault.fault} budget would make the state space infinite; give a count, e.g. \`${fault.fault} 1\`.`,
            );
          }
          if (fault.count !== null) nonNegative(fault.count, `${fault.fault} budget`, fail);
          faultTarget(fault.fault, fault.target, fail);
          faults[fault.fault] = fault.count?.value ?? Infinity;
          faultSpans[fault.fault] = fault.span;
        }
        break;
      }
      case "check": {
        once("check", entry);
        checkEntry = entry;
        if (entry.properties.length === 0) {
          fail(
            "`check` names no invariant",
            entry.span,
            "name at least one, e.g. `check agreement`, or leave the line out to check them all.",
          );
        }
        check = entry.properties.filter((p) => p.eventually === null).map((p) => nameRef(p.name));
        liveness.push(
          ...entry.properties.filter((p) => p.eventually !== null).map((p) => nameRef(p.name)),
        );
        break;
      }
      case "fairness": {
        once("fairness", entry);
        for (const pair of entry.pairs) {
          const strength = pair.first.text;
          if (strength !== "weak" && strength !== "strong") {
            fail(
              `unknown fairness \`${strength}\``,
              pair.first.span,
              `write \`weak ${pair.second.text}\` (taken if enabled continuously) or \`strong ${pair.second.text}\` (taken if enabled infinitely often).`,
            );
          }
          const earlier = fairness.find((f) => f.action.name === pair.second.text);
          if (earlier !== undefined) {
            fail(
              `\`${pair.second.text}\` is given a fairness twice`,
              pair.second.span,
              "give each kind of action one fairness, weak or strong.",
            );
          }
          fairness.push({ strength: strength as "weak" | "strong", action: nameRef(pair.second) });
        }
        break;
      }
      case "assume": {
        once("assume", entry);
        for (const pair of entry.pairs) {
          const form = `${pair.first.text} ${pair.second.text}`;
          if (form === "faults stop") {
            assume.push({ kind: "faults-stop", span: pair.span });
          } else if (pair.first.text === "leader") {
            assume.push({ kind: "leader", node: nameRef(pair.second), span: pair.span });
          } else {
            fail(
              `unknown assumption \`${form}\``,
              pair.span,
              "write `faults stop` (from some point on no fault happens) or `leader p1` (from some point on only p1 starts ballots or retries).",
            );
          }
        }
        break;
      }
      case "quorums":
        once("quorums", entry);
        quorumsEntry = entry;
        break;
      case "retry":
        once("retry", entry);
        if (entry.mode.text !== "resend") {
          fail(
            `unknown retry \`${entry.mode.text}\``,
            entry.mode.span,
            "write `retry resend`: on a timeout a proposer resends its current ballot's requests. Starting a higher ballot is what `ballots N per proposer` allows.",
          );
        }
        retry = true;
        break;
      case "limits": {
        once("limits", entry);
        const given = new Set<string>();
        for (const limit of entry.limits) {
          if (limit.kind === "unrecognised") {
            unrecognised(limit, LIMIT_USAGE, "limit", fail);
            continue;
          }
          if (given.has(limit.limit)) {
            fail(`\`${limit.limit}\` is given twice in \`limits\``, limit.key.span, "keep one.");
          }
          given.add(limit.limit);
          if (limit.count.value < 1) {
            fail(
              `the ${limit.limit} limit must be at least 1, not ${limit.count.value}`,
              limit.count.span,
              "leave the line out for no limit.",
            );
          }
          if (limit.limit === "states") maxStates = limit.count.value;
          else maxDepth = limit.count.value;
        }
        break;
      }
    }
  }

  if (liveness.length === 0) {
    for (const field of ["fairness", "assume"]) {
      const entry = seen.get(field);
      if (entry !== undefined) {
        fail(
          `\`${field}\` only matters to liveness properties, and the model checks none`,
          entry.key.span,
          checkEntry === null
            ? "add a line such as `check eventually decided`, or remove this line."
            : "add a liveness property to `check`, e.g. `eventually decided`, or remove this line.",
        );
      }
    }
  }

  const shape = protocol === null ? "actors" : shapeOf(protocol);
  for (const { field, example } of REQUIRED[shape]) {
    if (!seen.has(field)) {
      fail(
        `the model does not say \`${field}\``,
        tree.header,
        `add a line such as \`${example}\` inside the model's braces.`,
      );
    }
  }
  const protocolName = protocol!.name;
  for (const field of shape === "log" ? NOT_FOR_LOG : LOG_ONLY) {
    const entry = seen.get(field);
    if (entry !== undefined) {
      fail(
        `protocol \`${protocolName}\` has no ${field}`,
        entry.key.span,
        shape === "log"
          ? "its replicas are its acceptors and learners, and clients submit its commands: write `replicas 3` and `commands x, y`."
          : "replicas, clients, commands and slots are for replicated-log protocols such as `multipaxos`; remove the line.",
      );
    }
  }
  if (symmetryEntry !== null) {
    const wrong = symmetryEntry.names.find((n) =>
      shape === "log" ? n.text !== "replicas" : n.text === "replicas",
    );
    if (wrong !== undefined) {
      fail(
        `\`symmetry ${wrong.text}\` does not apply to protocol \`${protocolName}\``,
        wrong.span,
        shape === "log"
          ? "a replicated log's replicas are interchangeable: write `symmetry replicas`."
          : "write `symmetry acceptors` (and `values` where values are interchangeable).",
      );
    }
  }
  const acceptors = counts[shape === "log" ? "replicas" : "acceptors"]!;
  if (symmetryEntry !== null && shape === "message-set") {
    // The message-set protocol lists its group, with each message's image under each renaming.
    const given = symmetryOf(symmetryEntry);
    const renamings =
      factorial(given.acceptors ? acceptors : 1) * factorial(given.values ? values!.length : 1);
    if (renamings > LARGEST_SYMMETRY) {
      fail(
        `this symmetry has ${renamings > 1e15 ? renamings.toExponential(1) : renamings.toLocaleString("en-US")} renamings, more than the message-set protocol represents (at most ${LARGEST_SYMMETRY.toLocaleString("en-US")}, the 8! orderings of 8 nodes: it keeps a table of every message's image under each)`,
        symmetryEntry.span,
        "use fewer interchangeable acceptors or values, or leave `symmetry` out.",
      );
    }
  }

  if (shape === "message-set") {
    // Lamport's message-set specifications: no proposer or learner processes, no fault budget.
    for (const field of ["proposers", "learners", "faults", "retry", "quorums"]) {
      const entry = seen.get(field);
      if (entry !== undefined) {
        fail(
          `protocol \`${protocolName}\` has no ${field}`,
          entry.key.span,
          field === "quorums"
            ? "its quorums are the majorities of Lamport's specification; use `protocol paxos` for other quorum systems."
            : field === "retry"
              ? "it has no proposer processes to retry: any ballot's Phase1a may happen at any time; remove the line."
              : field === "faults"
                ? "its network is a set of all messages ever sent, which already covers loss, duplication and reordering; remove the `faults` block."
                : "it is a message-set specification: any ballot may be started by a Phase1a action and its phase 2a is an action of its own; remove the line.",
        );
      }
    }
    if (networkEntry !== null && network !== "set") {
      fail(
        `protocol \`${protocolName}\` runs on a \`set\` network only`,
        (networkEntry as Entry & { kind: "network" }).semantics.span,
        "write `network set`, or leave the line out.",
      );
    }
    if (rangeEntry === null) {
      fail(
        `protocol \`${protocolName}\` numbers its ballots 0..B`,
        ballotsEntry!.span,
        "write the ballot bound as a range, e.g. `ballots 0..1`.",
      );
    }
    const high = rangeEntry!.high;
    const messages = messageSetSize(acceptors, high.value, values!.length);
    if (messages > LARGEST_MESSAGE_SET) {
      let largest = 0;
      while (messageSetSize(acceptors, largest + 1, values!.length) <= LARGEST_MESSAGE_SET) {
        largest++;
      }
      fail(
        `with ${acceptors} acceptors, ${values!.length} values and ballots 0..${high.value} there are ${messages > 1e15 ? messages.toExponential(1) : messages.toLocaleString("en-US")} possible messages, more than synod represents (${LARGEST_MESSAGE_SET.toLocaleString("en-US")}: a state holds a bit for each)`,
        high.span,
        messageSetSize(acceptors, 0, values!.length) <= LARGEST_MESSAGE_SET
          ? `with these acceptors and values the highest ballot can be at most ${largest}.`
          : "use fewer acceptors or values.",
      );
    }
    return {
      file,
      name: tree.name.text,
      protocol: protocol!,
      variant,
      acceptors,
      proposers: 0,
      learners: 0,
      values: values!,
      valueChoice: "any",
      ballots: [],
      maxBallot: rangeEntry!.high.value,
      log: null,
      network: "set",
      faults: faults,
      check,
      liveness,
      fairness,
      assume,
      retry: false,
      quorums: { kind: "majority" },
      symmetry: symmetryOf(symmetryEntry),
      limits: { maxStates, maxDepth },
      header: tree.header,
      source,
    };
  }

  const log =
    shape === "log"
      ? {
          replicas: acceptors,
          clients: counts["clients"] ?? 1,
          commands: commands!,
          slots: counts["slots"]!,
        }
      : null;
  if (rangeEntry !== null) {
    fail(
      "`ballots 0..B` is for message-set protocols",
      rangeEntry.span,
      `protocol \`${protocolName}\` counts each proposer's ballots: write \`ballots 2 per proposer\`.`,
    );
  }
  const symmetry = symmetryOf(symmetryEntry);
  if (symmetry.values && valueChoice === "each") {
    const name = symmetryEntry!.names.find((n) => n.text === "values")!;
    fail(
      "values are not interchangeable when each proposer has its own",
      name.span,
      `\`values ${values!.join(", ")}\` gives p1 the value ${values![0]}; write \`values any of ${values!.join(", ")}\` to make values interchangeable, or drop \`values\` from \`symmetry\`.`,
    );
  }
  const proposers = counts["proposers"]!;
  const learners = log !== null ? 0 : (counts["learners"] ?? 1);
  if (log === null && valueChoice === "each" && values!.length !== proposers) {
    fail(
      `${proposers} proposer${proposers === 1 ? "" : "s"} but ${values!.length} value${values!.length === 1 ? "" : "s"}`,
      valuesEntry!.span,
      `\`values a, b\` gives one value to each proposer, in order; give exactly ${proposers}, or write \`values any of ${values!.join(", ")}\` to let every proposer propose any of them.`,
    );
  }
  const ballotCounts = ballotsEntry?.counts.map((c) => c.value) ?? [1];
  if (ballotsEntry !== null && !ballotsEntry.perProposer && ballotCounts.length !== proposers) {
    fail(
      `${proposers} proposer${proposers === 1 ? "" : "s"} but ${ballotCounts.length} ballot count${ballotCounts.length === 1 ? "" : "s"}`,
      ballotsEntry.span,
      `\`ballots 2, 1\` gives one count to each proposer, in order; give exactly ${proposers}, or write \`ballots ${ballotCounts[0]} per proposer\`.`,
    );
  }
  const ballots =
    ballotsEntry === null || ballotsEntry.perProposer
      ? Array.from({ length: proposers }, () => ballotCounts[0]!)
      : ballotCounts;
  if (network === "set") {
    for (const fault of ["drop", "duplicate"] as const) {
      if (faults[fault] > 0) {
        fail(
          `a \`${fault}\` budget has no meaning on a \`set\` network`,
          faultSpans[fault]!,
          `on a set network (line ${lineAndColumn(source, networkEntry!.span.start).line}) every sent message stays deliverable forever, which already covers loss, duplication and reordering; remove the \`${fault}\` line.`,
        );
      }
    }
  }

  for (const assumption of assume) {
    if (assumption.kind !== "leader") continue;
    const match = /^p([1-9][0-9]*)$/.exec(assumption.node.name);
    if (match === null || Number(match[1]) > proposers) {
      fail(
        `\`${assumption.node.name}\` is not a proposer of this model`,
        assumption.node.span,
        `the proposers are ${Array.from({ length: proposers }, (_, i) => `p${i + 1}`).join(", ")}; the leader is one of them.`,
      );
    }
  }

  const quorums = quorumSpec(quorumsEntry, log === null ? "a" : "r", acceptors, fail);

  const budget: FaultBudget = faults;
  return {
    file,
    name: tree.name.text,
    protocol: protocol!,
    variant,
    acceptors,
    proposers,
    learners,
    values: values ?? [],
    valueChoice,
    ballots,
    maxBallot: null,
    log,
    network,
    faults: budget,
    check,
    liveness,
    fairness,
    assume,
    retry,
    quorums,
    symmetry,
    limits: { maxStates, maxDepth },
    header: tree.header,
    source,
  };
}

/**
 * The quorum system a `quorums` line gives, checked: sizes between 1 and the number of acceptors,
 * sets of known acceptors, and (unless `unchecked`) every phase-1 quorum meeting every phase-2
 * quorum, which is what makes two chosen values impossible (Flexible Paxos).
 */
function quorumSpec(
  entry: (Entry & { kind: "quorums" }) | null,
  prefix: string,
  n: number,
  fail: Fail,
): QuorumSpec {
  if (entry === null || entry.quorums.kind === "majority") return { kind: "majority" };
  const q = entry.quorums;
  const who = prefix === "a" ? "acceptors" : "replicas";
  const ids = Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);
  const show = (set: readonly string[]) => `{${set.join(", ")}}`;
  const disjoint = (one: readonly string[], two: readonly string[]): never =>
    fail(
      q.kind === "sizes"
        ? `the phase-1 quorum ${show(one)} and the phase-2 quorum ${show(two)} do not intersect`
        : `the quorums ${show(one)} and ${show(two)} do not intersect`,
      entry.span,
      `a value chosen by one and a ballot started with the other need not meet, so two values can be chosen. Every phase-1 quorum must share one of the ${who} with every phase-2 quorum (Flexible Paxos${q.kind === "sizes" ? `: phase1 + phase2 > ${n}` : ""}); add \`unchecked\` at the end of the line to explore these quorums anyway.`,
    );
  if (q.kind === "sizes") {
    for (const size of [q.phase1, q.phase2]) {
      if (size.value < 1 || size.value > n) {
        fail(
          `a quorum of ${size.value} out of ${n} ${who}`,
          size.span,
          `a quorum size is between 1 and ${n}.`,
        );
      }
    }
    const spec = { kind: "sizes", phase1: q.phase1.value, phase2: q.phase2.value } as const;
    if (entry.unchecked === null && spec.phase1 + spec.phase2 <= n) {
      disjoint(ids.slice(0, spec.phase1), ids.slice(n - spec.phase2));
    }
    return spec;
  }
  for (const set of q.sets) {
    for (const name of set) {
      if (!ids.includes(name.text)) {
        fail(
          `\`${name.text}\` is not one of the ${who}`,
          name.span,
          `the ${who} are ${ids.join(", ")}.`,
        );
      }
    }
  }
  const sets = q.sets.map((set) => [...new Set(set.map((name) => name.text))].sort());
  if (entry.unchecked === null) {
    for (const one of sets) {
      for (const two of sets) {
        if (!one.some((a) => two.includes(a))) disjoint(one, two);
      }
    }
  }
  return { kind: "sets", sets };
}

/** At most this many nodes of a role (and slots): more is beyond what a search can cover. */
export const LARGEST_COUNT = 1000;
/**
 * At most this many renamings in a message-set protocol's symmetry group (8!): it keeps a table
 * of every message's image under each.
 */
export const LARGEST_SYMMETRY = 40_320;
/** At most this many messages in a message-set protocol: a state holds a bit for each. */
export const LARGEST_MESSAGE_SET = 2 ** 20;

/** The messages of Lamport's message-set Paxos (protocols/paxos-abstract/catalog.ts). */
function messageSetSize(acceptors: number, maxBallot: number, values: number): number {
  const ballots = maxBallot + 1;
  return (
    ballots +
    acceptors * ballots * (ballots + 1) * (values + 1) +
    ballots * values +
    acceptors * ballots * values
  );
}

function symmetryOf(entry: (Entry & { kind: "symmetry" }) | null): Model["symmetry"] {
  const names = new Set(entry?.names.map((n) => n.text) ?? []);
  // A replicated log's replicas are its acceptors.
  return {
    acceptors: names.has("acceptors") || names.has("replicas"),
    values: names.has("values"),
  };
}

function nameRef(name: Name): NameRef {
  return { name: name.text, isFile: name.quoted, span: name.span };
}

type Fail = (message: string, span: Span | null, hint: string | null) => never;

/** A line the grammar did not recognise: a known field with the wrong shape, or an unknown one. */
function unrecognised(
  entry: Unrecognised,
  usage: Readonly<Record<string, string>>,
  kind: string,
  fail: Fail,
): never {
  const key = entry.key.text;
  // Own keys only: `constructor` is no field, whatever Object.prototype says.
  const form = Object.hasOwn(usage, key) ? usage[key] : undefined;
  if (form !== undefined) {
    return fail(`\`${key}\` is not written that way`, entry.rest, `write it as ${form}.`);
  }
  return fail(
    `unknown ${kind} \`${key}\``,
    entry.key.span,
    didYouMean(key, Object.keys(usage), `${kind}s`),
  );
}

function nonNegative(count: Int, what: string, fail: Fail): void {
  if (count.value < 0) {
    fail(
      `a ${what} cannot be negative (${count.value})`,
      count.span,
      "a budget counts how many times a fault may happen: 0 or more.",
    );
  }
}

/** `crash` applies to acceptors and `restart` to proposers; the noun is optional. */
function faultTarget(fault: FaultKind, target: Name | null, fail: Fail): void {
  if (target === null) return;
  const allowed: Record<FaultKind, readonly string[]> = {
    drop: ["message", "messages"],
    duplicate: ["message", "messages"],
    crash: ["acceptor", "acceptors", "replica", "replicas"],
    restart: ["proposer", "proposers"],
  };
  if (allowed[fault].includes(target.text)) return;
  const hints: Record<FaultKind, string> = {
    drop: "`drop N` counts lost messages, e.g. `drop 1`.",
    duplicate: "`duplicate N` counts duplicated messages, e.g. `duplicate 1`.",
    crash: target.text.startsWith("proposer")
      ? "acceptors crash and recover with their stable storage; a proposer restarts instead: `restart 1 proposer`."
      : "acceptors crash and recover with their stable storage: `crash 1 acceptor`.",
    restart: target.text.startsWith("acceptor")
      ? "proposers restart; an acceptor crashes and recovers instead: `crash 1 acceptor`."
      : "proposers restart and lose their volatile state: `restart 1 proposer`.",
  };
  fail(`\`${fault}\` does not apply to \`${target.text}\``, target.span, hints[fault]);
}
