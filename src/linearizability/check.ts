/**
 * Linearizability of a history of client operations against a sequential specification: Wing and
 * Gong's search for an order of the operations that respects real time and gives every completed
 * operation its recorded output, with Lowe's memoisation of (operations placed, object state), and
 * the history split into independent parts first (per key, as Porcupine does), each checked alone:
 * a history is linearizable if and only if each part is (Herlihy and Wing's locality).
 *
 * A pending call (no return yet) may have taken effect or not: the search may place it anywhere
 * after its call, with whatever output the specification gives, or leave it out.
 */

/** One operation of a history: its call and, once it returned, its return and output. */
export interface Operation<Input, Output> {
  /** Who called it: a client's name. */
  readonly client: string;
  readonly input: Input;
  /** When it was called: a position in the history's order of events. */
  readonly call: number;
  /** When it returned; absent while the call is pending. */
  readonly ret?: number;
  /** What it returned; absent while the call is pending. */
  readonly output?: Output;
}

/** A sequential object: what each operation does to its state, and returns. */
export interface SequentialSpec<State, Input, Output> {
  readonly init: State;
  /** The state after `input` and what a sequential object returns for it. */
  step(state: State, input: Input): { readonly state: State; readonly output: Output };
  /** True if a recorded output is the one the sequential object gives. */
  equalOutputs(a: Output, b: Output): boolean;
  /** Equal for equal states, different otherwise: the memoisation's key. */
  stateKey(state: State): string;
  /** Operations in different parts never affect each other (for a key-value store, the key). */
  partition?(input: Input): string;
}

/** A history with no linearization: the part that has none, and how far the search got in it. */
export interface NotLinearizable<Input, Output> {
  /** The part (its `partition` name; "" when the specification has no partitions). */
  readonly part: string;
  /** The part's operations, in the order of their calls. */
  readonly operations: readonly Operation<Input, Output>[];
  /**
   * The longest order found that respects real time and every output: no operation left can be
   * placed next (the first of them, by call, is what a report names).
   */
  readonly longest: readonly Operation<Input, Output>[];
}

/** The answer of {@link checkLinearizable}: linearizable, or where the search stuck. */
export type Linearizability<Input, Output> =
  | { readonly linearizable: true }
  | ({ readonly linearizable: false } & NotLinearizable<Input, Output>);

/** Whether `history` has a linearization under `spec`, and if not, where the search stuck. */
export function checkLinearizable<State, Input, Output>(
  spec: SequentialSpec<State, Input, Output>,
  history: readonly Operation<Input, Output>[],
): Linearizability<Input, Output> {
  const parts = new Map<string, Operation<Input, Output>[]>();
  for (const operation of history) {
    const part = spec.partition?.(operation.input) ?? "";
    let ops = parts.get(part);
    if (ops === undefined) parts.set(part, (ops = []));
    ops.push(operation);
  }
  for (const part of [...parts.keys()].sort()) {
    const operations = parts
      .get(part)!
      .slice()
      .sort((a, b) => a.call - b.call);
    const longest = searchPart(spec, operations);
    if (longest !== null) return { linearizable: false, part, operations, longest };
  }
  return { linearizable: true };
}

/**
 * Wing and Gong's search over one part, depth first: null if it finds a linearization, else the
 * longest partial one it met.
 */
function searchPart<State, Input, Output>(
  spec: SequentialSpec<State, Input, Output>,
  operations: readonly Operation<Input, Output>[],
): Operation<Input, Output>[] | null {
  const n = operations.length;
  const placed = new Array<boolean>(n).fill(false);
  const order: number[] = [];
  let longest: number[] = [];
  // Lowe's memoisation: the same operations placed, reaching the same state, fail the same way.
  const seen = new Set<string>();
  const completed = operations.filter((op) => op.ret !== undefined).length;
  let placedCompleted = 0;

  const search = (state: State): boolean => {
    if (placedCompleted === completed) return true;
    if (order.length > longest.length) longest = order.slice();
    // An operation can go next if no operation still unplaced returned before it was called.
    let firstReturn = Infinity;
    for (let i = 0; i < n; i++) {
      const ret = operations[i]!.ret;
      if (!placed[i] && ret !== undefined && ret < firstReturn) firstReturn = ret;
    }
    for (let i = 0; i < n; i++) {
      const op = operations[i]!;
      if (placed[i] || op.call > firstReturn) continue;
      const next = spec.step(state, op.input);
      if (op.ret !== undefined && !spec.equalOutputs(next.output, op.output as Output)) continue;
      placed[i] = true;
      const key = `${placedKey(placed)}|${spec.stateKey(next.state)}`;
      if (!seen.has(key)) {
        seen.add(key);
        order.push(i);
        if (op.ret !== undefined) placedCompleted++;
        if (search(next.state)) return true;
        if (op.ret !== undefined) placedCompleted--;
        order.pop();
      }
      placed[i] = false;
    }
    return false;
  };

  return search(spec.init) ? null : longest.map((i) => operations[i]!);
}

/** The set of placed operations as a string of 0s and 1s. */
function placedKey(placed: readonly boolean[]): string {
  let key = "";
  for (const p of placed) key += p ? "1" : "0";
  return key;
}
