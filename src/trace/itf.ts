/**
 * Counterexamples in the Informal Trace Format (ITF), the JSON trace format of Apalache and Quint:
 * `#meta`, `vars`, and `states`, each state an object from variable names to ITF values.
 *
 * synod's variables are data, as ITF readers and jq expect: one per node (`{crashed, state}`, the
 * state a record of the protocol's own fields: a ballot `{round, proposer}`, a vote
 * `{ballot, value}`), `network` (the messages in flight, a list with repeats, each
 * `{from, to, message}` with the message's `kind` or `type` and fields), `budget` (the faults
 * left) and `history` (the facts recorded). Integers are `#bigint`, sets `#set`, maps `#map`, and
 * an absent value the variant `None` (see data.ts). Each state's `#meta` holds the step's action,
 * as words and as an event, and the state as synod prints it (`shown`), so that `synod trace`
 * shows a saved trace exactly as `synod check` did. A liveness counterexample is a lasso: `loop`
 * is the index of the state that follows the last one, forever (the last index for a run that
 * stutters), and `#meta.loopAction` is the step that returns there.
 */
import type { InFlight, Snapshot, StepEvent } from "../core/checkable.ts";
import { fromSnapshots, type CounterexampleStep } from "./counterexample.ts";
import { fromItfData, toItfData, type Data } from "../core/data.ts";

/** The version of synod's use of ITF; a trace of another is refused. */
export const ITF_VERSION = 2;

export interface ItfTrace {
  readonly "#meta": {
    readonly format: "ITF";
    readonly "format-description": string;
    readonly source: string;
    readonly description: string;
    /** synod's own: its version of this format, what the trace shows, each node's role. */
    readonly synod: number;
    readonly violated: string | null;
    /** The violated property's statement, in words. */
    readonly statement?: string;
    readonly roles: Readonly<Record<string, string>>;
    /** For a lasso that cycles: the action that leads from the last state to `states[loop]`. */
    readonly loopAction?: string;
    /** That action as a structured event. */
    readonly loopEvent?: StepEvent | null;
  };
  readonly vars: readonly string[];
  readonly states: readonly ItfState[];
  readonly loop?: number;
}

type ItfState = { readonly "#meta": ItfStateMeta } & Record<string, unknown>;

/** How synod printed a state: each node's fields, each message and fact, in words. */
interface Shown {
  readonly nodes: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly network: readonly string[];
  readonly history: readonly string[];
}

interface ItfStateMeta {
  readonly index: number;
  readonly action: string;
  readonly event: StepEvent | null;
  readonly shown: Shown;
}

const FORMAT = "https://apalache-mc.org/docs/adr/015adr-trace.html";
const BUDGET = ["drop", "duplicate", "crash", "restart"] as const;

export function toItf(
  steps: readonly CounterexampleStep[],
  source: string,
  violated: string | null,
  description: string,
  statement = "",
  lasso: { loop: number; stutters: boolean } | null = null,
): ItfTrace {
  const nodes = steps[0]!.state.nodes;
  // synod's own lasso repeats the loop state at its end; ITF's `loop` points back to it instead.
  const cycles = lasso !== null && !lasso.stutters;
  const kept = cycles ? steps.slice(0, -1) : steps;
  return {
    "#meta": {
      format: "ITF",
      "format-description": FORMAT,
      source,
      description,
      synod: ITF_VERSION,
      violated,
      statement,
      roles: Object.fromEntries(nodes.map((n) => [n.id, n.role])),
      ...(cycles
        ? {
            loopAction: steps[steps.length - 1]!.action,
            loopEvent: steps[steps.length - 1]!.event,
          }
        : {}),
    },
    vars: [...nodes.map((n) => n.id), "network", "budget", "history"],
    ...(lasso === null ? {} : { loop: lasso.loop }),
    states: kept.map((step) => {
      const snapshot = step.state;
      const state: Record<string, unknown> = {
        "#meta": {
          index: step.index,
          action: step.action,
          event: step.event,
          shown: {
            nodes: Object.fromEntries(snapshot.nodes.map((n) => [n.id, n.fields])),
            network: snapshot.messages.map((m) => m.message),
            history: snapshot.history,
          },
        } satisfies ItfStateMeta,
      };
      for (const node of snapshot.nodes) {
        state[node.id] = { crashed: node.crashed, state: toItfData(node.data) };
      }
      state["network"] = snapshot.messages.map((m) => ({
        from: m.from,
        to: m.to,
        message: toItfData(m.data),
      }));
      state["budget"] = toItfData(snapshot.budget as unknown as Data);
      state["history"] = snapshot.facts.map(toItfData);
      return state as ItfState;
    }),
  };
}

/** A trace file that is not what synod wrote: the message says what is wrong. */
export class TraceFileError extends Error {}

/**
 * Reads an ITF trace written by synod back into counterexample steps, exactly as they were
 * written. For a lasso, the steps end with the step back to `states[loop]` (as synod's own
 * traces do), and `lasso` says where it loops. Anything else is refused with the reason.
 */
export function fromItf(json: unknown): {
  trace: ItfTrace;
  steps: CounterexampleStep[];
  lasso: { loop: number; stutters: boolean } | null;
} {
  const fail = (what: string): never => {
    throw new TraceFileError(what);
  };
  const foreign = (what: string): never =>
    fail(
      `this ITF trace was not written by synod: ${what} (synod reads the traces it writes with --out-itf)`,
    );
  const record = (value: unknown): value is Record<string, unknown> =>
    typeof value === "object" && value !== null && !Array.isArray(value);
  if (!record(json) || !record(json["#meta"]) || json["#meta"]["format"] !== "ITF") {
    fail('not an ITF trace: `#meta.format` should be "ITF"');
  }
  const trace = json as unknown as ItfTrace;
  if (!Array.isArray(trace.vars) || !Array.isArray(trace.states) || trace.states.length === 0) {
    fail("not an ITF trace: it needs `vars` and a non-empty `states` list");
  }
  const meta = trace["#meta"] as unknown as Record<string, unknown>;
  if (meta["synod"] === undefined) foreign("`#meta.synod` is missing");
  if (meta["synod"] !== ITF_VERSION) {
    fail(
      `this trace is in synod's ITF version ${String(meta["synod"])}, and this synod reads version ${ITF_VERSION}; write it again with this synod's --out-itf`,
    );
  }
  if (!record(meta["roles"])) foreign("`#meta.roles` is missing");
  for (const field of ["source", "description"]) {
    if (typeof meta[field] !== "string") foreign(`\`#meta.${field}\` is not a string`);
  }
  if (meta["violated"] !== null && typeof meta["violated"] !== "string") {
    foreign("`#meta.violated` is not a string or null");
  }
  const roles = meta["roles"] as Record<string, string>;
  const nodeIds = trace.vars.filter((v) => v in roles);
  for (const name of ["network", "budget", "history"]) {
    if (!trace.vars.includes(name)) foreign(`\`vars\` lacks \`${name}\``);
  }
  const data = (value: unknown, where: string): Data => {
    try {
      return fromItfData(value, where);
    } catch (error) {
      return fail((error as Error).message);
    }
  };
  const decoded = trace.states.map((state, index) => {
    const at = `states[${index}]`;
    if (!record(state)) fail(`${at} is not a record of variables`);
    const stateMeta: unknown = (state as Record<string, unknown>)["#meta"];
    if (!record(stateMeta)) foreign(`${at} has no \`#meta\``);
    const { action, event, shown } = stateMeta as Record<string, unknown>;
    if (typeof action !== "string") foreign(`${at}.#meta.action is not a string`);
    if (!record(shown) || !record(shown["nodes"])) foreign(`${at}.#meta.shown is missing`);
    const shownNodes = (shown as Record<string, unknown>)["nodes"] as Record<string, unknown>;
    const shownNetwork = (shown as Record<string, unknown>)["network"];
    const shownHistory = (shown as Record<string, unknown>)["history"];
    const network = state["network"];
    const history = state["history"];
    if (!Array.isArray(network)) fail(`${at}.network is not a list`);
    if (!Array.isArray(history)) fail(`${at}.history is not a list`);
    if (!Array.isArray(shownNetwork) || shownNetwork.length !== (network as unknown[]).length) {
      foreign(`${at}.#meta.shown.network does not match ${at}.network`);
    }
    if (!Array.isArray(shownHistory) || shownHistory.length !== (history as unknown[]).length) {
      foreign(`${at}.#meta.shown.history does not match ${at}.history`);
    }
    const budget = data(state["budget"], `${at}.budget`);
    if (
      !record(budget) ||
      !BUDGET.every((k) => typeof (budget as Record<string, unknown>)[k] === "number")
    ) {
      fail(`${at}.budget is not a record of whole numbers: ${BUDGET.join(", ")}`);
    }
    const snapshot: Snapshot = {
      nodes: nodeIds.map((id) => {
        const node = state[id];
        if (!record(node) || typeof node["crashed"] !== "boolean" || !("state" in node)) {
          fail(`${at}.${id} is not a node ({crashed, state})`);
        }
        const fields = shownNodes[id];
        if (!record(fields) || !Object.values(fields).every((v) => typeof v === "string")) {
          foreign(`${at}.#meta.shown.nodes.${id} is not a record of strings`);
        }
        return {
          id,
          role: roles[id]!,
          crashed: (node as Record<string, unknown>)["crashed"] as boolean,
          fields: fields as Record<string, string>,
          data: data((node as Record<string, unknown>)["state"], `${at}.${id}.state`),
        };
      }),
      messages: (network as unknown[]).map((item, i): InFlight => {
        if (
          !record(item) ||
          typeof item["from"] !== "string" ||
          typeof item["to"] !== "string" ||
          !("message" in item)
        ) {
          return fail(`${at}.network[${i}] is not a message ({from, to, message})`);
        }
        const text = (shownNetwork as unknown[])[i];
        if (typeof text !== "string") foreign(`${at}.#meta.shown.network[${i}] is not a string`);
        return {
          from: item["from"] as string,
          to: item["to"] as string,
          message: text as string,
          data: data(item["message"], `${at}.network[${i}].message`),
        };
      }),
      budget: budget as unknown as Snapshot["budget"],
      history: (shownHistory as unknown[]).map((text, i) =>
        typeof text === "string"
          ? text
          : foreign(`${at}.#meta.shown.history[${i}] is not a string`),
      ),
      facts: (history as unknown[]).map((fact, i) => data(fact, `${at}.history[${i}]`)),
    };
    return {
      state: snapshot,
      action: action as string,
      event: (event ?? null) as StepEvent | null,
    };
  });
  const loop = trace.loop;
  if (loop === undefined) return { trace, steps: fromSnapshots(decoded), lasso: null };
  if (!Number.isInteger(loop) || loop < 0 || loop >= decoded.length) {
    fail(`\`loop\` is ${loop}, not the index of one of the ${decoded.length} states`);
  }
  const loopAction = trace["#meta"].loopAction;
  if (loopAction === undefined) {
    return { trace, steps: fromSnapshots(decoded), lasso: { loop, stutters: true } };
  }
  const back = {
    state: decoded[loop]!.state,
    action: loopAction,
    event: trace["#meta"].loopEvent ?? null,
  };
  return { trace, steps: fromSnapshots([...decoded, back]), lasso: { loop, stutters: false } };
}
