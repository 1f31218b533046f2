/**
 * The kinds of action every actor system has, in the order of the actor runtime's action codes:
 * a model's `fairness` names them (with a protocol's own local kinds after them).
 */
export const SYSTEM_KINDS = [
  "deliver",
  "drop",
  "duplicate",
  "crash",
  "recover",
  "restart",
] as const;
