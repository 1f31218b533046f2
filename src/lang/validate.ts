/**
 * Turns a {@link SyntaxTree} into a {@link Model}: checks every field's shape and range, fills
 * in defaults, and reports the first mistake as a {@link ModelError} at the offending text. What
 * depends on the protocol comes from its settings (core/settings.ts), handed in: which fields it
 * requires or refuses, its own fields, its checks across fields. Names that depend on the
 * protocol (which variants and invariants exist) are resolved later (resolve.ts).
 */
import { lineAndColumn, ModelError, type Span } from "./errors.ts";
import type { PropertyDecl } from "../core/formula.ts";
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
  ClientOperationsGiven,
  GivenFields,
  Located,
  ModelSettings,
} from "../core/settings.ts";
import { readFaults, readLimits } from "./blocks.ts";
import { expectation } from "./expect-block.ts";
import { nameRef, unrecognised } from "./fields.ts";
import { ballotsOf, fieldsTaken, quorumsOf } from "./given.ts";
import {
  checkBallots,
  checkCommands,
  checkOperations,
  checkCount,
  checkNetwork,
  checkRange,
  checkSymmetry,
  checkValues,
} from "./lines.ts";
import { ownExample, ownValue } from "./own-fields.ts";
import type { Entry, FaultKind, SyntaxTree } from "./syntax.ts";

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
  operations: "`operations { c1: put x 1, get x; c2: cas x 1 2 }` (key-value stores)",
  slots: "`slots 2` (replicated-log protocols)",
  symmetry: "`symmetry acceptors, values` (or `symmetry replicas`)",
  limits: "`limits { states 1000000; depth 40 }`",
  expect: "`expect { holds; states 1000; depth 12 }` or `expect { violates agreement; steps 14 }`",
};

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
  let commands: readonly Located<string>[] | null = null;
  let operations: ClientOperationsGiven[] | null = null;
  let valuesEntry: (Entry & { kind: "values" }) | null = null;
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
  const properties: PropertyDecl[] = [];

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
      case "count":
        once(entry.role, entry);
        checkCount(entry, fail);
        counts[entry.role] = entry.count.value;
        break;
      case "commands":
        once("commands", entry);
        checkCommands(entry, fail);
        commands = entry.commands.map((c) => ({ value: c.text, span: c.span }));
        break;
      case "operations":
        once("operations", entry);
        checkOperations(entry, fail);
        operations = entry.clients.map((line) => ({
          client: { value: line.client.text, span: line.client.span },
          operations: line.operations.map((op) => ({
            value: [op.kind, ...op.operands].map((w) => ({ value: w.text, span: w.span })),
            span: op.span,
          })),
        }));
        break;
      case "values":
        once("values", entry);
        checkValues(entry, fail);
        valuesEntry = entry;
        break;
      case "ballots":
        once("ballots", entry);
        checkBallots(entry, fail);
        ballotsEntry = entry;
        break;
      case "ballot-range":
        once("ballots", entry);
        checkRange(entry, fail);
        rangeEntry = entry;
        break;
      case "symmetry":
        once("symmetry", entry);
        checkSymmetry(entry, fail, settings?.symmetries.names ?? []);
        symmetryEntry = entry;
        break;
      case "network":
        once("network", entry);
        network = checkNetwork(entry, fail);
        networkEntry = entry;
        break;
      case "faults":
        once("faults", entry);
        readFaults(entry, faults, faultSpans, fail);
        break;
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
        const limits = readLimits(entry, fail);
        maxStates = limits.maxStates;
        maxDepth = limits.maxDepth;
        break;
      }
      case "expect":
        once("expect", entry);
        expect = expectation(entry, fail);
        break;
      case "property": {
        const { name } = entry.property;
        const first = properties.find((p) => p.name.text === name.text);
        if (first !== undefined) {
          fail(
            `property \`${name.text}\` is stated twice`,
            name.span,
            `it was first stated on line ${lineAndColumn(source, first.span.start).line}; give each property its own name.`,
          );
        }
        properties.push(entry.property);
        break;
      }
    }
  }

  if (liveness.length === 0 && !properties.some((p) => p.form === "liveness")) {
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
  fieldsTaken(settings, protocolName, seen, symmetryEntry, tree.header, fail);
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
      valuesEntry === null
        ? null
        : {
            names: valuesEntry.values.map((v) => v.text),
            choice: valuesEntry.choice,
            span: valuesEntry.span,
          },
    commands,
    operations,
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
    own,
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
    properties,
    own,
    header: tree.header,
    source,
  };
}
