/**
 * `synod check --json`: the result as one JSON object, for scripts and CI. Its shape is
 * documented field by field in docs/json.md and described by spec/check-result.schema.json (a
 * test validates every test model's output against it). Values are data: a ballot is
 * `{round, proposer}`, a message `{kind, …its fields}`, a node's state a record of its own typed
 * fields; the words synod prints are beside them, under `shown`.
 */
import { livenessName } from "../core/protocol.ts";
import { settingsOf, type LoadedModel } from "../app/load.ts";
import { lossesNeedNoSearch } from "../app/reductions.ts";
import { warnings, type CheckReport, type EffectiveLimits } from "../run.ts";
import type { InFlight, StepEvent } from "../core/checkable.ts";
import { toJsonData } from "../core/data.ts";
import { userFiles } from "./report.ts";
import { compareExpectation } from "../app/expected.ts";
import type { Failure } from "./failure.ts";
import type { CounterexampleStep } from "../trace/counterexample.ts";

/** The version of this shape: it changes when a field changes meaning or goes. */
export const SCHEMA_VERSION = 1;

/** The settings that shape what is checked, as data: the model's, and the command line's. */
export function settingsData(loaded: LoadedModel, limits: EffectiveLimits, exact: boolean) {
  const model = loaded.model;
  const fields = settingsOf(loaded.protocol).fields;
  return {
    acceptors: fields.acceptors === undefined ? null : model.acceptors,
    proposers: fields.proposers === undefined ? null : model.proposers,
    learners: fields.learners === undefined ? null : model.learners,
    values: model.values,
    valueChoice: model.valueChoice,
    ballots: model.maxBallot === null ? model.ballots : null,
    maxBallot: model.maxBallot,
    log:
      model.log === null
        ? null
        : {
            replicas: model.log.replicas,
            clients: model.log.clients,
            commands: model.log.commands,
            slots: model.log.slots,
          },
    network: model.network,
    faults: {
      drop: model.faults.drop === Infinity ? "unlimited" : model.faults.drop,
      duplicate: model.faults.duplicate,
      crash: model.faults.crash,
      restart: model.faults.restart,
    },
    retry: model.retry,
    symmetry: model.symmetry,
    quorums: model.quorums,
    fairness: model.fairness.map((f) => ({ strength: f.strength, action: f.action.name })),
    assume: model.assume.map((a) =>
      a.kind === "faults-stop" ? { kind: a.kind } : { kind: a.kind, node: a.node.name },
    ),
    limits: {
      states: limits.maxStates,
      depth: limits.maxDepth,
      seconds: limits.maxSeconds,
      memoryBytes: limits.maxMemory,
    },
    own: model.own,
    exact,
    // True if the search left lost messages in flight instead (app/reductions.ts).
    lossesAsUndelivered: lossesNeedNoSearch(loaded),
  };
}

/** What is checked: invariants, step properties and liveness properties, by name. */
export function checking(loaded: LoadedModel) {
  return {
    invariants: loaded.invariants.map((i) => i.id),
    stepProperties: loaded.steps.map((p) => p.id),
    liveness: loaded.liveness.map(livenessName),
  };
}

const message = (m: InFlight) => ({
  from: m.from,
  to: m.to,
  message: toJsonData(m.data),
  shown: m.message,
});

const event = (e: StepEvent | null) =>
  e === null
    ? null
    : { kind: e.kind, node: e.node, message: e.message === undefined ? null : message(e.message) };

/**
 * The result as one JSON object; `checkpoint`: the folder a resumable checkpoint is in;
 * `continued`: with `--continue`, every run's report, the first being `report`.
 */
export function renderJson(
  report: CheckReport,
  checkpoint: string | null = null,
  continued: readonly CheckReport[] | null = null,
): string {
  const { result, loaded } = report;
  const model = loaded.model;
  return JSON.stringify(
    {
      schemaVersion: SCHEMA_VERSION,
      command: "check",
      model: model.file,
      name: model.name,
      protocol: model.protocol.name,
      variant: loaded.variant?.name ?? null,
      runsUserCode: userFiles(model),
      settings: settingsData(loaded, report.limits, result.exact),
      checking: checking(loaded),
      warnings: warnings(loaded),
      verdict: result.verdict,
      violated: result.violated,
      explanation: report.explanation,
      stoppedBy: result.verdict === "incomplete" ? result.limit : null,
      inLiveness: result.inLiveness === true,
      abandoned: result.abandoned === true,
      checkpoint,
      expected: model.expect === null ? null : compareExpectation(model.expect, report.result),
      // With --witness NAME: the witness this search looked for; its trace is the witness.
      witness: report.witness ?? null,
      witnesses: report.witnesses.map((w) => ({
        name: w.id,
        formula: w.formula,
        found: w.found,
        steps: w.steps,
      })),
      distinctStates: result.distinctStates,
      generatedStates: result.generatedStates,
      depth: result.depth,
      seconds: Number(result.seconds.toFixed(3)),
      statesPerSecond: Math.round(result.statesPerSecond),
      collisionProbability: result.collisionProbability,
      workers: result.workers,
      // The whole process's peak resident memory, in bytes (Node reports kilobytes).
      peakResidentBytes: process.resourceUsage().maxRSS * 1024,
      spilled: result.spilled ?? null,
      loop: result.loop,
      stutters: result.stutters,
      trace: report.counterexample === null ? null : traceJson(report.counterexample),
      continued: continued === null ? null : continuedJson(continued),
      coverage: report.coverage ?? null,
    },
    null,
    2,
  );
}

/** `--continue`'s runs: every violation found, and what the last run says of the rest. */
function continuedJson(reports: readonly CheckReport[]) {
  const last = reports[reports.length - 1]!.result.verdict;
  return {
    violations: reports
      .filter((r) => r.result.verdict === "violation")
      .map((r) => ({
        violated: r.result.violated!,
        explanation: r.explanation,
        distinctStates: r.result.distinctStates,
        loop: r.result.loop,
        stutters: r.result.stutters,
        trace: r.counterexample === null ? null : traceJson(r.counterexample),
      })),
    others: last === "ok" ? "hold" : last === "incomplete" ? "unknown" : "none",
  };
}

/** A run, step by step, as data and as the words synod prints. */
export function traceJson(counterexample: readonly CounterexampleStep[]) {
  return counterexample.map((step) => ({
    step: step.index,
    action: step.action,
    event: event(step.event),
    state: {
      nodes: Object.fromEntries(
        step.state.nodes.map((n) => [
          n.id,
          {
            role: n.role,
            crashed: n.crashed,
            state: toJsonData(n.data),
            shown: n.fields,
          },
        ]),
      ),
      messages: step.state.messages.map(message),
      budget: step.state.budget,
      history: step.state.facts.map((fact, i) => ({
        fact: toJsonData(fact),
        shown: step.state.history[i]!,
      })),
    },
    changes: step.changes,
    sent: step.sent.map(message),
    recorded: step.recorded,
  }));
}

/** A check that could not be made, as the JSON object `--json` promises (verdict `error`). */
export function renderJsonError(failure: Failure, command = "check"): string {
  return JSON.stringify(
    {
      schemaVersion: SCHEMA_VERSION,
      command,
      verdict: "error",
      exitCode: failure.exitCode,
      error: {
        message: failure.message,
        hint: failure.hint,
        file: failure.file,
        line: failure.line,
        column: failure.column,
      },
    },
    null,
    2,
  );
}
