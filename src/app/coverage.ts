/**
 * `check --coverage`: which parts of the protocol a model exercises. Every transition the
 * search explores is counted by its class (the kind of action, the role of the node that takes
 * it or receives its message, and for the network's actions the kind of message), and each
 * local action of the protocol that some node never takes is named: a model too small to
 * exercise an action cannot find the bugs behind it.
 */
import { Coverage } from "../check/coverage.ts";
import { SYSTEM_KINDS } from "../core/actions.ts";
import type { CheckableSystem } from "../core/checkable.ts";
import type { LoadedModel } from "./load.ts";

/** The counts of one class of transition. */
export interface CoverageRow {
  /** The kind of action: `deliver`, `drop`, …, or a local action's kind (`start`). */
  readonly action: string;
  /** The role of the node that takes it (the receiver of a message); null if none. */
  readonly role: string | null;
  /** For `deliver`, `drop` and `duplicate`: the kind of message (`Prepare`); else null. */
  readonly message: string | null;
  /** States expanded in which a transition of this class was enabled. */
  readonly enabledIn: number;
  /** Transitions of this class the search explored. */
  readonly taken: number;
  /** Of those, the ones that led to a state not seen before. */
  readonly newStates: number;
}

/** What `check --coverage` reports: the counts by class, and what was never done. */
export interface CoverageReport {
  readonly rows: readonly CoverageRow[];
  /** What the model never did, in words: `p2 never takes a \`start\` step: …`. */
  readonly neverTaken: readonly string[];
}

/** A coverage counter for a search of this model, and the report it makes at the end. */
export interface CoverageCounting {
  readonly coverage: Coverage;
  /** The counts so far, as rows, and what the model never did. */
  report(): CoverageReport;
}

/** Why this model's coverage cannot be counted, or null if it can. */
export function coverageProblem(loaded: LoadedModel, system: CheckableSystem): string | null {
  return system.actions === undefined || system.actions.nodes === undefined
    ? `protocol \`${loaded.protocol.name}\` is written as actions of its own, not as nodes that take steps and exchange messages: coverage counts the steps of actor protocols`
    : null;
}

/** A counter to pass to the explorer as `coverage`, for this model's actor protocol. */
export function countCoverage(loaded: LoadedModel, system: CheckableSystem): CoverageCounting {
  const classes = system.actions!;
  const nodes = system.snapshot(system.initialStates()[0]!).nodes;
  const nodeCount = nodes.length;
  const kindCount = classes.kinds.length;
  /** Transitions taken by each node, by kind: kind * nodeCount + node. */
  const byNode = new Float64Array(kindCount * nodeCount);
  /** The class of each instance met (an instance names its kind and node, or its message). */
  const classOf = new Map<number, number>();
  const classKeys = new Map<string, number>();
  const labels: { kind: number; role: number; message: string | null }[] = [];
  const roles = [...new Set(nodes.map((node) => node.role))];

  const classify = (state: Int32Array, action: number): number => {
    const instance = classes.instance(state, action);
    const kind = classes.kindOf(instance);
    const node = classes.nodeOf(instance);
    if (node >= 0) byNode[kind * nodeCount + node]!++;
    const known = classOf.get(instance);
    if (known !== undefined) return known;
    // Met once per message or node: what the people reading the report call it.
    const message =
      kind <= SYSTEM_KINDS.indexOf("duplicate")
        ? (system.actionEvent(state, action).message?.message.split("(")[0] ?? null)
        : null;
    const role = node >= 0 ? roles.indexOf(nodes[node]!.role) : -1;
    const key = `${kind} ${role} ${message}`;
    let id = classKeys.get(key);
    if (id === undefined) {
      id = labels.length;
      labels.push({ kind, role, message });
      classKeys.set(key, id);
    }
    classOf.set(instance, id);
    return id;
  };
  const coverage = new Coverage(classify);

  const report = (): CoverageReport => {
    const counts = coverage.counts();
    const rows = counts
      .map((count) => ({ count, label: labels[count.id]! }))
      .sort(
        (x, y) =>
          x.label.kind - y.label.kind || x.label.role - y.label.role || x.count.id - y.count.id,
      )
      .map(({ count, label }) => ({
        action: classes.kinds[label.kind]!,
        role: label.role >= 0 ? roles[label.role]! : null,
        message: label.message,
        enabledIn: count.enabledIn,
        taken: count.taken,
        newStates: count.newStates,
      }));
    return { rows, neverTaken: neverTaken() };
  };

  /**
   * Each local action no node takes; under no symmetry, each node that never takes a local
   * action others of its role take, or never receives a message while others of its role do.
   * (Under symmetry the search keeps one of each set of renamed states, so which node of a role
   * acts says nothing.)
   */
  const neverTaken = (): string[] => {
    const said: string[] = [];
    const taken = (kind: number, node: number) => byNode[kind * nodeCount + node]! > 0;
    const symmetric = loaded.model.symmetry.acceptors || loaded.model.symmetry.values;
    const deliver = SYSTEM_KINDS.indexOf("deliver");
    for (const local of loaded.protocol.localActions ?? []) {
      const kind = classes.kinds.indexOf(local.name);
      if (kind < 0) continue;
      const step = `a \`${local.name}\` step: ${local.description}`;
      if (!nodes.some((_, node) => taken(kind, node))) {
        said.push(`no node ever takes ${step}`);
        continue;
      }
      if (symmetric) continue;
      for (const role of roles) {
        const ofRole = nodes.flatMap((n, i) => (n.role === role ? [i] : []));
        if (!ofRole.some((node) => taken(kind, node))) continue;
        for (const node of ofRole.filter((i) => !taken(kind, i))) {
          said.push(`${nodes[node]!.id} never takes ${step}`);
        }
      }
    }
    if (!symmetric) {
      for (const role of roles) {
        const ofRole = nodes.flatMap((n, i) => (n.role === role ? [i] : []));
        const idle = ofRole.filter((node) => !taken(deliver, node));
        // A role none of whose nodes gets a message may be one the protocol never sends to.
        if (idle.length === ofRole.length) continue;
        for (const node of idle) said.push(`${nodes[node]!.id} never receives a message`);
      }
    }
    return said;
  };

  return { coverage, report };
}
