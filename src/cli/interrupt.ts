/**
 * Ctrl-C (SIGINT) and SIGTERM during a check. The first asks the check to stop: the search ends
 * at its next poll (within milliseconds) and reports what it saw, and the process then exits
 * with 128 + the signal's number, as shells expect. A second one ends the process at once.
 */
import type { Budget } from "../check/budget.ts";

const SIGNALS = { SIGINT: 2, SIGTERM: 15 } as const;
type Signal = keyof typeof SIGNALS;

export interface Interrupts {
  /** The first signal received, or null. */
  readonly received: Signal | null;
  /** The exit code for the signal received (130 for SIGINT, 143 for SIGTERM), or null. */
  readonly exitCode: number | null;
  /** Restores the default handling. */
  dispose(): void;
}

/** Routes SIGINT and SIGTERM to `budget` until disposed. */
export function catchInterrupts(budget: Budget, say: (text: string) => void): Interrupts {
  let received: Signal | null = null;
  const handlers = (Object.keys(SIGNALS) as Signal[]).map((signal) => {
    const handler = (): void => {
      if (received !== null) {
        // A second signal: the user does not want to wait for the report.
        process.exit(128 + SIGNALS[signal]);
      }
      received = signal;
      budget.request("interrupt");
      say(
        `synod: ${signal === "SIGINT" ? "interrupted (Ctrl-C)" : "terminated (SIGTERM)"}: stopping the search; again to quit at once.`,
      );
    };
    process.on(signal, handler);
    return { signal, handler };
  });
  return {
    get received() {
      return received;
    },
    get exitCode() {
      return received === null ? null : 128 + SIGNALS[received];
    },
    dispose() {
      for (const { signal, handler } of handlers) process.off(signal, handler);
    },
  };
}
