/** The message-set Paxos as a checkable system: the spec, its encoding, and its decoding. */
import type { StateInvariant, StepInvariant } from "../../core/transition-system.ts";
import type { Model } from "../../core/model.ts";
import type { CheckableSystem, Snapshot, StepEvent } from "../../core/checkable.ts";
import type { Invariant, StepProperty } from "../../core/protocol.ts";
import type { AbstractRules } from "./rules.ts";
import { MessageCatalog, type AbstractMessage } from "./catalog.ts";
import type { AbstractView } from "./invariants.ts";
import * as spec from "./spec.ts";
import { canonicalizer } from "./symmetry.ts";
import { rememberedByInts } from "../../system/remember.ts";
import { AbstractState, acceptorData, acceptorName, messageData } from "./view.ts";

export function buildAbstractSystem(
  model: Model,
  invariants: readonly Invariant<AbstractView>[],
  steps: readonly StepProperty<AbstractView>[],
  rules: AbstractRules,
): CheckableSystem<AbstractView> {
  const catalog = new MessageCatalog(model.acceptors, model.maxBallot!, model.values.length);
  const s: spec.Spec = {
    acceptors: model.acceptors,
    maxBallot: model.maxBallot!,
    values: model.values.length,
    catalog,
    layout: new spec.Layout(model.acceptors, catalog.size),
    quorums: spec.majorities(model.acceptors),
    rules,
  };
  const { layout } = s;
  const buffer = new Int32Array(layout.length);
  const acceptor = acceptorName;
  const value = (v: number) => (v < 0 ? "None" : model.values[v]!);

  const messagesOf = (state: Int32Array): AbstractMessage[] => {
    const result: AbstractMessage[] = [];
    for (let i = 0; i < catalog.size; i++)
      if (spec.has(s, state, i)) result.push(catalog.decode(i));
    return result;
  };

  const view = (state: Int32Array): AbstractState =>
    new AbstractState(
      model,
      Array.from(state.subarray(layout.maxBal, layout.maxBal + s.acceptors)),
      Array.from(state.subarray(layout.maxVBal, layout.maxVBal + s.acceptors)),
      Array.from(state.subarray(layout.maxVal, layout.maxVal + s.acceptors)),
      messagesOf(state),
    );

  const describeMessage = (m: AbstractMessage): string => {
    switch (m.type) {
      case "1a":
        return `1a(bal=${m.bal})`;
      case "1b":
        return `1b(acc=${acceptor(m.acc)}, bal=${m.bal}, mbal=${m.mbal}, mval=${value(m.mval)})`;
      case "2a":
        return `2a(bal=${m.bal}, val=${value(m.val)})`;
      case "2b":
        return `2b(acc=${acceptor(m.acc)}, bal=${m.bal}, val=${value(m.val)})`;
    }
  };

  const snapshot = (state: Int32Array): Snapshot => {
    const v = view(state);
    return {
      nodes: v.maxBal.map((_, a) => ({
        id: acceptor(a),
        role: "acceptor",
        crashed: false,
        fields: {
          maxBal: String(v.maxBal[a]),
          maxVBal: String(v.maxVBal[a]),
          maxVal: value(v.maxVal[a]!),
        },
        data: acceptorData(v, a),
      })),
      messages: v.msgs.map((m) => ({
        from: "",
        to: "",
        message: describeMessage(m),
        data: messageData(model, m),
      })),
      budget: { drop: 0, duplicate: 0, crash: 0, restart: 0 },
      history: [],
      facts: [],
    };
  };

  const describeAction = (_before: Int32Array, action: number): string => {
    const [x, y, z] = spec.actionArgs(action);
    switch (spec.actionKind(action)) {
      case spec.Action.Phase1a:
        return `Phase1a(${x}): start ballot ${x}`;
      case spec.Action.Phase1b:
        return `Phase1b(${acceptor(x)}): ${acceptor(x)} promises ballot ${y}`;
      case spec.Action.Phase2a:
        return `Phase2a(${x}, ${value(y)}): propose ${value(y)} in ballot ${x}`;
      default:
        return `Phase2b(${acceptor(x)}): ${acceptor(x)} votes for ${value(z)} in ballot ${y}`;
    }
  };

  // An invariant of this view is remembered by the parts of the state it reads: the acceptor
  // variables and the words of the message set that hold the votes (2b messages); those words
  // alone if it reads no acceptor's variables (`readsRoles: []`, as agreement); every state
  // afresh if it reads the other messages (`readsMessages`). Many states share their votes, so
  // agreement is decided once per set of votes, not once per state with its acceptors' ballots:
  // about 8% of the search at ballots 0..2 (docs/notes/2026-11-performance-log.md).
  const voteWord = layout.msgs + (catalog.twoBStart >>> 5);
  const votesWidth = layout.length - voteWord;
  // Copied by loops: a subarray would be an object made per state.
  const acceptorsAndVotes = (state: Int32Array, out: Int32Array): number => {
    const msgs = layout.msgs;
    for (let i = 0; i < msgs; i++) out[i] = state[i]!;
    for (let i = voteWord; i < layout.length; i++) out[msgs + i - voteWord] = state[i]!;
    return msgs + votesWidth;
  };
  const votes = (state: Int32Array, out: Int32Array): number => {
    for (let i = voteWord; i < layout.length; i++) out[i - voteWord] = state[i]!;
    return votesWidth;
  };
  const stateInvariants: StateInvariant[] = invariants.map((invariant) => {
    const holds = (state: Int32Array): boolean => invariant.holds(view(state));
    return {
      id: invariant.id,
      holds:
        invariant.readsMessages === true
          ? holds
          : invariant.readsRoles?.length === 0
            ? rememberedByInts(votes, votesWidth, holds)
            : rememberedByInts(acceptorsAndVotes, layout.msgs + votesWidth, holds),
    };
  });

  // The refinement mappings read only maxBal and the votes (2b messages): a step that changes
  // neither is a stuttering step of Voting and Consensus, and needs no decoding.
  const firstVoteWord = voteWord;
  const changesVotesOrBallots = (before: Int32Array, after: Int32Array): boolean => {
    for (let i = layout.maxBal; i < layout.maxBal + s.acceptors; i++) {
      if (before[i] !== after[i]) return true;
    }
    for (let i = firstVoteWord; i < layout.length; i++) if (before[i] !== after[i]) return true;
    return false;
  };
  const actionEvent = (_before: Int32Array, action: number): StepEvent => {
    const [x] = spec.actionArgs(action);
    const kind = spec.actionKind(action);
    const byAcceptor = kind === spec.Action.Phase1b || kind === spec.Action.Phase2b;
    return { kind: "local", node: byAcceptor ? acceptor(x) : "" };
  };

  const stepInvariants: StepInvariant[] = steps.map((property) => ({
    id: property.id,
    holds: (before, action, after, length) =>
      !changesVotesOrBallots(before, after) ||
      property.holds(view(before), action, view(after.subarray(0, length))),
  }));

  const symmetric = model.symmetry.acceptors || model.symmetry.values;
  const canonicalize = symmetric
    ? canonicalizer(s, model.symmetry.acceptors, model.symmetry.values)
    : undefined;

  return {
    model,
    initialStates: () => [spec.initial(s)],
    successors: (state, emit) => spec.next(s, state, buffer, emit),
    invariants: stateInvariants,
    stepInvariants,
    ...(canonicalize === undefined ? {} : { canonicalize }),
    // Acceptor variables and a bitset over a fixed message catalogue: no interning.
    portable: true,
    view,
    snapshot,
    describeAction,
    actionEvent,
  };
}
