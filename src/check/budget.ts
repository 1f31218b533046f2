/**
 * What a check may spend: a deadline, a memory limit, and a stop that another thread or a signal
 * handler can request (Ctrl-C). Every phase that can take long (the search, the liveness check,
 * replaying a counterexample) polls it, and ends with {@link Stopped} when it says so; the caller
 * reports what was done by then.
 *
 * The deadline is wall-clock time (epoch milliseconds), so that a budget made in one thread
 * means the same in another: see {@link BudgetData}.
 */
import { getHeapStatistics } from "node:v8";

/** Why a check stopped before its end, other than a state or depth limit. */
export type StopReason = "time" | "memory" | "interrupt";

/** The codes of a stop requested in the shared word (0: none). */
const CODES: readonly (StopReason | null)[] = [null, "time", "memory", "interrupt"];

/** A budget as plain data, to pass to another thread (structured-cloneable). */
export interface BudgetData {
  /** Epoch milliseconds after which the check stops, or null. */
  readonly deadline: number | null;
  /** Resident bytes above which the check stops, or null. */
  readonly maxMemory: number | null;
  /**
   * Int32Array over a SharedArrayBuffer: word 0 is a requested stop's code, word 1 the time the
   * budget was last looked at, in milliseconds after `base` (a watchdog reads it: see
   * cli/watchdog.ts).
   */
  readonly stop: SharedArrayBuffer;
  /** Epoch milliseconds that word 1 counts from. */
  readonly base: number;
}

/** Thrown by {@link Budget.poll} (and by the phases that poll) when the check must stop. */
export class Stopped extends Error {
  constructor(readonly reason: StopReason) {
    super(`stopped: ${reason}`);
    this.name = "Stopped";
  }
}

/** The wall clock, in milliseconds, with the precision of performance.now(). */
export const wallClock = (): number => performance.timeOrigin + performance.now();

/**
 * Says yes about every few milliseconds to a loop that asks on every turn, whatever a turn
 * costs: it looks at the clock only every `stride` turns, and doubles or halves the stride to
 * keep the looks about `targetMs` apart. A turn that takes longer than that is asked about alone.
 */
export class Pacer {
  private untilLook = 1;
  private stride = 1;
  /** performance.now() at the last look. */
  lastLook = performance.now();

  constructor(
    private readonly targetMs = 5,
    private readonly maxStride = 1 << 14,
  ) {}

  /** True when this turn is one to look at the clock on (and the clock was just read). */
  tick(): boolean {
    if (--this.untilLook > 0) return false;
    const now = performance.now();
    const since = now - this.lastLook;
    this.lastLook = now;
    if (since < this.targetMs / 2 && this.stride < this.maxStride) this.stride *= 2;
    else if (since > this.targetMs * 2 && this.stride > 1) this.stride >>= 1;
    this.untilLook = this.stride;
    return true;
  }
}

/** A check's budget: see the module's comment. */
export class Budget {
  readonly deadline: number | null;
  readonly maxMemory: number | null;
  /** Word 0: the code of a requested stop (another thread may set it); word 1: see BudgetData. */
  readonly stopWord: Int32Array;
  /** Epoch milliseconds that the time in word 1 counts from. */
  readonly base: number;
  /**
   * When {@link poll} looks: `pacer.lastLook` tells a caller when it last did.
   * @internal
   */
  readonly pacer = new Pacer();
  /** The heap's size limit: past 90% of it the check stops, before V8 would abort. */
  private readonly heapLimit = getHeapStatistics().heap_size_limit;

  constructor(
    options: {
      maxSeconds?: number | null;
      maxMemory?: number | null;
      deadline?: number | null;
      stop?: SharedArrayBuffer;
      base?: number;
    } = {},
  ) {
    const seconds = options.maxSeconds ?? null;
    this.base = options.base ?? wallClock();
    this.deadline = options.deadline ?? (seconds === null ? null : wallClock() + seconds * 1000);
    this.maxMemory = options.maxMemory ?? null;
    this.stopWord = new Int32Array(options.stop ?? new SharedArrayBuffer(8));
  }

  /** A budget that never stops anything but an explicit request. */
  static unlimited(): Budget {
    return new Budget();
  }

  /** The budget another thread made, from its {@link BudgetData}. */
  static from(data: BudgetData): Budget {
    return new Budget({
      deadline: data.deadline,
      maxMemory: data.maxMemory,
      stop: data.stop,
      base: data.base,
    });
  }

  /** This budget as data for another thread: its stop request is shared. */
  toData(): BudgetData {
    return {
      deadline: this.deadline,
      maxMemory: this.maxMemory,
      stop: this.stopWord.buffer as SharedArrayBuffer,
      base: this.base,
    };
  }

  /** Asks every phase polling this budget (in any thread) to stop; the first reason stays. */
  request(reason: StopReason): void {
    Atomics.compareExchange(this.stopWord, 0, 0, CODES.indexOf(reason));
  }

  /** A stop requested so far (by a signal, another thread, or a limit seen), or null. */
  get requested(): StopReason | null {
    return CODES[Atomics.load(this.stopWord, 0)] ?? null;
  }

  /**
   * Why the check must stop now, or null: looks at the clock and at memory every time (a few
   * microseconds), so call it every few milliseconds, or use {@link poll}.
   */
  check(): StopReason | null {
    // A sign of life for a watchdog: this thread is still polling.
    Atomics.store(this.stopWord, 1, wallClock() - this.base);
    const requested = this.requested;
    if (requested !== null) return requested;
    if (this.deadline !== null && wallClock() > this.deadline) return this.stopFor("time");
    if (this.maxMemory !== null && process.memoryUsage.rss() > this.maxMemory) {
      return this.stopFor("memory");
    }
    // Near the heap's limit V8 aborts the process; stop while the counts can still be reported.
    const heap = getHeapStatistics();
    if (heap.used_heap_size > 0.9 * this.heapLimit) return this.stopFor("memory");
    return null;
  }

  /**
   * Throws {@link Stopped} if the check must stop. Cheap enough for an inner loop: it looks at
   * the clock and memory only about every 5 milliseconds, however long a call's work takes.
   */
  poll(): void {
    if (!this.pacer.tick()) return;
    const reason = this.check();
    if (reason !== null) throw new Stopped(reason);
  }

  /** Records a limit seen here as the stop, so that other threads see it too. */
  private stopFor(reason: StopReason): StopReason {
    this.request(reason);
    return this.requested!;
  }
}

/**
 * True if an error is an allocation that failed for want of memory (an ArrayBuffer or an array
 * too large for what is left): a search that meets one ends as if its memory limit were reached.
 */
export function isOutOfMemory(error: unknown): boolean {
  if (!(error instanceof RangeError)) return false;
  return /allocation failed|Array buffer allocation|out of memory/i.test(error.message);
}

/**
 * The budget of the search running in this thread, for loops deep inside a system that may run
 * long within one step (symmetry ordering many tied nodes every way): they call {@link pollActive}.
 */
let active: Budget | null = null;

/** Makes `budget` the one {@link pollActive} polls, until the returned function is called. */
export function activate(budget: Budget): () => void {
  const before = active;
  active = budget;
  return () => {
    active = before;
  };
}

/** Polls the active budget (see {@link activate}); throws {@link Stopped} when it says so. */
export function pollActive(): void {
  active?.poll();
}
