/**
 * The safety properties of consensus ("Paxos Made Simple", §2.1), over the history of votes.
 * "Chosen" always means a phase-2 quorum of the model (a true majority unless the model gives
 * other quorums) voted for the value in one ballot, whatever
 * quorum size a variant's proposers and learners use.
 */
import type { ClusterView, Invariant, StatePredicate } from "../../core/protocol.ts";
import { compareBallots, showBallot, type Ballot } from "./ballot.ts";
import type { PaxosFact, VoteCast } from "./history.ts";
import { showValue, type PaxosMessage, type Value } from "./messages.ts";
import { AcceptorState, LearnerState, ProposerState } from "./state.ts";
import { majority, modelQuorums } from "../quorums.ts";
import { lastByHistory } from "../by-history.ts";

type PaxosView = ClusterView<never, PaxosFact>;

/** A (ballot, value) pair some majority voted for, with the voters. */
interface Choice {
  readonly value: Value;
  readonly ballot: string;
  /** The ballot itself, for comparing. */
  readonly at: Ballot;
  readonly voters: readonly string[];
}

/** Every (ballot, value) a phase-2 quorum voted for, in the order first reached. */
export function choices(view: ClusterView): Choice[] {
  const quorums = modelQuorums(view.model);
  const voters = new Map<string, { vote: VoteCast; voters: string[] }>();
  for (const fact of (view as PaxosView).facts) {
    if (fact.kind !== "vote") continue;
    const key = `${showBallot(fact.ballot)}\u0000${fact.value}`;
    const entry = voters.get(key) ?? { vote: fact, voters: [] };
    entry.voters.push(fact.acceptor);
    voters.set(key, entry);
  }
  return [...voters.values()]
    .filter((entry) => quorums.phase2(entry.voters))
    .map(({ vote, voters }) => ({
      value: vote.value,
      ballot: showBallot(vote.ballot),
      at: vote.ballot,
      voters: [...voters].sort(),
    }));
}

/** The distinct values chosen so far. */
export const chosenValues = (view: ClusterView): Value[] => [
  ...new Set(choices(view).map((c) => c.value)),
];

/** Each learner that has learned, with what it learned now and every value it ever learned. */
function learners(view: ClusterView): { id: string; now: Value | null; ever: Value[] }[] {
  return view.nodes
    .filter((node) => node.state instanceof LearnerState)
    .map((node) => ({
      id: node.id,
      now: (node.state as LearnerState).decided,
      ever: (view as PaxosView).facts
        .filter((f) => f.kind === "learned" && f.learner === node.id)
        .map((f) => f.value),
    }));
}

const describeChoice = (c: Choice): string =>
  `${showValue(c.value)} by ${c.voters.join(", ")} in ballot ${c.ballot}`;

const list = (items: readonly string[]): string =>
  items.length <= 1
    ? items.join("")
    : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;

export const agreement: Invariant = {
  id: "agreement",
  readsRoles: [],
  statement: "At most one value is chosen.",
  rationale:
    "Consensus means everyone ends up with the same value. If two values are each accepted by a majority, two learners can learn different values and the replicas built on them diverge.",
  holds: (view) => chosenValues(view).length <= 1,
  formula:
    'forall f in history, g in history: (f.kind == "vote" and g.kind == "vote" and quorum(a in acceptors: exists h in history: h.kind == "vote" and h.acceptor == a and h.ballot == f.ballot and h.value == f.value) and quorum(a in acceptors: exists h in history: h.kind == "vote" and h.acceptor == a and h.ballot == g.ballot and h.value == g.value)) => f.value == g.value',
  explain: (view) => {
    const all = choices(view);
    const first = new Map<Value, Choice>();
    for (const c of all) if (!first.has(c.value)) first.set(c.value, c);
    return `${first.size} different values are chosen: ${list([...first.values()].map(describeChoice))}.`;
  },
};

export const validity: Invariant = {
  id: "validity",
  readsRoles: ["learner"],
  statement: "Only a value that some proposer proposed can be chosen or learned.",
  rationale:
    "A protocol that always decides a fixed value is trivially in agreement; validity rules that out, and catches values invented by a bug (a zero value, a value from an uninitialised field).",
  holds: (view) => {
    const proposed = new Set(view.model.values);
    return (
      chosenValues(view).every((v) => proposed.has(v)) &&
      learners(view).every((l) => l.now === null || proposed.has(l.now))
    );
  },
  formula:
    '(forall f in history: (f.kind == "vote" and quorum(a in acceptors: exists h in history: h.kind == "vote" and h.acceptor == a and h.ballot == f.ballot and h.value == f.value)) => f.value in values) and (forall l in learners: l.decided == none or l.decided in values)',
  explain: (view) => {
    const proposed = new Set(view.model.values);
    const chosen = choices(view).find((c) => !proposed.has(c.value));
    const what =
      chosen !== undefined
        ? `${showValue(chosen.value)} is chosen (by ${chosen.voters.join(", ")} in ballot ${chosen.ballot})`
        : (() => {
            const l = learners(view).find((l) => l.now !== null && !proposed.has(l.now))!;
            return `${l.id} learned ${showValue(l.now!)}`;
          })();
    return `${what}, but no proposer proposed it: the proposed values are ${list(view.model.values.map(showValue))}.`;
  },
};

export const stability: Invariant = {
  id: "stability",
  readsRoles: ["learner"],
  statement: "A learner never changes or forgets the value it learned.",
  rationale:
    "A learned value is acted on (applied, replied to a client); if it could change, the action could not be taken back.",
  holds: (view) =>
    learners(view).every(
      (l) => l.ever.length === 0 || (l.ever.length === 1 && l.now === l.ever[0]),
    ),
  formula:
    'forall f in history: f.kind == "learned" => exists l in learners: l == f.learner and l.decided == f.value',
  explain: (view) => {
    const l = learners(view).find(
      (l) => !(l.ever.length === 0 || (l.ever.length === 1 && l.now === l.ever[0])),
    )!;
    return l.now === null
      ? `${l.id} learned ${showValue(l.ever[0]!)} and then forgot it.`
      : `${l.id} learned ${list(l.ever.map(showValue))} in turn: it changed its decision.`;
  },
};

export const learnedIsChosen: Invariant = {
  id: "learned-is-chosen",
  readsRoles: ["learner"],
  statement: "A learner learns a value only if that value has been chosen.",
  rationale:
    "A learner that decides on less than a majority's votes can announce a value that a later ballot legitimately replaces.",
  holds: (view) => {
    const chosen = new Set(chosenValues(view));
    return learners(view).every((l) => l.now === null || chosen.has(l.now));
  },
  formula:
    'forall l in learners: l.decided == none or (exists f in history: f.kind == "vote" and f.value == l.decided and quorum(a in acceptors: exists h in history: h.kind == "vote" and h.acceptor == a and h.ballot == f.ballot and h.value == f.value))',
  explain: (view) => {
    const chosen = new Set(chosenValues(view));
    const l = learners(view).find((l) => l.now !== null && !chosen.has(l.now))!;
    const voters = [
      ...new Set(
        (view as PaxosView).facts
          .filter((f): f is VoteCast => f.kind === "vote" && f.value === l.now)
          .map((f) => `${f.acceptor} (ballot ${showBallot(f.ballot)})`),
      ),
    ];
    return `${l.id} learned ${showValue(l.now!)}, but ${showValue(l.now!)} is not chosen: ${
      voters.length === 0 ? "no acceptor voted for it" : `only ${list(voters)} voted for it`
    }, and ${
      view.model.quorums.kind === "majority"
        ? `a majority is ${majority(view.model.acceptors)} of ${view.model.acceptors}`
        : "a phase-2 quorum must vote"
    } in one ballot.`;
  },
};

/** Each proposer that reported a decision to its client, with the value (`decisions proposers`). */
const reports = (view: ClusterView): { id: string; value: Value }[] =>
  view.nodes.flatMap((node) =>
    node.state instanceof ProposerState && node.state.decided !== null
      ? [{ id: node.id, value: node.state.decided }]
      : [],
  );

export const reportedIsChosen: Invariant = {
  id: "reported-is-chosen",
  readsRoles: ["proposer"],
  statement: "A value a proposer reports to its client as decided has been chosen.",
  rationale:
    "The client acts on the reply: a proposer that reports its client's own value after adopting another one tells the client of a write that never took effect, while every learner learns the other value.",
  holds: (view) => {
    const chosen = new Set(chosenValues(view));
    return reports(view).every((r) => chosen.has(r.value));
  },
  vacuousIn: (model) =>
    model.own["decisions"] === "proposers"
      ? null
      : {
          why: "no proposer reports a decision",
          hint: "add `decisions proposers`: acceptors then tell the ballot's proposer too, and it reports the value decided to its client.",
        },
  formula:
    'forall p in proposers: p.decided == none or (exists f in history: f.kind == "vote" and f.value == p.decided and quorum(a in acceptors: exists h in history: h.kind == "vote" and h.acceptor == a and h.ballot == f.ballot and h.value == f.value))',
  explain: (view) => {
    const chosen = choices(view);
    const r = reports(view).find((r) => !chosen.some((c) => c.value === r.value))!;
    return `${r.id} reported ${showValue(r.value)} to its client as decided, but ${
      chosen.length === 0
        ? "no value is chosen"
        : `what is chosen is ${list(chosen.map(describeChoice))}`
    }.`;
  },
};

/** Each acceptor with a vote whose ballot is above its promise. */
const uncoveredVotes = (view: ClusterView) =>
  view.nodes.filter((node) => {
    if (!(node.state instanceof AcceptorState)) return false;
    const { promised, accepted } = node.state;
    return accepted !== null && compareBallots(promised, accepted.ballot) < 0;
  });

export const promiseCoversVote: Invariant = {
  id: "promise-covers-vote",
  readsRoles: ["acceptor"],
  statement: "Every acceptor's promise is at least the ballot of its vote.",
  rationale:
    "A vote in a ballot is a promise not to act on lower ones; an acceptor whose promise stays below its vote may promise a lower ballot and report an older vote, or accept a lower ballot over its vote, and a value chosen in between can be lost. It is part of TLA+ Paxos's inductive invariant (maxBal ≥ maxVBal), so it breaks before agreement does.",
  holds: (view) => uncoveredVotes(view).length === 0,
  formula: "forall a in acceptors: a.accepted == none or a.promised >= a.accepted.ballot",
  explain: (view) => {
    const node = uncoveredVotes(view)[0]!;
    const { promised, accepted } = node.state as AcceptorState;
    const promise =
      promised.round === 0 ? "has promised no ballot" : `has promised only ${showBallot(promised)}`;
    return `${node.id} voted in ballot ${showBallot(accepted!.ballot)} but ${promise}.`;
  },
};

/** A phase-2a proposal that can still be seen in a state, and where it is seen. */
interface Proposal {
  readonly ballot: Ballot;
  readonly value: Value;
  readonly where: string;
}

/**
 * The first proposal a state shows that `conflicts` with a choice: each proposer's current one
 * (phase 2), each Accept in flight, each vote cast (a vote is an Accept received). An Accept whose
 * every copy was lost after its proposer moved on leaves no trace and cannot be seen; it was
 * never acted on either.
 */
function findProposal(
  view: ClusterView,
  conflicts: (ballot: Ballot, value: Value) => boolean,
): Proposal | null {
  for (const node of view.nodes) {
    const state = node.state;
    if (
      state instanceof ProposerState &&
      state.phase === "accepting" &&
      conflicts(state.ballot, state.value!)
    ) {
      return { ballot: state.ballot, value: state.value!, where: `${node.id} proposes` };
    }
  }
  for (const message of view.messages as readonly PaxosMessage[]) {
    if (message.kind === "accept" && conflicts(message.ballot, message.value)) {
      const where = `an Accept to ${message.to} carries`;
      return { ballot: message.ballot, value: message.value, where };
    }
  }
  for (const fact of (view as PaxosView).facts) {
    if (fact.kind === "vote" && conflicts(fact.ballot, fact.value)) {
      return { ballot: fact.ballot, value: fact.value, where: `${fact.acceptor} voted for` };
    }
  }
  return null;
}

const choicesByHistory = lastByHistory(choices);

/** A chosen (ballot, value) and a proposal at or above its ballot with another value. */
function unsafeProposal(view: ClusterView): { choice: Choice; proposal: Proposal } | null {
  for (const choice of choicesByHistory(view)) {
    const proposal = findProposal(
      view,
      (ballot, value) => value !== choice.value && compareBallots(ballot, choice.at) >= 0,
    );
    if (proposal !== null) return { choice, proposal };
  }
  return null;
}

export const proposalSafety: Invariant = {
  id: "proposal-safety",
  readsMessages: true,
  // Agreement says the same to users, and is cheaper; this one is asked for by name.
  byDefault: false,
  statement:
    "If a value is chosen in a ballot, every proposal in that ballot or a higher one carries that value.",
  rationale:
    "This is the property Paxos Made Simple builds the protocol to keep (P2b): a proposer in a higher ballot must propose the value that may already be chosen, which phase 1 makes it learn from a quorum's votes. It implies agreement: if v is chosen in ballot b and w in ballot b' with b <= b', a quorum voted for w in b', each such vote answers a proposal at or above b, so w is v. It breaks at the first proposal that could let a second value be chosen, before any acceptor votes for it. The ballot itself is included because a ballot carries one proposal: distinct ballots per proposer give that, and a variant that lets two proposers share one breaks it here.",
  holds: (view) => unsafeProposal(view) === null,
  formula:
    'forall f in history: (f.kind == "vote" and quorum(a in acceptors: exists h in history: h.kind == "vote" and h.acceptor == a and h.ballot == f.ballot and h.value == f.value)) => ((forall p in proposers: (p.phase == "accepting" and p.ballot >= f.ballot) => p.value == f.value) and (forall m in messages: (m.kind == "accept" and m.ballot >= f.ballot) => m.value == f.value) and (forall g in history: (g.kind == "vote" and g.ballot >= f.ballot) => g.value == f.value))',
  explain: (view) => {
    const { choice, proposal } = unsafeProposal(view)!;
    return `${showValue(choice.value)} is chosen (by ${choice.voters.join(", ")} in ballot ${choice.ballot}), but ${proposal.where} ${showValue(proposal.value)} in ballot ${showBallot(proposal.ballot)}.`;
  },
};

export const paxosInvariants: readonly Invariant[] = [
  agreement,
  validity,
  stability,
  learnedIsChosen,
  reportedIsChosen,
  promiseCoversVote,
  proposalSafety,
];

/** A learner has decided: what `check eventually decided` waits for. */
export const decided: StatePredicate = {
  id: "decided",
  readsMessages: false,
  statement: "Some learner has learned a value.",
  rationale:
    "Safety alone is met by a protocol that never decides. Paxos cannot guarantee progress in every run (FLP), but with one proposer leading, a majority of acceptors up and messages delivered in the end, a value must be learned; a run where it never is shows which of those conditions fails.",
  holds: (view) => learners(view).some((l) => l.now !== null),
  formula: "exists l in learners: l.decided != none",
};

/** Every learner has decided. */
export const allLearnersDecided: StatePredicate = {
  id: "all-learners-decided",
  readsMessages: false,
  statement: "Every learner has learned a value.",
  rationale:
    "A replica that never learns the decision cannot serve it; with fair delivery of acceptors' votes to every learner, each one must learn.",
  holds: (view) => learners(view).every((l) => l.now !== null),
  formula: "forall l in learners: l.decided != none",
};

/** Some value is chosen: what learners can then learn. */
export const chosen: StatePredicate = {
  id: "chosen",
  readsMessages: false,
  statement: "Some value is chosen (a majority of acceptors voted for it in one ballot).",
  rationale:
    "Choosing is the acceptors' part of progress; learning follows once their votes reach a learner. Checking it needs no learner, so the model is smaller.",
  holds: (view) => choices(view).length > 0,
  formula:
    'exists f in history: f.kind == "vote" and quorum(a in acceptors: exists h in history: h.kind == "vote" and h.acceptor == a and h.ballot == f.ballot and h.value == f.value)',
};

export const paxosPredicates: readonly StatePredicate[] = [decided, allLearnersDecided, chosen];
