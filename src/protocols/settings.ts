/**
 * Checks across model fields that the proposer-driven protocol families share (`paxos`,
 * `multipaxos` and actor-style protocols of users): ballots per proposer, the leader of a
 * liveness assumption, a set network with loss or duplication, and quorum systems. Each family's
 * settings (core/settings.ts) call these from their `complete`.
 */
import type { Model, QuorumSpec } from "../core/model.ts";
import type { GivenFields, SettingsFail } from "../core/settings.ts";
import { plural } from "../core/words.ts";

/** What `symmetry` lists, as the model holds it (a replicated log's replicas are its acceptors). */
export function symmetryOf(given: GivenFields): Model["symmetry"] {
  const names = new Set(given.symmetry?.names.map((n) => n.value) ?? []);
  return {
    acceptors: names.has("acceptors") || names.has("replicas"),
    values: names.has("values"),
  };
}

/** Each proposer's ballot count: `ballots 2 per proposer`, `ballots 2, 1`, or one each. */
export function ballotsPerProposer(
  given: GivenFields,
  proposers: number,
  fail: SettingsFail,
): number[] {
  const ballots = given.ballots;
  if (ballots?.kind === "range") {
    return fail(
      "`ballots 0..B` is for message-set protocols",
      ballots.span,
      `protocol \`${given.protocol}\` counts each proposer's ballots: write \`ballots 2 per proposer\`.`,
    );
  }
  const counts = ballots?.counts ?? [1];
  if (ballots !== null && !ballots.perProposer && counts.length !== proposers) {
    fail(
      `${plural(proposers, "proposer")} but ${plural(counts.length, "ballot count")}`,
      ballots.span,
      `\`ballots 2, 1\` gives one count to each proposer, in order; give exactly ${proposers}, or write \`ballots ${counts[0]} per proposer\`.`,
    );
  }
  return ballots === null || ballots.perProposer
    ? Array.from({ length: proposers }, () => counts[0]!)
    : [...counts];
}

/** On a `set` network every message stays deliverable: loss and duplication mean nothing. */
export function noLossOnSetNetwork(given: GivenFields, fail: SettingsFail): void {
  if (given.network.value !== "set") return;
  for (const fault of ["drop", "duplicate"] as const) {
    if (given.faults[fault] > 0) {
      fail(
        `a \`${fault}\` budget has no meaning on a \`set\` network`,
        given.faultSpans[fault]!,
        `on a set network (line ${given.lineOf(given.lines.get("network")!.start)}) every sent message stays deliverable forever, which already covers loss, duplication and reordering; remove the \`${fault}\` line.`,
      );
    }
  }
}

/** `assume leader pN` names one of the model's proposers. */
export function leaderIsAProposer(given: GivenFields, proposers: number, fail: SettingsFail): void {
  for (const assumption of given.assume) {
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
}

/**
 * The quorum system a `quorums` line gives, checked: sizes between 1 and the number of acceptors,
 * sets of known acceptors, and (unless `unchecked`) every phase-1 quorum meeting every phase-2
 * quorum, which is what makes two chosen values impossible (Flexible Paxos). `prefix` is the
 * first letter of the acceptors' ids (`a1`, `r1`).
 */
export function quorumSpec(
  given: GivenFields,
  prefix: string,
  n: number,
  fail: SettingsFail,
): QuorumSpec {
  const entry = given.quorums;
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
    if (!entry.unchecked && spec.phase1 + spec.phase2 <= n) {
      disjoint(ids.slice(0, spec.phase1), ids.slice(n - spec.phase2));
    }
    return spec;
  }
  for (const set of q.sets) {
    for (const name of set) {
      if (!ids.includes(name.value)) {
        fail(
          `\`${name.value}\` is not one of the ${who}`,
          name.span,
          `the ${who} are ${ids.join(", ")}.`,
        );
      }
    }
  }
  const sets = q.sets.map((set) => [...new Set(set.map((name) => name.value))].sort());
  if (!entry.unchecked) {
    for (const one of sets) {
      for (const two of sets) {
        if (!one.some((a) => two.includes(a))) disjoint(one, two);
      }
    }
  }
  return { kind: "sets", sets };
}

/** The ballots in words: `2 ballots per proposer`, or `ballots p1: 2, p2: 1`. */
export function describeBallots(model: Model): string {
  return model.ballots.every((b) => b === model.ballots[0])
    ? `${plural(model.ballots[0]!, "ballot")} per proposer`
    : `ballots ${model.ballots.map((b, i) => `p${i + 1}: ${b}`).join(", ")}`;
}
