/**
 * Action codes: each transition of the actor system is named by one integer, so the explorer can
 * store it in a typed array and replay it. The low 3 bits say what happened; the rest say to
 * what (a message id, or a node index and the ordinal of its local action).
 */
export const ActionKind = {
  /** A message is delivered to its destination, which handles it. */
  Deliver: 0,
  /** The network loses a message. */
  Drop: 1,
  /** The network makes a second copy of a message. */
  Duplicate: 2,
  /** A node crashes: it stops, and its state falls back to its stable storage. */
  Crash: 3,
  /** A crashed node starts taking steps again. */
  Recover: 4,
  /** A node restarts at once, losing its volatile state. */
  Restart: 5,
  /** A node takes a step of its own (e.g. a proposer starts a ballot). */
  Local: 6,
} as const;
export type ActionKind = (typeof ActionKind)[keyof typeof ActionKind];

/** Nodes are at most 64, so a node index fits in 6 bits. */
export const MAX_NODES = 64;

export const messageAction = (kind: ActionKind, message: number): number => (message << 3) | kind;
export const nodeAction = (kind: ActionKind, node: number): number => (node << 3) | kind;
export const localAction = (node: number, ordinal: number): number =>
  (((ordinal << 6) | node) << 3) | ActionKind.Local;

export const actionKind = (action: number): ActionKind => (action & 7) as ActionKind;
/** The message id of a Deliver, Drop or Duplicate; the node of a Crash, Recover or Restart. */
export const actionTarget = (action: number): number => action >>> 3;
export const localNode = (action: number): number => (action >>> 3) & 63;
export const localOrdinal = (action: number): number => action >>> 9;
