/**
 * Ink's `useInput`, with the handler of the latest render. Ink subscribes the handler in an
 * effect, after the frame is drawn; keys typed quickly (a held key, a paste, a test) could reach
 * the handler of the render before, which sees the state before. This one reads the handler from
 * a ref set at each render, so every key acts on the state on screen.
 */
import { useInput, type Key } from "ink";
import { useCallback, useRef } from "react";

export function useKeys(handler: (input: string, key: Key) => void): void {
  const latest = useRef(handler);
  latest.current = handler;
  useInput(useCallback((input: string, key: Key) => latest.current(input, key), []));
}
