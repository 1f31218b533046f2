/**
 * The safety properties of a replicated log, and the predicate its liveness property names.
 * "Chosen" means a phase-2 quorum of replicas (a majority by default) voted for the command in the
 * slot in one ballot, at any time of the run (from the vote history), whatever a variant's leader
 * counts. When the membership changes, the quorum is a majority of the configuration the leader's
 * Accepts named; the formulas state the fixed-membership case.
 */
import type { ClusterView, Invariant, StatePredicate } from "../../core/protocol.ts";
import { compareBallots, showBallot, type Ballot } from "../paxos/ballot.ts";
import type { MultiPaxosFact, SlotVote } from "./history.ts";
import { NOOP, type Command, type MultiPaxosMessage } from "./messages.ts";
import { ProposerState, ReplicaState } from "./state.ts";
import { majority, modelQuorums } from "../quorums.ts";
import { memberQuorums, showMembers } from "./membership.ts";
import { lastByHistory } from "../by-history.ts";

type LogView = ClusterView<never, MultiPaxosFact>;

/**
 * Each (slot, ballot, command) a phase-2 quorum of replicas voted for, with its voters. When the
 * membership changes, a quorum is a majority of the configuration the votes were cast in, as the
 * leader's Accepts named it: the configuration the protocol acted under in that slot.
 */
function slotChoices(view: ClusterView): { vote: SlotVote; voters: string[] }[] {
  const reconfiguration = view.model.log!.reconfiguration;
  const quorumsOf = (configuration: number) => {
    if (reconfiguration === null) return modelQuorums(view.model);
    const members = reconfiguration.configurations[configuration]!;
    return memberQuorums(members, majority(members.length));
  };
  const votes = new Map<string, { vote: SlotVote; voters: string[] }>();
  for (const fact of (view as LogView).facts) {
    if (fact.kind !== "vote") continue;
    const key = `${fact.slot}\u0000${showBallot(fact.ballot)}\u0000${fact.command}\u0000${fact.configuration}`;
    const entry = votes.get(key) ?? { vote: fact, voters: [] };
    entry.voters.push(fact.replica);
    votes.set(key, entry);
  }
  return [...votes.values()].filter((entry) =>
    quorumsOf(entry.vote.configuration).phase2(entry.voters),
  );
}

/** For each slot, the commands chosen in it, with a ballot and the voters of one choice each. */
export function chosenBySlot(
  view: ClusterView,
): Map<number, Map<string, { ballot: string; voters: string[]; members: string }>> {
  const configurations = view.model.log!.reconfiguration?.configurations ?? null;
  const chosen = new Map<
    number,
    Map<string, { ballot: string; voters: string[]; members: string }>
  >();
  for (const { vote, voters } of slotChoices(view)) {
    const slot = chosen.get(vote.slot) ?? new Map();
    if (!slot.has(vote.command)) {
      slot.set(vote.command, {
        ballot: showBallot(vote.ballot),
        voters: [...voters].sort(),
        // Whose majority it was, when the membership changes.
        members:
          configurations === null
            ? ""
            : ` among ${showMembers(configurations[vote.configuration]!)}`,
      });
    }
    chosen.set(vote.slot, slot);
  }
  return chosen;
}

/** Each replica with what it applied: `slot: command` in the order applied. */
function replicas(view: ClusterView): { id: string; state: ReplicaState; log: string[] }[] {
  return view.nodes
    .filter((node) => node.state instanceof ReplicaState)
    .map((node) => {
      const state = node.state as ReplicaState;
      return {
        id: node.id,
        state,
        log: state.appliedSlots.map((s) => `${s}: ${state.committed.get(s)}`).toArray(),
      };
    });
}

const isPrefix = (a: readonly string[], b: readonly string[]): boolean =>
  a.every((entry, i) => b[i] === entry);

export const slotAgreement: Invariant = {
  id: "slot-agreement",
  readsRoles: [],
  statement: "In every slot of the log, at most one command is chosen.",
  rationale:
    "Each slot is one instance of consensus. Two commands chosen in one slot means two replicas can apply different commands at the same position, and their states diverge for good.",
  holds: (view) => [...chosenBySlot(view).values()].every((commands) => commands.size <= 1),
  formula:
    'forall f in history, g in history: (f.kind == "vote" and g.kind == "vote" and f.slot == g.slot and f.command != g.command) => not (quorum(r in replicas: exists h in history: h.kind == "vote" and h.replica == r and h.slot == f.slot and h.ballot == f.ballot and h.command == f.command) and quorum(r in replicas: exists h in history: h.kind == "vote" and h.replica == r and h.slot == g.slot and h.ballot == g.ballot and h.command == g.command))',
  explain: (view) => {
    const [slot, commands] = [...chosenBySlot(view)].find(([, c]) => c.size > 1)!;
    const which = [...commands].map(
      ([command, c]) => `${command} by ${c.voters.join(", ")} in ballot ${c.ballot}${c.members}`,
    );
    return `Slot ${slot} has ${commands.size} chosen commands: ${which.join(" and ")}.`;
  },
};

export const committedIsChosen: Invariant = {
  id: "committed-is-chosen",
  readsRoles: ["replica"],
  statement: "A replica learns a command for a slot only if that command is chosen in that slot.",
  rationale:
    "A replica applies what it learns; if it learns a command no majority accepted in one ballot, a later leader can legitimately get another command chosen there, and the replicas diverge.",
  holds: (view) => {
    const chosen = chosenBySlot(view);
    return replicas(view).every((r) =>
      r.state.committed.every((command, slot) => chosen.get(slot)?.has(command) === true),
    );
  },
  formula:
    'forall q in replicas, s in q.committed: exists f in history: f.kind == "vote" and f.slot == s and f.command == q.committed[s] and quorum(r in replicas: exists h in history: h.kind == "vote" and h.replica == r and h.slot == f.slot and h.ballot == f.ballot and h.command == f.command)',
  explain: (view) => {
    const chosen = chosenBySlot(view);
    for (const r of replicas(view)) {
      for (const [slot, command] of r.state.committed) {
        if (chosen.get(slot)?.has(command) === true) continue;
        const voters = (view as LogView).facts
          .filter(
            (f): f is SlotVote => f.kind === "vote" && f.slot === slot && f.command === command,
          )
          .map((f) => `${f.replica} (ballot ${showBallot(f.ballot)})`);
        return `${r.id} learned ${command} for slot ${slot}, but ${command} is not chosen there: ${
          voters.length === 0 ? "no replica voted for it" : `only ${voters.join(", ")} voted for it`
        }, and a majority must vote in one ballot.`;
      }
    }
    return "";
  },
};

export const logConsistency: Invariant = {
  id: "log-consistency",
  readsRoles: ["replica"],
  statement:
    "Any two replicas have applied the same commands in the same slots, up to the shorter log.",
  rationale:
    "State machine replication is correct only if every replica applies the same sequence: a replica that applied a different command (or in a different order) answers clients from a state no other replica has.",
  holds: (view) => {
    const all = replicas(view);
    return all.every((a) => all.every((b) => isPrefix(a.log, b.log) || isPrefix(b.log, a.log)));
  },
  formula:
    "forall r in replicas, q in replicas, i in 1..count(s in r.appliedSlots): i > count(s in q.appliedSlots) or (r.appliedSlots[i] == q.appliedSlots[i] and r.committed[r.appliedSlots[i]] == q.committed[q.appliedSlots[i]])",
  explain: (view) => {
    const all = replicas(view);
    for (const a of all) {
      for (const b of all) {
        if (isPrefix(a.log, b.log) || isPrefix(b.log, a.log)) continue;
        const show = (r: { id: string; log: string[] }) => `${r.id} applied ${r.log.join(", ")}`;
        return `The logs disagree: ${show(a)}; ${show(b)}.`;
      }
    }
    return "";
  },
};

export const appliedInOrder: Invariant = {
  id: "applied-in-order",
  readsRoles: ["replica"],
  statement: "A replica applies slot i only after slot i - 1: its applied log has no gaps.",
  rationale:
    "Commands do not commute in general; a replica that applies slot 3 before slot 2 is in a state no sequential execution produces.",
  holds: (view) => replicas(view).every((r) => r.state.appliedSlots.every((s, i) => s === i + 1)),
  formula: "forall r in replicas, i in 1..count(s in r.appliedSlots): r.appliedSlots[i] == i",
  explain: (view) => {
    const r = replicas(view).find((r) => !r.state.appliedSlots.every((s, i) => s === i + 1))!;
    const i = r.state.appliedSlots.findIndex((s, k) => s !== k + 1);
    return `${r.id} applied slot ${r.state.appliedSlots.get(i)} before slot ${i + 1} (its applied slots, in order: ${r.state.appliedSlots.join(", ")}).`;
  },
};

export const logValidity: Invariant = {
  id: "log-validity",
  readsRoles: ["replica"],
  statement: "Every command a replica applies was submitted by a client (no-ops aside).",
  rationale:
    "A replica must not invent commands: a no-op fills a gap, anything else must come from a client.",
  holds: (view) => {
    const submitted = submittedCommands(view);
    return replicas(view).every((r) => r.state.applied.every((c) => submitted.has(c)));
  },
  formula:
    'forall r in replicas, c in r.applied: exists f in history: f.kind == "submitted" and f.command == c',
  explain: (view) => {
    const submitted = submittedCommands(view);
    const r = replicas(view).find((r) => !r.state.applied.every((c) => submitted.has(c)))!;
    const command = r.state.applied.find((c) => !submitted.has(c))!;
    return `${r.id} applied ${command}, which no client submitted.`;
  },
};

const submittedCommands = (view: ClusterView): Set<string> =>
  new Set((view as LogView).facts.flatMap((f) => (f.kind === "submitted" ? [f.command] : [])));

export const atMostOnce: Invariant = {
  id: "at-most-once",
  readsRoles: ["replica"],
  statement: "No replica applies a client's command twice.",
  rationale:
    "A client retries a command whose reply it did not get; if the first attempt was chosen too, the command sits in two slots. Applying it twice (an append, a transfer) is a visible error, so a replica must skip the second.",
  holds: (view) =>
    replicas(view).every((r) => new Set(r.state.applied).size === r.state.applied.size),
  formula: "forall r in replicas, c in r.applied: count(d in r.applied: d == c) == 1",
  explain: (view) => {
    const r = replicas(view).find((r) => new Set(r.state.applied).size !== r.state.applied.size)!;
    const twice = r.state.applied.find((c, i) => r.state.applied.indexOf(c) !== i)!;
    const slots = r.state.appliedSlots.filter((s) => r.state.committed.get(s) === twice);
    return `${r.id} applied ${twice} twice, from slots ${slots.join(" and ")}.`;
  },
};

/** A phase-2a proposal for a slot that a state shows, and where. */
interface SlotProposal {
  readonly slot: number;
  readonly ballot: Ballot;
  readonly command: Command;
  readonly where: string;
}

/**
 * The first proposal for `slot` a state shows that `conflicts` with a choice: each leader's
 * proposal in its ballot, each Accept in flight, each vote cast (as paxos's proposal-safety: a
 * lost Accept of a leader that moved on is not seen).
 */
function findSlotProposal(
  view: ClusterView,
  slot: number,
  conflicts: (ballot: Ballot, command: Command) => boolean,
): SlotProposal | null {
  for (const node of view.nodes) {
    const state = node.state;
    if (!(state instanceof ProposerState) || state.phase !== "leading") continue;
    const command = state.proposals.get(slot);
    if (command !== undefined && conflicts(state.ballot, command)) {
      return { slot, ballot: state.ballot, command, where: `${node.id} proposes` };
    }
  }
  for (const message of view.messages as readonly MultiPaxosMessage[]) {
    if (message.kind === "accept" && message.slot === slot) {
      const { ballot, command } = message;
      if (conflicts(ballot, command)) {
        return { slot, ballot, command, where: `an Accept to ${message.to} carries` };
      }
    }
  }
  for (const fact of (view as LogView).facts) {
    if (fact.kind === "vote" && fact.slot === slot && conflicts(fact.ballot, fact.command)) {
      const { ballot, command } = fact;
      return { slot, ballot, command, where: `${fact.replica} voted for` };
    }
  }
  return null;
}

const slotChoicesByHistory = lastByHistory(slotChoices);

/** A command chosen in a slot and a proposal there, at or above its ballot, of another command. */
function unsafeSlotProposal(view: ClusterView) {
  for (const choice of slotChoicesByHistory(view)) {
    const { slot, ballot, command } = choice.vote;
    const proposal = findSlotProposal(
      view,
      slot,
      (b, c) => c !== command && compareBallots(b, ballot) >= 0,
    );
    if (proposal !== null) return { choice, proposal };
  }
  return null;
}

export const slotProposalSafety: Invariant = {
  id: "proposal-safety",
  readsMessages: true,
  byDefault: false,
  statement:
    "If a command is chosen in a slot in a ballot, every proposal for that slot in that ballot or a higher one carries that command.",
  rationale:
    "Paxos's own safety property (P2b), slot by slot: a new leader must propose, in every slot, the command a quorum may already have chosen there, which its phase 1 over the whole log makes it learn. It implies slot-agreement and breaks at the first proposal that would let a second command be chosen, before any replica votes for it.",
  holds: (view) => unsafeSlotProposal(view) === null,
  formula:
    'forall f in history: (f.kind == "vote" and quorum(r in replicas: exists h in history: h.kind == "vote" and h.replica == r and h.slot == f.slot and h.ballot == f.ballot and h.command == f.command)) => ((forall p in proposers: (p.phase == "leading" and p.ballot >= f.ballot and p.proposals[f.slot] != none) => p.proposals[f.slot] == f.command) and (forall m in messages: (m.kind == "accept" and m.slot == f.slot and m.ballot >= f.ballot) => m.command == f.command) and (forall g in history: (g.kind == "vote" and g.slot == f.slot and g.ballot >= f.ballot) => g.command == f.command))',
  explain: (view) => {
    const { choice, proposal } = unsafeSlotProposal(view)!;
    const { slot, ballot, command } = choice.vote;
    return `${command} is chosen in slot ${slot} (by ${[...choice.voters].sort().join(", ")} in ballot ${showBallot(ballot)}), but ${proposal.where} ${proposal.command} there in ballot ${showBallot(proposal.ballot)}.`;
  },
};

export const multiPaxosInvariants: readonly Invariant[] = [
  slotAgreement,
  committedIsChosen,
  logConsistency,
  appliedInOrder,
  logValidity,
  atMostOnce,
  slotProposalSafety,
];

/** Every command is applied at every replica: what `check eventually all-applied` waits for. */
export const allApplied: StatePredicate = {
  id: "all-applied",
  statement: "Every replica has applied every client command.",
  rationale:
    "With a stable leader, a majority of replicas up and messages delivered in the end, every submitted command must reach every replica's state machine; a run where one never does shows which condition fails.",
  holds: (view) =>
    replicas(view).every((r) => view.model.log!.commands.every((c) => r.state.applied.includes(c))),
  formula: "forall r in replicas, c in values: c in r.applied",
};

export const multiPaxosPredicates: readonly StatePredicate[] = [allApplied];

/** Commands other than no-ops, for display. */
export const isCommand = (c: string): boolean => c !== NOOP;
