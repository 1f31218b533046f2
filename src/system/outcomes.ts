/**
 * What a node's handlers do, interned and remembered: handlers are pure, so delivering message m
 * to a node in local state s gives the same outcome whenever (node, s, m) is the same. Each
 * outcome is computed once and its local state, messages and history facts become ids
 * (intern.ts), shared with the other threads of a parallel search.
 */
import type { Cluster, Envelope, NodeBehaviour } from "../core/protocol.ts";
import type { Model } from "../core/model.ts";
import { SYSTEM_KINDS } from "../core/actions.ts";
import { Interner, Registry, type RegistryBuffers } from "./intern.ts";
import { EMPTY, Made, type LocalOutcome, type Outcome, type Renaming } from "./encoding.ts";
import { checkedActions, checkedStep } from "./handler-contract.ts";
import { shown } from "../core/contracts.ts";

/** The interned outcomes of a cluster's handlers; see the module comment. */
export interface HandlerOutcomes {
  readonly registry: Registry;
  readonly localStates: Interner<unknown>;
  readonly messages: Interner<Envelope>;
  readonly facts: Interner<unknown>;
  /** Destination node of each message id this thread knows (learnt as ids are met). */
  readonly destination: number[];
  /** The destination of a message id met for the first time. */
  destinationOf(id: number): number;
  /** Interns a message (made as {@link Interner.id} says) and records its destination. */
  internMessage(message: Envelope, how: number, a: number, b: number, c: number, d: number): number;
  /** What node `node` in local state `stateId` does on receiving message `messageId`. */
  receive(node: number, stateId: number, messageId: number): Outcome;
  /** The node's own steps in local state `stateId`. */
  localSteps(node: number, stateId: number): LocalOutcome[];
  /** The local state a crash leaves (what stable storage keeps). */
  crashTo(node: number, stateId: number): number;
  /** The local state a restart leaves. */
  restartTo(node: number, stateId: number): number;
  /**
   * Removes from `out[from..length)` the messages their destination ignores forever and returns
   * the new length; null when no node says what it ignores.
   */
  readonly collect: ((out: Int32Array, from: number, length: number) => number) | null;
  /** How a renaming's index is made into the renaming (set once symmetry is built). */
  setRenamings(renamingAt: (index: number) => Renaming): void;
  /**
   * The fact ids a step adds to a history: `facts` and, placed after the events among the
   * history's fact ids `history[from..to)`, its `events` (Cluster.events); sorted.
   */
  withEvents(
    history: Int32Array,
    from: number,
    to: number,
    facts: Int32Array,
    events: Int32Array,
  ): Int32Array;
}

/**
 * The handler outcomes of a cluster's nodes; `kinds` are the system's kinds of action (a local
 * step's kind is its index there). `shared`: the registry of the other threads, if any.
 */
export function handlerOutcomes(
  model: Model,
  cluster: Cluster,
  kinds: readonly string[],
  shared: RegistryBuffers | null,
): HandlerOutcomes {
  const nodes: readonly NodeBehaviour<unknown, Envelope>[] = cluster.nodes;
  const nodeIndex = new Map(nodes.map((node, i) => [node.id, i]));
  const setNetwork = model.network === "set";

  // Ids shared with the other threads of a parallel search (see intern.ts): each value is
  // numbered with how it was made, so that a thread meeting an id it has not seen can make the
  // value again by calling the same pure handler.
  const registry = shared === null ? Registry.create(3) : Registry.attach(shared);
  /** A node's handler results, made again (not interned): for values another thread numbered. */
  const rawStep = (how: number, node: number, stateId: number, c: number) => {
    const state = localStates.value(stateId);
    return how === Made.received
      ? nodes[node]!.receive(state, messages.value(c))
      : (nodes[node]!.local?.(state) ?? [])[c]!.step;
  };
  /** The symmetry group's renaming of an index (set once symmetry reduction is built). */
  let renamingAt: (index: number) => Renaming = () => {
    throw new Error("no symmetry");
  };
  const localStates: Interner<unknown> = new Interner(registry, 0, (how, a, b, c) => {
    switch (how) {
      case Made.initial:
        return nodes[a]!.initial;
      case Made.crash:
        return nodes[a]!.crash!(localStates.value(b));
      case Made.restart:
        return nodes[a]!.restart!(localStates.value(b));
      case Made.renamed:
        return cluster.permute!(localStates.value(b), renamingAt(a));
      default:
        return rawStep(how, a, b, c).state;
    }
  });
  const messages: Interner<Envelope> = new Interner(registry, 1, (how, a, b, c, d) =>
    how === Made.renamed
      ? (cluster.permute!(messages.value(b), renamingAt(a)) as Envelope)
      : rawStep(how, a, b, c).send[d]!,
  );
  const facts: Interner<unknown> = new Interner(registry, 2, (how, a, b, c, d) => {
    if (how === Made.renamed) return cluster.permute!(facts.value(b), renamingAt(a));
    if (how === Made.placed) return cluster.events!.at(facts.value(a), b);
    const before = localStates.value(b);
    return cluster.observe!(nodes[a]!.id, before, rawStep(how, a, b, c).state)[d];
  });
  const isNode = (id: unknown): boolean => typeof id === "string" && nodeIndex.has(id);
  /** Destination node of each message id this thread knows. */
  const destination: number[] = [];
  /** The destination of a message, learnt the first time this thread meets its id. */
  const destinationOf = (id: number): number => {
    const message = messages.value(id);
    const to = nodeIndex.get(message.to);
    if (to === undefined) {
      throw new Error(`a message is addressed to ${message.to}, which is not a node of the model`);
    }
    destination[id] = to;
    return to;
  };

  // Per node, per local state id: the outcome of each message (by id), and of local actions.
  const received: Map<number, Outcome>[][] = nodes.map(() => []);
  const locals: (LocalOutcome[] | undefined)[][] = nodes.map(() => []);
  const afterCrash: (number | undefined)[][] = nodes.map(() => []);
  // Per node, per local state id: which messages it ignores forever (see NodeBehaviour).
  const ignored: Map<number, boolean>[][] = nodes.map(() => []);
  const afterRestart: (number | undefined)[][] = nodes.map(() => []);

  const internMessage = (
    message: Envelope,
    how: number,
    a: number,
    b: number,
    c: number,
    d: number,
  ): number => {
    const id = messages.id(message, how, a, b, c, d);
    if (destination[id] === undefined) destinationOf(id);
    return id;
  };

  const sortedIds = (ids: number[]): Int32Array => Int32Array.from(ids).sort();
  // On a set network a message sent twice is still one message.
  const sentIds = (ids: number[]): Int32Array => sortedIds(setNetwork ? [...new Set(ids)] : ids);

  /**
   * Interns a handler's result; facts come from comparing the node's state before and after.
   * The step is `how` (received or local) of node `node` in state `stateId`, for message or
   * local action `c`.
   */
  const intern = (
    node: number,
    before: unknown,
    step: { state: unknown; send: readonly Envelope[] },
    how: number,
    stateId: number,
    c: number,
  ): Outcome => {
    const added = cluster.observe?.(nodes[node]!.id, before, step.state) ?? [];
    const ids = added.map((f, d) => facts.id(f, how, node, stateId, c, d));
    const events = ids.filter(isEvent);
    const plain = events.length === 0 ? ids : ids.filter((id) => !isEvent(id));
    return {
      state: localStates.id(step.state, how, node, stateId, c),
      send:
        step.send.length === 0
          ? EMPTY
          : sentIds(step.send.map((m, d) => internMessage(m, how, node, stateId, c, d))),
      facts: plain.length === 0 ? EMPTY : sortedIds([...new Set(plain)]),
      events: events.length === 0 ? EMPTY : Int32Array.from(events),
    };
  };

  // Events (Cluster.events): which fact ids are events, and each event's id at each position.
  const eventFlags: (boolean | undefined)[] = [];
  const isEvent = (id: number): boolean => {
    let flag = eventFlags[id];
    if (flag === undefined) {
      flag = eventFlags[id] = cluster.events?.isEvent(facts.value(id)) ?? false;
    }
    return flag;
  };
  const placedIds = new Map<number, number>();
  const placed = (event: number, position: number): number => {
    // Positions stay far below 2^20 (each is a step of a bounded run).
    const key = event * 2 ** 20 + position;
    let id = placedIds.get(key);
    if (id === undefined) {
      const value = cluster.events!.at(facts.value(event), position);
      id = facts.id(value, Made.placed, event, position);
      placedIds.set(key, id);
    }
    return id;
  };
  const withEvents = (
    history: Int32Array,
    from: number,
    to: number,
    added: Int32Array,
    events: Int32Array,
  ): Int32Array => {
    let position = 0;
    for (let i = from; i < to; i++) if (isEvent(history[i]!)) position++;
    const ids = Array.from(added);
    for (let k = 0; k < events.length; k++) ids.push(placed(events[k]!, position + k));
    return sortedIds(ids);
  };

  const receive = (node: number, stateId: number, messageId: number): Outcome => {
    let byMessage = received[node]![stateId];
    if (byMessage === undefined) received[node]![stateId] = byMessage = new Map();
    let outcome = byMessage.get(messageId);
    if (outcome === undefined) {
      const state = localStates.value(stateId);
      const message = messages.value(messageId);
      const step = checkedStep(
        () => nodes[node]!.receive(state, message),
        () => `${nodes[node]!.id}'s receive, in state ${shown(state)}, of ${shown(message)}`,
        isNode,
      );
      outcome = intern(node, state, step, Made.received, stateId, messageId);
      byMessage.set(messageId, outcome);
    }
    return outcome;
  };

  const localSteps = (node: number, stateId: number): LocalOutcome[] => {
    let outcomes = locals[node]![stateId];
    if (outcomes === undefined) {
      const state = localStates.value(stateId);
      const actions = checkedActions(
        () => nodes[node]!.local?.(state) ?? [],
        () => `${nodes[node]!.id}'s local, in state ${shown(state)}`,
        isNode,
      );
      outcomes = actions.map((action, k) => {
        const kind = kinds.indexOf(action.kind ?? "local");
        if (kind < SYSTEM_KINDS.length) {
          throw new Error(
            `${nodes[node]!.id} takes a step of kind \`${action.kind}\`, which the protocol does not declare in its localActions`,
          );
        }
        return {
          label: action.label,
          kind,
          timeout: action.timeout === true,
          ...intern(node, state, action.step, Made.local, stateId, k),
        };
      });
      locals[node]![stateId] = outcomes;
    }
    return outcomes;
  };

  const crashTo = (node: number, stateId: number): number => {
    let id = afterCrash[node]![stateId];
    if (id === undefined) {
      id = localStates.id(
        nodes[node]!.crash!(localStates.value(stateId)),
        Made.crash,
        node,
        stateId,
      );
      afterCrash[node]![stateId] = id;
    }
    return id;
  };

  const restartTo = (node: number, stateId: number): number => {
    let id = afterRestart[node]![stateId];
    if (id === undefined) {
      id = localStates.id(
        nodes[node]!.restart!(localStates.value(stateId)),
        Made.restart,
        node,
        stateId,
      );
      afterRestart[node]![stateId] = id;
    }
    return id;
  };

  /** True if node `node` in local state `stateId` will never act on message `messageId`. */
  const ignoresForever = (node: number, stateId: number, messageId: number): boolean => {
    const behaviour = nodes[node]!;
    if (behaviour.ignoresForever === undefined) return false;
    let byMessage = ignored[node]![stateId];
    if (byMessage === undefined) ignored[node]![stateId] = byMessage = new Map();
    let answer = byMessage.get(messageId);
    if (answer === undefined) {
      answer = behaviour.ignoresForever(localStates.value(stateId), messages.value(messageId));
      byMessage.set(messageId, answer);
    }
    return answer;
  };

  /** Removes from `out[from..length)` the messages their destination ignores forever. */
  const collect = (out: Int32Array, from: number, length: number): number => {
    let o = from;
    for (let i = from; i < length; i++) {
      const message = out[i]!;
      const to = destination[message] ?? destinationOf(message);
      if (!ignoresForever(to, out[to]! >> 1, message)) out[o++] = message;
    }
    return o;
  };

  return {
    registry,
    localStates,
    messages,
    facts,
    destination,
    destinationOf,
    internMessage,
    receive,
    localSteps,
    crashTo,
    restartTo,
    collect: nodes.some((node) => node.ignoresForever !== undefined) ? collect : null,
    setRenamings: (made) => (renamingAt = made),
    withEvents,
  };
}
