/**
 * Counterexamples in the Informal Trace Format (ITF), the JSON trace format of Apalache and Quint:
 * `#meta`, `vars`, and `states`, each state an object from variable names to values, with the
 * step's action in the state's `#meta`. synod's variables are one per node (a record of its fields
 * and whether it is crashed), `network` (the messages in flight, a list with repeats), `budget`
 * (the fault budget left) and `history` (the facts recorded). A liveness counterexample is a
 * lasso: `loop` is the index of the state that follows the last one, forever (the last index
 * for a run that stutters), and `#meta.loopAction` is the step that returns there.
 */
import type { InFlight, Snapshot, StepEvent } from "../system/checkable.ts";
import { fromSnapshots, type CounterexampleStep } from "./counterexample.ts";

export interface ItfTrace {
  readonly "#meta": {
    readonly format: "ITF";
    readonly "format-description": string;
    readonly source: string;
    readonly description: string;
    /** synod's own: what the trace shows, and each node's role. */
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

interface ItfStateMeta {
  readonly index: number;
  readonly action: string;
  readonly event: StepEvent | null;
}

const FORMAT = "https://apalache-mc.org/docs/adr/015adr-trace.html";

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
      const state: Record<string, unknown> = {
        "#meta": { index: step.index, action: step.action, event: step.event },
      };
      for (const node of step.state.nodes) {
        state[node.id] = { ...node.fields, crashed: node.crashed };
      }
      state["network"] = step.state.messages.map((m) => ({ ...m }));
      state["budget"] = { ...step.state.budget };
      state["history"] = [...step.state.history];
      return state as ItfState;
    }),
  };
}

/** A trace file that is not what synod wrote: the message says what is wrong. */
export class TraceFileError extends Error {}

/**
 * Reads an ITF trace written by synod back into counterexample steps. For a lasso, the steps end
 * with the step back to `states[loop]` (as synod's own traces do), and `lasso` says where it loops.
 */
export function fromItf(json: unknown): {
  trace: ItfTrace;
  steps: CounterexampleStep[];
  lasso: { loop: number; stutters: boolean } | null;
} {
  const fail = (what: string): never => {
    throw new TraceFileError(what);
  };
  const trace = json as ItfTrace;
  if (typeof json !== "object" || json === null || trace["#meta"]?.format !== "ITF") {
    fail('not an ITF trace: `#meta.format` should be "ITF"');
  }
  if (!Array.isArray(trace.vars) || !Array.isArray(trace.states) || trace.states.length === 0) {
    fail("not an ITF trace: it needs `vars` and a non-empty `states` list");
  }
  const roles =
    trace["#meta"].roles ??
    fail("this ITF trace was not written by synod: `#meta.roles` is missing");
  const meta = trace["#meta"] as unknown as Record<string, unknown>;
  for (const field of ["source", "description"]) {
    if (typeof meta[field] !== "string") {
      fail(`this ITF trace was not written by synod: \`#meta.${field}\` is not a string`);
    }
  }
  if (meta["violated"] !== null && typeof meta["violated"] !== "string") {
    fail("this ITF trace was not written by synod: `#meta.violated` is not a string or null");
  }
  const record = (value: unknown): boolean =>
    typeof value === "object" && value !== null && !Array.isArray(value);
  const nodeIds = trace.vars.filter((v) => v in roles);
  const decoded = trace.states.map((state, index) => {
    if (!record(state)) fail(`state ${index} is not a record of variables`);
    const meta = state["#meta"] ?? fail(`state ${index} has no \`#meta\``);
    if (typeof meta.action !== "string") fail(`state ${index}'s \`#meta.action\` is not a string`);
    for (const id of nodeIds) {
      if (!record(state[id])) fail(`state ${index}: variable \`${id}\` is not a record`);
    }
    const snapshot: Snapshot = {
      nodes: nodeIds.map((id) => {
        const { crashed, ...fields } = (state[id] ??
          fail(`state ${index} lacks variable \`${id}\``)) as Record<string, string> & {
          crashed: boolean;
        };
        return { id, role: roles[id]!, crashed: crashed === true, fields };
      }),
      messages: (state["network"] ?? []) as InFlight[],
      budget: (state["budget"] ?? {
        drop: 0,
        duplicate: 0,
        crash: 0,
        restart: 0,
      }) as Snapshot["budget"],
      history: (state["history"] ?? []) as string[],
    };
    return { state: snapshot, action: meta.action, event: meta.event ?? null };
  });
  const loop = trace.loop;
  if (loop === undefined) return { trace, steps: fromSnapshots(decoded), lasso: null };
  if (!Number.isInteger(loop) || loop < 0 || loop >= decoded.length) {
    fail(`\`loop\` is ${loop}, not the index of one of the ${decoded.length} states`);
  }
  const action = trace["#meta"].loopAction;
  if (action === undefined) {
    return { trace, steps: fromSnapshots(decoded), lasso: { loop, stutters: true } };
  }
  const back = { state: decoded[loop]!.state, action, event: trace["#meta"].loopEvent ?? null };
  return { trace, steps: fromSnapshots([...decoded, back]), lasso: { loop, stutters: false } };
}
