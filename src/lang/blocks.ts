/**
 * The two blocks of a model that hold lines of their own: `faults { … }` (each fault's budget and
 * what it applies to) and `limits { … }` (bounds on the search).
 */
import type { FaultBudget, Span } from "../core/model.ts";
import { unrecognised, type Fail } from "./fields.ts";
import type { Entry, FaultKind, Int, Name } from "./syntax.ts";

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

/** Reads a `faults` block into the budget, remembering where each fault's line is. */
export function readFaults(
  entry: Entry & { kind: "faults" },
  faults: Record<keyof FaultBudget, number>,
  faultSpans: Partial<Record<FaultKind, Span>>,
  fail: Fail,
): void {
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
}

/** Reads a `limits` block. */
export function readLimits(
  entry: Entry & { kind: "limits" },
  fail: Fail,
): { maxStates: number | null; maxDepth: number | null } {
  let maxStates: number | null = null;
  let maxDepth: number | null = null;
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
  return { maxStates, maxDepth };
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
