/**
 * Two-phase commit, written from scratch against synod's public API: a protocol of your own.
 *
 * A transaction manager `tm` asks resource managers `rm1`, `rm2`, … to prepare. A resource
 * manager that can commit votes yes and waits, prepared; one that cannot aborts and votes no.
 * The transaction manager commits when every vote is yes and aborts on a no vote or when it gives
 * up waiting; it tells every resource manager its decision. (Gray and Lamport, "Consensus on
 * Transaction Commit", section 3.)
 *
 * The safety properties hold under losses, duplicates and crashes. The liveness property does
 * not: a prepared resource manager may neither commit nor abort on its own, so if the
 * transaction manager crashes and stays down, the prepared ones wait for ever. That is 2PC's
 * blocking problem, and `blocking.synod` shows it.
 */
import { List, Record } from "immutable";
import {
  defineProtocol,
  defineVariant,
  type Cluster,
  type ClusterView,
  type Invariant,
  type Model,
  type ModelSettings,
  type NodeBehaviour,
  type Renaming,
  type StatePredicate,
  type Step,
} from "synod";

// ---------------------------------------------------------------------------------------------
// Messages: immutable Records, so synod compares and stores them by value.

/** The transaction manager asks a resource manager to prepare. */
class Prepare extends Record({ kind: "prepare" as const, from: "", to: "" }) {}
/** A resource manager's vote. */
class VoteMsg extends Record({ kind: "vote" as const, from: "", to: "", yes: false }) {}
/** The transaction manager's decision. */
class Decision extends Record({ kind: "decision" as const, from: "", to: "", commit: false }) {}

type Message = Prepare | VoteMsg | Decision;

const describeMessage = (m: Message): string =>
  m.kind === "prepare"
    ? "Prepare"
    : m.kind === "vote"
      ? `Vote(${m.yes ? "yes" : "no"})`
      : `Decision(${m.commit ? "commit" : "abort"})`;

// ---------------------------------------------------------------------------------------------
// Local states.

type RmStatus = "working" | "prepared" | "committed" | "aborted";

/** A resource manager: all of it is on stable storage (its log). */
class RmState extends Record({ status: "working" as RmStatus }) {}

type TmPhase = "init" | "waiting" | "committed" | "aborted";

/**
 * The transaction manager: its phase is logged; the yes votes it has counted are not. They are a
 * sorted List rather than a Set: equal states must be equal values, and TypeScript checks Lists
 * of immutable much faster than Sets.
 */
class TmState extends Record({ phase: "init" as TmPhase, yes: List<string>() }) {}

// ---------------------------------------------------------------------------------------------
// History facts: how each resource manager voted, for the invariants (a resource manager that
// voted yes and was then told to abort no longer shows its vote).

class Voted extends Record({ kind: "voted" as const, rm: "" }) {}

// ---------------------------------------------------------------------------------------------
// The rules a variant may change.

/** What a variant of two-phase commit may replace. */
export interface CommitRules {
  /** What the transaction manager's stable storage keeps through a crash. */
  afterCrash(state: TmState): TmState;
}

const correctRules: CommitRules = {
  // The phase is logged before the decision is sent; the counted votes are lost.
  afterCrash: (state) => state.set("yes", List<string>()),
};

const variants = [
  defineVariant<CommitRules>({
    name: "forgetful-coordinator",
    protocol: "two-phase-commit",
    changes:
      "The transaction manager keeps its decision in memory only: after a crash it is waiting again, and may give up and abort a transaction it committed.",
    breaks: "atomicity",
    rules: { afterCrash: () => new TmState({ phase: "waiting" }) },
  }),
];

// ---------------------------------------------------------------------------------------------
// The model fields it takes: how many resource managers, a network, faults, symmetry.

const settings: ModelSettings = {
  fields: {
    network: { example: "network unordered" },
    faults: { example: "faults { drop 1; crash 1 }" },
    symmetry: { example: "symmetry resource-managers" },
  },
  symmetries: {
    names: ["resource-managers"],
    hint: "write `symmetry resource-managers`: they are the interchangeable nodes.",
  },
  own: [
    {
      name: "resource-managers",
      type: "count",
      default: 2,
      min: 1,
      max: 6,
      meaning: "How many resource managers take part in the transaction.",
    },
  ],
  acceptorNoun: "resource manager",
  crashNoun: "node",
  complete: (given) => ({
    acceptors: 0,
    proposers: 0,
    learners: 0,
    values: [],
    valueChoice: "each",
    ballots: [],
    maxBallot: null,
    log: null,
    network: given.network.value,
    faults: given.faults,
    retry: false,
    quorums: { kind: "majority" },
    symmetry: {
      acceptors: given.symmetry?.names.some((n) => n.value === "resource-managers") ?? false,
      values: false,
    },
  }),
  describe: (model) =>
    `transaction manager tm, resource managers ${rmIds(model.own["resource-managers"] as number).join(", ")}`,
};

// ---------------------------------------------------------------------------------------------
// The nodes.

const TM = "tm";
const rmIds = (count: number) => Array.from({ length: count }, (_, i) => `rm${i + 1}`);

function build(model: Model, variant: { rules: Partial<CommitRules> } | null): Cluster {
  const rules: CommitRules = { ...correctRules, ...variant?.rules };
  const rms = rmIds(model.own["resource-managers"] as number);
  const decide = (state: TmState, commit: boolean): Step<TmState, Message> => ({
    state: state.set("phase", commit ? "committed" : "aborted"),
    send: rms.map((to) => new Decision({ from: TM, to, commit })),
  });

  const tm: NodeBehaviour<TmState, Message> = {
    id: TM,
    role: "transaction-manager",
    initial: new TmState(),
    receive(state, message) {
      if (message.kind !== "vote" || state.phase !== "waiting") return { state, send: [] };
      if (!message.yes) return decide(state, false);
      const yes = state.yes.includes(message.from)
        ? state.yes
        : state.yes.push(message.from).sort();
      return yes.size === rms.length
        ? decide(state, true)
        : { state: state.set("yes", yes), send: [] };
    },
    local(state) {
      if (state.phase === "init") {
        return [
          {
            label: `${TM} asks ${rms.join(", ")} to prepare`,
            kind: "begin",
            step: {
              state: state.set("phase", "waiting"),
              send: rms.map((to) => new Prepare({ from: TM, to })),
            },
          },
        ];
      }
      if (state.phase === "waiting") {
        // A timeout in an asynchronous system: it may fire at any time.
        return [{ label: `${TM} gives up waiting`, kind: "give-up", step: decide(state, false) }];
      }
      return [];
    },
    crash: (state) => rules.afterCrash(state),
    show: (state) => ({
      phase: state.phase,
      ...(state.phase === "waiting" ? { yes: state.yes.join(", ") || "none" } : {}),
    }),
  };

  const rm = (id: string): NodeBehaviour<RmState, Message> => ({
    id,
    role: "resource-manager",
    initial: new RmState(),
    receive(state, message) {
      if (message.kind === "prepare") {
        if (state.status === "working") {
          return {
            state: state.set("status", "prepared"),
            send: [new VoteMsg({ from: id, to: TM, yes: true })],
          };
        }
        // Asked again (a duplicate), or it aborted on its own: say so again.
        return state.status === "aborted"
          ? { state, send: [new VoteMsg({ from: id, to: TM, yes: false })] }
          : { state, send: [] };
      }
      if (
        message.kind === "decision" &&
        (state.status === "working" || state.status === "prepared")
      ) {
        return { state: state.set("status", message.commit ? "committed" : "aborted"), send: [] };
      }
      return { state, send: [] };
    },
    local: (state) =>
      state.status === "working"
        ? [
            {
              label: `${id} cannot commit and aborts`,
              kind: "abort",
              step: { state: state.set("status", "aborted"), send: [] },
            },
          ]
        : [],
    crash: (state) => state,
    show: (state) => ({ status: state.status }),
  });

  return {
    nodes: [tm, ...rms.map(rm)],
    describeMessage: (message) => describeMessage(message as Message),
    observe(node, before, after) {
      if (!(before instanceof RmState) || !(after instanceof RmState)) return [];
      if (before.status !== "working" || after.status === "working") return [];
      // From working to prepared is a yes vote.
      return after.status === "prepared" ? [new Voted({ rm: node })] : [];
    },
    describeFact: (fact) => `${(fact as Voted).rm} voted yes`,
    symmetricRole: "resource-manager",
    permute(value: unknown, renaming: Renaming): unknown {
      if (value instanceof TmState) return value.set("yes", value.yes.map(renaming.node).sort());
      if (value instanceof Voted) return value.set("rm", renaming.node(value.rm));
      if (value instanceof Prepare || value instanceof VoteMsg || value instanceof Decision) {
        const renamed = (value as Prepare).set("from", renaming.node(value.from));
        return renamed.set("to", renaming.node(value.to));
      }
      return value; // RmState names nobody
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Properties.

const statuses = (view: ClusterView) =>
  view.nodes
    .filter((n) => n.role === "resource-manager")
    .map((n) => ({ id: n.id, status: (n.state as RmState).status }));

const atomicity: Invariant = {
  id: "atomicity",
  statement: "No resource manager commits while another aborts.",
  rationale: "A transaction takes effect everywhere or nowhere.",
  readsRoles: ["resource-manager"],
  holds: (view) => {
    const all = statuses(view);
    return !(all.some((r) => r.status === "committed") && all.some((r) => r.status === "aborted"));
  },
  explain: (view) => {
    const all = statuses(view);
    const committed = all.filter((r) => r.status === "committed").map((r) => r.id);
    const aborted = all.filter((r) => r.status === "aborted").map((r) => r.id);
    return `${committed.join(", ")} committed but ${aborted.join(", ")} aborted.`;
  },
};

const yesVoters = (view: ClusterView) =>
  new Set(view.facts.filter((f): f is Voted => f instanceof Voted).map((f) => f.rm));

const commitValidity: Invariant = {
  id: "commit-validity",
  statement: "A resource manager commits only if every resource manager voted yes.",
  rationale: "One that could not commit must be able to veto the transaction.",
  readsRoles: ["resource-manager"],
  holds: (view) => {
    const all = statuses(view);
    if (!all.some((r) => r.status === "committed")) return true;
    const yes = yesVoters(view);
    return all.every((r) => yes.has(r.id));
  },
  explain: (view) => {
    const all = statuses(view);
    const yes = yesVoters(view);
    const committed = all.filter((r) => r.status === "committed").map((r) => r.id);
    const vetoed = all.filter((r) => !yes.has(r.id)).map((r) => r.id);
    return `${committed.join(", ")} committed, but ${vetoed.join(", ")} never voted yes.`;
  },
};

const allDecided: StatePredicate = {
  id: "all-decided",
  statement: "Every resource manager has committed or aborted.",
  rationale: "A prepared resource manager holds its locks until it learns the outcome.",
  holds: (view) => statuses(view).every((r) => r.status === "committed" || r.status === "aborted"),
};

export default defineProtocol<CommitRules>({
  name: "two-phase-commit",
  summary:
    "Two-phase commit: a transaction manager asks resource managers to prepare, and commits only if all vote yes.",
  settings,
  invariants: [atomicity, commitValidity],
  predicates: [allDecided],
  localActions: [
    { name: "begin", description: "the transaction manager asks everyone to prepare" },
    { name: "give-up", description: "the transaction manager stops waiting for votes and aborts" },
    { name: "abort", description: "a resource manager that cannot commit aborts on its own" },
  ],
  variants,
  build,
});
