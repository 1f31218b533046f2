/**
 * Waiting for Ink in tests: for its input handler before a key is sent, and for the frame a key
 * should bring, however busy the machine (never a fixed sleep).
 */
import type { EventEmitter } from "node:events";
import { expect, vi } from "vitest";

const PATIENCE = { timeout: 20_000, interval: 5 };

/** Resolves once the app listens to `stdin` (Ink attaches its reader when input is used). */
export async function listening(stdin: EventEmitter): Promise<void> {
  await vi.waitFor(() => {
    if (stdin.listenerCount("readable") === 0) throw new Error("Ink is not reading input yet");
  }, PATIENCE);
}

/** Resolves once the last frame contains `text`. */
export async function showing(lastFrame: () => string | undefined, text: string): Promise<void> {
  await vi.waitFor(() => expect(lastFrame()).toContain(text), PATIENCE);
}

/** Sends `keys` once the app listens, and resolves once the last frame contains `text`. */
export async function press(
  stdin: EventEmitter & { write(data: string): void },
  lastFrame: () => string | undefined,
  keys: string,
  text: string,
): Promise<void> {
  await listening(stdin);
  stdin.write(keys);
  await showing(lastFrame, text);
}
