import { definePaxosVariant } from "./define.ts";

/**
 * Catalogue M11: a vote counted under the wrong identity. A proposer files each promise under its
 * own name, where the sender's belongs; every promise after the first looks like a repeat of it,
 * so a quorum is undercounted forever: nothing is chosen, and nothing unsafe happens.
 */
export const wrongIdentity = definePaxosVariant({
  name: "wrong-identity",
  changes:
    "A proposer records each promise under its own name instead of the acceptor that sent it, so promises from different acceptors count as one and no quorum is ever reached.",
  breaks: "eventually decided",
  rules: {
    recordPromise: (promises, promise) =>
      promises.some((p) => p.from === promise.to)
        ? promises
        : promises.push(promise.set("from", promise.to)),
  },
});
