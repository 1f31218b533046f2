/**
 * A watchdog for a check that runs in the main thread. The search polls its budget every few
 * milliseconds, and so stops itself at a limit or an interrupt; but a step of the model's own
 * code (a protocol's handler, a variant's rule) that never returns never reaches a poll. When the
 * deadline has passed (or a stop was asked for) and the thread has not polled for
 * {@link GRACE_MS}, the watchdog tells the main thread (which reports what it last knew) and
 * ends the step with the inspector's `Runtime.terminateExecution`, the mechanism behind Node's
 * own `vm` timeouts: the stuck JavaScript is abandoned and the event loop runs again.
 */
import { Worker } from "node:worker_threads";
import { wallClock, type Budget, type StopReason } from "../check/budget.ts";

/** How long the checking thread may go without polling once it should have stopped. */
export const GRACE_MS = 2000;

/**
 * What the watchdog thread runs (plain JavaScript: it loads nothing of synod's). It tells the
 * main thread first; if that thread is free it answers (sets `ack`) and reports by itself; if it
 * is stuck in a step, the step is ended and the message is read after it.
 */
const WATCH = `
const { parentPort, workerData } = require("node:worker_threads");
const { Session } = require("node:inspector");
const { stop, ack, base, deadline, graceMs } = workerData;
const word = new Int32Array(stop);
const answered = new Int32Array(ack);
const timer = setInterval(() => {
  const now = performance.timeOrigin + performance.now();
  const late = deadline !== null && now > deadline + graceMs;
  const asked = Atomics.load(word, 0) !== 0;
  if (!late && !asked) return;
  // Still polling: the check stops itself.
  if (now - (base + Atomics.load(word, 1)) < graceMs) return;
  clearInterval(timer);
  parentPort.postMessage(late ? "time" : "interrupt");
  if (Atomics.wait(answered, 0, 0, 300) !== "timed-out") return;
  const session = new Session();
  session.connectToMainThread();
  session.post("Runtime.terminateExecution");
}, 100);
`;

/**
 * Why a check polling `budget` in another thread is stuck (it should stop, and has not polled
 * for {@link GRACE_MS}), or null: the test the watchdog thread makes, for a thread that can end
 * the stuck one itself (the live panel's).
 */
export function stuckFor(budget: Budget): StopReason | null {
  const now = wallClock();
  const late = budget.deadline !== null && now > budget.deadline + GRACE_MS;
  const asked = budget.requested;
  if (!late && asked === null) return null;
  if (now - (budget.base + Atomics.load(budget.stopWord, 1)) < GRACE_MS) return null;
  return asked ?? "time";
}

export interface Watchdog {
  /** Ends the watch (the check is done). */
  stop(): Promise<void>;
}

/**
 * Watches the main thread's polls of `budget`; calls `stuck` in the main thread (once a stuck
 * step has been ended) if they stop when the check should end.
 */
export function startWatchdog(budget: Budget, stuck: (reason: StopReason) => void): Watchdog {
  const data = budget.toData();
  const ack = new Int32Array(new SharedArrayBuffer(4));
  const thread = new Worker(WATCH, {
    eval: true,
    workerData: {
      stop: data.stop,
      ack: ack.buffer,
      base: data.base,
      deadline: data.deadline,
      graceMs: GRACE_MS,
    },
  });
  thread.on("message", (reason: StopReason) => {
    Atomics.store(ack, 0, 1);
    Atomics.notify(ack, 0);
    stuck(reason);
  });
  return {
    stop: async () => {
      await thread.terminate();
    },
  };
}
