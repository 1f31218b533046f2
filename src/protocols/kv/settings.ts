/**
 * The model fields of a replicated key-value store (`kv`): those of a replicated log, with the
 * clients and their commands given as `operations { c1: put x 1, get x; c2: cas x 1 2 }`.
 */
import type { KvOperation } from "../../core/model.ts";
import type {
  ClientOperationsGiven,
  Located,
  ModelSettings,
  SettingsFail,
} from "../../core/settings.ts";
import { plural } from "../../core/words.ts";
import { logSettings } from "../multipaxos/settings.ts";
import { describeBallots } from "../settings.ts";

const OPERATIONS_EXAMPLE = "operations { c1: put x 1, get x; c2: cas x 1 2 }";

/** What each kind of operation takes, after its kind. */
const SHAPES: Readonly<Record<KvOperation["kind"], { operands: number; form: string }>> = {
  put: { operands: 2, form: "`put KEY VALUE`" },
  get: { operands: 1, form: "`get KEY`" },
  cas: { operands: 3, form: "`cas KEY EXPECTED NEW` (EXPECTED `none`: the key is absent)" },
};

/** The word for "absent" in `cas x none 1`. */
const ABSENT = "none";

/** The command a client's operation is in the log: `c1.2 get x`, its 2nd operation. */
export const commandName = (client: string, index: number, text: string): string =>
  `${client}.${index + 1} ${text}`;

/** Reads one operation, failing at the word that is wrong. */
function operationOf(words: Located<readonly Located<string>[]>, fail: SettingsFail): KvOperation {
  const [kind, ...operands] = words.value;
  // An own property only: `toString` is no operation.
  const shape = Object.hasOwn(SHAPES, kind!.value)
    ? SHAPES[kind!.value as KvOperation["kind"]]
    : undefined;
  if (shape === undefined) {
    return fail(
      `unknown operation \`${kind!.value}\``,
      kind!.span,
      "a key-value store's operations are `put x 1`, `get x` and `cas x 1 2`.",
    );
  }
  if (operands.length !== shape.operands) {
    fail(
      `\`${kind!.value}\` takes ${plural(shape.operands, "operand")}, not ${operands.length}`,
      words.span,
      `write ${shape.form}.`,
    );
  }
  const [key, a, b] = operands.map((o) => o.value) as [string, string, string];
  // `none` is absent: only what a compare-and-swap expects may be.
  operands.forEach((operand, i) => {
    if (operand.value === ABSENT && !(kind!.value === "cas" && i === 1)) {
      fail(
        `\`${ABSENT}\` is not a key or a value`,
        operand.span,
        `\`${ABSENT}\` means absent, only as what \`cas\` expects: \`cas x ${ABSENT} 1\` sets x if it has no value.`,
      );
    }
  });
  switch (kind!.value) {
    case "put":
      return { kind: "put", key, value: a };
    case "get":
      return { kind: "get", key };
    default:
      return { kind: "cas", key, expected: a === ABSENT ? null : a, value: b };
  }
}

/** Each client's line, in client order (c1 first), with its operations read. */
function clientsOf(
  lines: readonly ClientOperationsGiven[],
  fail: SettingsFail,
): { client: string; operations: { text: string; operation: KvOperation }[] }[] {
  const named = (k: number) => `c${k + 1}`;
  for (const line of lines) {
    const k = Number(/^c([1-9]\d*)$/.exec(line.client.value)?.[1] ?? 0) - 1;
    if (k < 0 || k >= lines.length) {
      fail(
        `client \`${line.client.value}\` is not one of c1 to c${lines.length}`,
        line.client.span,
        `clients are named c1, c2, … one line each; with ${plural(lines.length, "line")} they are ${lines.map((_, i) => named(i)).join(", ")}.`,
      );
    }
  }
  return lines
    .map((line) => ({
      client: line.client.value,
      operations: line.operations.map((words) => ({
        text: words.value.map((w) => w.value).join(" "),
        operation: operationOf(words, fail),
      })),
    }))
    .sort((x, y) => Number(x.client.slice(1)) - Number(y.client.slice(1)));
}

const CLIENTS_ARE_LINES =
  "a key-value store's clients and what they call are its `operations` block: one line per client.";

/** The log's fields that the `operations` block replaces. */
const CLIENTS_ARE_LINES_FIELDS = new Set(["clients", "commands"]);

/** The settings of `kv`. */
export const kvSettings: ModelSettings = {
  ...logSettings,
  // The log's fields, with the clients and their commands as one `operations` block.
  fields: {
    ...Object.fromEntries(
      Object.entries(logSettings.fields).filter(([name]) => !CLIENTS_ARE_LINES_FIELDS.has(name)),
    ),
    operations: { example: OPERATIONS_EXAMPLE, required: true },
  },
  // A store's membership is fixed: its clients' operations are the whole log.
  own: [],
  refused: {
    ...logSettings.refused,
    commands: CLIENTS_ARE_LINES,
    clients: CLIENTS_ARE_LINES,
  },

  complete(given, fail) {
    const clients = clientsOf(given.operations!, fail);
    // The replicated log's own checks, on its commands: one per operation.
    const commands = clients.flatMap(({ client, operations }) =>
      operations.map(({ text }, i) => commandName(client, i, text)),
    );
    const log = logSettings.complete(
      {
        ...given,
        counts: { ...given.counts, clients: clients.length },
        commands: commands.map((value) => ({ value, span: given.header })),
      },
      fail,
    );
    return {
      ...log,
      log: {
        ...log.log!,
        submitters: clients.flatMap(({ operations }, k) => operations.map(() => k)),
        operations: clients.flatMap(({ operations }) => operations.map((o) => o.operation)),
      },
    };
  },

  describe(model) {
    const log = model.log!;
    const calls = Array.from({ length: log.clients }, (_, k) => {
      const mine = log.commands.filter((_, i) => log.submitters[i] === k);
      // `c1.2 get x` is c1's `get x`.
      return `c${k + 1}: ${mine.map((c) => c.slice(c.indexOf(" ") + 1)).join(", ")}`;
    });
    return `${plural(log.replicas, "replica")}, ${plural(model.proposers, "proposer")}, ${plural(log.clients, "client")} (${calls.join("; ")}), ${plural(log.slots, "slot")}, ${describeBallots(model)}`;
  },
};
