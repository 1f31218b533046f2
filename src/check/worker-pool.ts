/**
 * The worker threads of a parallel search: started once (or adopted from those started early,
 * prestart.ts), connected to each other, and asked in turn; a worker's failure comes back as the
 * error it threw there.
 */
import { Worker, MessageChannel, type MessagePort } from "node:worker_threads";
import { adoptPrestarted, discardPrestarted } from "./prestart.ts";
import { SharedTable, type SharedTableBuffers } from "./shared-table.ts";
import {
  Control,
  CONTROL_WORDS,
  COUNTERS_PER_WORKER,
  HANDED_OVER,
  MAX_ENTRIES,
  MAX_WORKERS,
  OWNERS,
  rebuiltError,
  type Command,
  type Reply,
  type WorkerRecipe,
  type WorkerSetup,
} from "./parallel-protocol.ts";

/** A worker thread, and the callers waiting for its replies (it answers in order). */
export class Peer {
  private readonly waiting: { resolve(reply: Reply): void; reject(error: Error): void }[] = [];
  private failure: Error | null = null;

  constructor(readonly thread: Worker) {
    thread.on("message", (reply: Reply) => {
      const caller = this.waiting.shift();
      if (reply.type === "failed") {
        // The worker's error as it was thrown there (a handler's, say), with its stack, so that
        // the CLI can point at the user's code as it does for one thread.
        caller?.reject(rebuiltError(reply));
      } else caller?.resolve(reply);
    });
    thread.on("error", (error) => this.fail(error));
    thread.on("exit", (code) => {
      if (code !== 0) this.fail(new Error(`a search worker exited with code ${code}`));
    });
  }

  /** The next reply. */
  next(): Promise<Reply> {
    if (this.failure !== null) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  ask(command: Command): Promise<Reply> {
    const reply = this.next();
    this.thread.postMessage(command);
    return reply;
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const caller of this.waiting.splice(0)) caller.reject(error);
  }
}

/**
 * Worker threads started for a search (or adopted: prestart.ts). Starting one takes 0.2-0.4 s
 * (a fresh isolate loads synod's modules, and tsx unless it runs the compiled copy), so a caller
 * may start them early and search on one thread meanwhile (see `checkModelAsync`).
 */
export class WorkerPool {
  readonly count: number;
  readonly peers: readonly Peer[];
  readonly control = new Int32Array(new SharedArrayBuffer(4 * CONTROL_WORDS));
  readonly counters: Float64Array;
  /** The workers' table of fingerprints. */
  readonly table: SharedTableBuffers;
  /** Each worker's first reply, once it has built its system. */
  readonly ready: Promise<Reply[]>;
  /** True if the workers run synod's compiled copy, not the sources through tsx. */
  readonly compiled: boolean;

  /**
   * `keepNumbers`: the workers keep each state's number in the one-threaded order (4 bytes a
   * state), so that checkpoints can be written (see {@link exploreParallel}).
   */
  constructor(recipe: WorkerRecipe, workers: number, keepNumbers = false) {
    const count = Math.max(1, Math.min(MAX_WORKERS, workers));
    this.count = count;
    this.counters = new Float64Array(new SharedArrayBuffer(8 * COUNTERS_PER_WORKER * count));
    const table = SharedTable.create();
    this.table = table;
    const levelStarts = new Int32Array(new SharedArrayBuffer(4 * OWNERS));
    levelStarts[HANDED_OVER] = MAX_ENTRIES;
    // A channel between every two workers.
    const ports: (MessagePort | null)[][] = Array.from({ length: count }, () =>
      Array.from({ length: count }, () => null),
    );
    for (let i = 0; i < count; i++) {
      for (let j = i + 1; j < count; j++) {
        const { port1, port2 } = new MessageChannel();
        ports[i]![j] = port1;
        ports[j]![i] = port2;
      }
    }
    // The compiled copy of the worker and of the recipe's module, if both match the sources:
    // such a worker starts in half the time (it loads no tsx).
    const compiled = recipe.entry.compiled;
    const module = recipe.compiledModule;
    this.compiled = compiled !== null && module !== null;
    const entry = new URL(this.compiled ? compiled! : recipe.entry.source);
    const given: WorkerRecipe = this.compiled ? { ...recipe, module: module! } : recipe;
    // Workers started before the search was known, if they fit (they run the compiled copy).
    const early = this.compiled ? adoptPrestarted(count) : (discardPrestarted(), null);
    this.peers = ports.map((mine, id) => {
      const setup: WorkerSetup = {
        id,
        count,
        recipe: given,
        peers: mine,
        control: this.control.buffer as SharedArrayBuffer,
        counters: this.counters.buffer as SharedArrayBuffer,
        table,
        levelStarts: levelStarts.buffer as SharedArrayBuffer,
        keepNumbers,
      };
      const transferList = mine.filter((port) => port !== null);
      let thread = early?.[id];
      if (thread === undefined) thread = new Worker(entry, { workerData: setup, transferList });
      else thread.postMessage(setup, transferList);
      return new Peer(thread);
    });
    this.ready = Promise.all(this.peers.map((peer) => peer.next()));
    // A pool closed before it is used must not leave an unhandled rejection behind.
    this.ready.catch(() => undefined);
  }

  /** True once every worker has built its system (seen at once, without the event loop). */
  get up(): boolean {
    return Atomics.load(this.control, Control.ready) === this.count;
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    await Promise.all(this.peers.map((peer) => peer.thread.terminate()));
  }
}
