/**
 * A state of the message-set Paxos as properties, formulas and people read it: TLA+'s variables
 * (maxBal, maxVBal, maxVal per acceptor, and msgs) for the protocol's own invariants, and the
 * same as acceptors with fields and messages in flight for formulas of the model language.
 */
import type { Data } from "../../core/data.ts";
import type { Model } from "../../core/model.ts";
import type { ClusterView, Envelope, NodeView } from "../../core/protocol.ts";
import type { AbstractMessage } from "./catalog.ts";
import type { AbstractView } from "./invariants.ts";

/** The name of acceptor `a` (0-based): `a1`, `a2`, … */
export const acceptorName = (a: number): string => `a${a + 1}`;

/** An acceptor's variables in the initial state, as formulas read them (see acceptorData). */
export const INITIAL_ACCEPTOR: Data = { maxBal: -1, maxVBal: null, maxVal: null };

/**
 * Acceptor `a`'s variables as data: TLA+'s -1 for "no ballot" and None for "no value" become
 * absence (`none` to a formula), except maxBal, which starts at -1 in the spec.
 */
export function acceptorData(view: AbstractView, a: number): Data {
  const vbal = view.maxVBal[a]!;
  const val = view.maxVal[a]!;
  return {
    maxBal: view.maxBal[a]!,
    maxVBal: vbal < 0 ? null : vbal,
    maxVal: val < 0 ? null : view.model.values[val]!,
  };
}

/** A message as data, with the fields of the spec's records (`type`, `acc`, `bal`, …). */
export function messageData(model: Model, m: AbstractMessage): Data {
  const val = (v: number) => (v < 0 ? null : model.values[v]!);
  switch (m.type) {
    case "1a":
      return { type: "1a", bal: m.bal };
    case "1b":
      return {
        type: "1b",
        acc: acceptorName(m.acc),
        bal: m.bal,
        mbal: m.mbal < 0 ? null : m.mbal,
        mval: val(m.mval),
      };
    case "2a":
      return { type: "2a", bal: m.bal, val: val(m.val) };
    case "2b":
      return { type: "2b", acc: acceptorName(m.acc), bal: m.bal, val: val(m.val) };
  }
}

/**
 * Both views of one state. The nodes and messages a formula reads are made when first asked
 * for, so the protocol's own invariants, which read the variables, make none.
 */
export class AbstractState implements AbstractView, ClusterView {
  private shownNodes: NodeView[] | null = null;
  private shownMessages: Envelope[] | null = null;

  constructor(
    readonly model: Model,
    readonly maxBal: readonly number[],
    readonly maxVBal: readonly number[],
    readonly maxVal: readonly number[],
    readonly msgs: readonly AbstractMessage[],
  ) {}

  /** The acceptors, each with its variables as fields. */
  get nodes(): readonly NodeView[] {
    this.shownNodes ??= this.maxBal.map((_, a) => ({
      id: acceptorName(a),
      role: "acceptor",
      state: acceptorData(this, a),
      crashed: false,
    }));
    return this.shownNodes;
  }

  /**
   * Every message sent (the spec never removes one), as the spec's records: a message has no
   * sender or receiver here (`m.from` is `none`), a 1b or 2b names its acceptor in `acc`.
   */
  get messages(): readonly Envelope[] {
    this.shownMessages ??= this.msgs.map((m) => messageData(this.model, m) as unknown as Envelope);
    return this.shownMessages;
  }

  /** The spec records no history apart from its messages. */
  get facts(): readonly never[] {
    return [];
  }
}
