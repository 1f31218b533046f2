/**
 * The model fields of a membership change (`members`, `reconfigure`, `window`), checked against
 * the rest of the model, and the change in words for the report header (membership.ts says what
 * a configuration does).
 */
import type { Reconfiguration } from "../../core/model.ts";
import type { GivenFields, SettingsFail } from "../../core/settings.ts";
import { plural } from "../../core/words.ts";
import { majority } from "../quorums.ts";
import { disjointQuorums, reconfigurationCommand, showMembers } from "./membership.ts";

const byNumber = (a: string, b: string): number => Number(a.slice(1)) - Number(b.slice(1));

/** The membership change a model asks for, or null when every replica is a member throughout. */
export function reconfigurationOf(
  given: GivenFields,
  replicas: number,
  fail: SettingsFail,
): Reconfiguration | null {
  const line = (field: string) => given.lines.get(field) ?? null;
  const next = (given.own["reconfigure"] as readonly string[] | undefined) ?? [];
  if (next.length === 0) {
    for (const field of ["members", "window"]) {
      if (given.lines.has(field)) {
        fail(
          `\`${field}\` only matters when the membership changes`,
          line(field),
          "add the members a reconfiguration installs, e.g. `reconfigure r2, r3, r4`, or remove this line.",
        );
      }
    }
    return null;
  }
  const ids = Array.from({ length: replicas }, (_, i) => `r${i + 1}`);
  const membersOf = (field: string, names: readonly string[]): string[] => {
    for (const name of names) {
      if (!ids.includes(name)) {
        fail(
          `\`${name}\` is not one of the replicas`,
          line(field),
          `the replicas are ${ids.join(", ")}; raise \`replicas\` to add one.`,
        );
      }
    }
    return [...names].sort(byNumber);
  };
  const given0 = (given.own["members"] as readonly string[] | undefined) ?? [];
  const first = given0.length === 0 ? ids : membersOf("members", given0);
  const second = membersOf("reconfigure", next);
  if (showMembers(first) === showMembers(second)) {
    fail(
      `\`reconfigure\` installs the members the log already has, ${showMembers(first)}`,
      line("reconfigure"),
      "name the member set after the change, e.g. with one replica out and another in.",
    );
  }
  const idle = ids.find((id) => !first.includes(id) && !second.includes(id));
  if (idle !== undefined) {
    fail(
      `${idle} is a member of no configuration`,
      line("replicas"),
      "a replica outside every configuration never acts; lower `replicas`, or add it to `members` or `reconfigure`.",
    );
  }
  const window = given.own["window"] as number;
  const slots = given.counts["slots"]!;
  if (slots <= window) {
    fail(
      `with \`window ${window}\`, a reconfiguration chosen in slot 1 acts from slot ${window + 1}, but the log has ${plural(slots, "slot")}`,
      line("slots"),
      `give \`slots ${window + 1}\` or more, so that the new members act on a slot.`,
    );
  }
  if (given.symmetry?.names.some((n) => n.value === "replicas") === true) {
    fail(
      "the replicas are not interchangeable when the membership changes",
      given.symmetry.span,
      "members and non-members play different parts; remove `symmetry replicas`.",
    );
  }
  if (given.quorums !== null && given.quorums.quorums.kind !== "majority") {
    fail(
      "with `reconfigure`, each configuration's quorums are majorities of its members",
      given.quorums.span,
      "remove the `quorums` line; synod reports whether the two configurations' quorums meet.",
    );
  }
  return {
    configurations: [first, second],
    commands: [reconfigurationCommand(second)],
    window,
  };
}

/**
 * The change in words, for the report header: the two member sets, when the second acts, and
 * whether their quorums meet (the static check of the pair: if they do not, only the window
 * keeps them from choosing two commands in one slot).
 */
export function describeMembership(reconfiguration: Reconfiguration | null): string {
  if (reconfiguration === null) return "";
  const [first, second] = reconfiguration.configurations as [string[], string[]];
  const disjoint = disjointQuorums(first, second, majority);
  const meet =
    disjoint === null
      ? "every quorum of one meets every quorum of the other"
      : `quorums ${showMembers(disjoint[0])} and ${showMembers(disjoint[1])} do not meet: only the window keeps the two apart`;
  return ` (membership ${showMembers(first)} → ${showMembers(second)}, ${plural(reconfiguration.window, "slot")} after c1's ${reconfigurationCommand(second)} is chosen; ${meet})`;
}
