/**
 * Turns a {@link SyntaxTree} into a {@link Model}: checks every field's shape and range, fills
 * in defaults, and reports the first mistake as a {@link ModelError} at the offending text. What
 * depends on the protocol comes from its settings (core/settings.ts), handed in: which fields it
 * requires or refuses, its own fields, its checks across fields. Names that depend on the
 * protocol (which variants and invariants exist) are resolved later (resolve.ts).
 */
import { lineAndColumn, ModelError, type Span } from "./errors.ts";
import type {
  Assumption,
  Expectation,
  Fairness,
  Model,
  NameRef,
  NetworkSemantics,
  OwnSetting,
} from "../core/model.ts";
import type {
  BallotsGiven,
  GivenFields,
  Located,
  ModelField,
  ModelSettings,
  OwnField,
  QuorumsGiven,
} from "../core/settings.ts";
import { didYouMean } from "./suggest.ts";
import type {
  Entry,
  ExpectKind,
  FaultKind,
  Int,
  Name,
  SyntaxTree,
  Unrecognised,
} from "./syntax.ts";

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
  expect: "`expect { holds; states 1000; depth 12 }` or `expect { violates agreement; steps 14 }`",
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

/** The fields a protocol's settings may take or refuse, in the order their errors are checked. */
const PROTOCOL_FIELDS: readonly ModelField[] = [
  "acceptors",
  "proposers",
  "learners",
  "replicas",
  "clients",
  "slots",
  "values",
  "commands",
  "ballots",
  "network",
  "faults",
  "retry",
  "quorums",
  "symmetry",
];

const SYMMETRIES = ["acceptors", "values", "replicas"];

/**
 * Validates a parsed model against its protocol's settings: each field's own shape and range
 * here, then what the protocol requires, refuses and checks across fields. `settings` is null
 * when the model names no protocol (or names one that does not exist, which is reported first
 * by whoever looked it up).
 */
export function validate(
  tree: SyntaxTree,
  file: string,
  source: string,
  settings: ModelSettings | null,
): Model {
  const fail = (message: string, span: Span | null, hint: string | null): never => {
    throw new ModelError(message, span, hint, file, source);
  };
  const ownFields = settings?.own ?? [];
  const clash = ownFields.find((f) => Object.hasOwn(FIELD_USAGE, f.name));
  if (clash !== undefined) {
    fail(
      `the protocol declares a field of its own named \`${clash.name}\`, a word of the model language`,
      tree.header,
      "give the protocol's field another name.",
    );
  }
  const usage: Record<string, string> = { ...FIELD_USAGE };
  for (const field of ownFields) usage[field.name] = `\`${ownExample(field)}\``;
  const own: Record<string, OwnSetting> = {};

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
  let commands: readonly Located<string>[] | null = null;
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
  let expect: Expectation | null = null;

  for (const entry of tree.entries) {
    switch (entry.kind) {
      case "unrecognised": {
        const field = ownFields.find((f) => f.name === entry.key.text);
        if (field === undefined) unrecognised(entry, usage, "field", fail);
        once(field!.name, entry);
        own[field!.name] = ownValue(field!, entry, fail);
        break;
      }
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
          if (names.has(command.text)) {
            fail(
              `command \`${command.text}\` is listed twice`,
              command.span,
              "each command is named once.",
            );
          }
          names.add(command.text);
        }
        commands = entry.commands.map((c) => ({ value: c.text, span: c.span }));
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
      case "expect":
        once("expect", entry);
        expect = expectation(entry, fail);
        break;
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

  if (protocol === null || settings === null) {
    return fail(
      "the model does not say `protocol`",
      tree.header,
      "add a line such as `protocol paxos` inside the model's braces.",
    );
  }
  const protocolName = protocol.name;
  for (const [name, rule] of Object.entries(settings.fields)) {
    if (rule.required === true && !seen.has(name)) {
      fail(
        `the model does not say \`${name}\``,
        tree.header,
        `add a line such as \`${rule.example}\` inside the model's braces.`,
      );
    }
  }
  for (const field of PROTOCOL_FIELDS) {
    const entry = seen.get(field);
    if (entry === undefined || Object.hasOwn(settings.fields, field)) continue;
    fail(
      `protocol \`${protocolName}\` has no ${field}`,
      entry.key.span,
      settings.refused?.[field] ??
        `it takes ${Object.keys(settings.fields).join(", ")}; remove the line.`,
    );
  }
  if (symmetryEntry !== null) {
    const wrong = symmetryEntry.names.find((n) => !settings.symmetries.names.includes(n.text));
    if (wrong !== undefined) {
      fail(
        `\`symmetry ${wrong.text}\` does not apply to protocol \`${protocolName}\``,
        wrong.span,
        settings.symmetries.hint,
      );
    }
  }
  for (const field of ownFields) {
    if (!Object.hasOwn(own, field.name)) own[field.name] = field.default;
  }

  const keys = new Map<string, Span>();
  const lines = new Map<string, Span>();
  for (const [field, entry] of seen) {
    keys.set(field, entry.key.span);
    lines.set(field, entry.span);
  }
  const given: GivenFields = {
    protocol: protocolName,
    keys,
    lines,
    header: tree.header,
    lineOf: (offset) => lineAndColumn(source, offset).line,
    counts,
    values:
      values === null ? null : { names: values, choice: valueChoice, span: valuesEntry!.span },
    commands,
    ballots: ballotsOf(ballotsEntry, rangeEntry),
    symmetry:
      symmetryEntry === null
        ? null
        : {
            names: symmetryEntry.names.map((n) => ({ value: n.text, span: n.span })),
            span: symmetryEntry.span,
          },
    network: {
      value: network,
      span:
        networkEntry === null ? null : (networkEntry as Entry & { kind: "network" }).semantics.span,
    },
    faults,
    faultSpans,
    retry,
    quorums: quorumsOf(quorumsEntry),
    assume,
  };
  return {
    ...settings.complete(given, fail),
    file,
    name: tree.name.text,
    protocol,
    variant,
    check,
    liveness,
    fairness,
    assume,
    limits: { maxStates, maxDepth },
    expect,
    own,
    header: tree.header,
    source,
  };
}

const EXPECT_USAGE: Readonly<Record<string, string>> = {
  holds: "`holds` (every property holds)",
  violates: "`violates agreement` or `violates eventually decided`",
  states: "`states 1000` (distinct states)",
  generated: "`generated 5000`",
  edges: "`edges 4000`",
  depth: "`depth 12`",
  steps: "`steps 14` (the counterexample's length)",
  loop: "`loop 3` (the step a lasso's cycle goes back to)",
};

/** An `expect` block: one verdict, each count at most once, no trace for a model that holds. */
function expectation(entry: Entry & { kind: "expect" }, fail: Fail): Expectation {
  let verdict: Expectation["verdict"] | null = null;
  const counts: Partial<Record<ExpectKind, number>> = {};
  const given = new Map<string, Span>();
  for (const line of entry.expectations) {
    if (line.kind === "unrecognised") unrecognised(line, EXPECT_USAGE, "expectation", fail);
    const what = line.kind === "expect-count" ? line.what : "verdict";
    if (given.has(what)) {
      fail(
        line.kind === "expect-count"
          ? `\`${what}\` is given twice in \`expect\``
          : "`expect` gives two verdicts",
        line.key.span,
        "keep one.",
      );
    }
    given.set(what, line.span);
    if (line.kind === "holds") verdict = { kind: "holds" };
    else if (line.kind === "violates") {
      const name = `${line.eventually === null ? "" : "eventually "}${line.property.text}`;
      verdict = {
        kind: "violates",
        property: {
          name,
          isFile: false,
          span: { start: (line.eventually ?? line.property.span).start, end: line.span.end },
        },
      };
    } else if (line.kind === "expect-count") {
      if (line.count.value < 0) {
        fail(
          `a count cannot be negative (${line.count.value})`,
          line.count.span,
          "write the count a check of this model gives.",
        );
      }
      counts[line.what] = line.count.value;
    }
  }
  if (verdict === null) {
    return fail(
      "`expect` gives no verdict",
      entry.key.span,
      "say `holds` or `violates NAME` (the property the counterexample breaks) inside the braces.",
    );
  }
  if (verdict.kind === "holds") {
    for (const what of ["steps", "loop"] as const) {
      if (given.has(what)) {
        fail(
          `\`${what}\` describes a counterexample, and the model is expected to hold`,
          given.get(what)!,
          "remove the line, or expect `violates NAME`.",
        );
      }
    }
  }
  return {
    verdict,
    states: counts.states ?? null,
    generated: counts.generated ?? null,
    edges: counts.edges ?? null,
    depth: counts.depth ?? null,
    steps: counts.steps ?? null,
    loop: counts.loop ?? null,
    span: entry.span,
  };
}

/** A protocol's own field written as a line, for hints. */
function ownExample(field: OwnField): string {
  switch (field.type) {
    case "count":
      return `${field.name} ${field.default}`;
    case "choice":
      return `${field.name} ${field.options.join(" | ")}`;
    case "names":
      return `${field.name} ${field.default.length > 0 ? field.default.join(", ") : "x, y"}`;
  }
}

/** The value of a protocol's own field, read from the tokens after its name. */
function ownValue(field: OwnField, entry: Unrecognised, fail: Fail): OwnSetting {
  const items = entry.items;
  const wrong = (): never =>
    fail(
      `\`${field.name}\` is not written that way`,
      entry.rest,
      `write it as \`${ownExample(field)}\`: ${lowerFirst(field.meaning)}`,
    );
  switch (field.type) {
    case "count": {
      const only = items[0];
      if (items.length !== 1 || only?.kind !== "int") return wrong();
      const min = field.min ?? 0;
      const max = field.max ?? LARGEST_COUNT;
      if (only.value < min || only.value > max) {
        fail(
          `\`${field.name}\` is between ${min} and ${max}, not ${only.value}`,
          only.span,
          lowerFirst(field.meaning),
        );
      }
      return only.value;
    }
    case "choice": {
      const only = items[0];
      if (items.length !== 1 || only?.kind !== "word") return wrong();
      if (!field.options.includes(only.text)) {
        fail(
          `unknown ${field.name} \`${only.text}\``,
          only.span,
          didYouMean(only.text, field.options, `choices of \`${field.name}\``),
        );
      }
      return only.text;
    }
    case "names": {
      const names: string[] = [];
      for (const [i, item] of items.entries()) {
        if (i % 2 === 1 ? item.kind !== "comma" : item.kind !== "word") return wrong();
        if (item.kind !== "word") continue;
        if (names.includes(item.text)) {
          fail(`\`${item.text}\` is listed twice`, item.span, "list each once.");
        }
        names.push(item.text);
      }
      if (names.length === 0 || items.length % 2 === 0) return wrong();
      return names;
    }
  }
}

const lowerFirst = (text: string): string => text.charAt(0).toLowerCase() + text.slice(1);

function ballotsOf(
  counts: (Entry & { kind: "ballots" }) | null,
  range: (Entry & { kind: "ballot-range" }) | null,
): BallotsGiven | null {
  if (range !== null) {
    return {
      kind: "range",
      high: { value: range.high.value, span: range.high.span },
      span: range.span,
    };
  }
  if (counts === null) return null;
  return {
    kind: "counts",
    counts: counts.counts.map((c) => c.value),
    perProposer: counts.perProposer,
    span: counts.span,
  };
}

function quorumsOf(entry: (Entry & { kind: "quorums" }) | null): QuorumsGiven | null {
  if (entry === null) return null;
  const q = entry.quorums;
  const located = (i: Int): Located<number> => ({ value: i.value, span: i.span });
  return {
    span: entry.span,
    unchecked: entry.unchecked !== null,
    quorums:
      q.kind === "majority"
        ? q
        : q.kind === "sizes"
          ? { kind: "sizes", phase1: located(q.phase1), phase2: located(q.phase2) }
          : {
              kind: "sets",
              sets: q.sets.map((set) => set.map((n) => ({ value: n.text, span: n.span }))),
            },
  };
}

/** At most this many nodes of a role (and slots): more is beyond what a search can cover. */
export const LARGEST_COUNT = 1000;

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
