/** Every reachable state of a system, by a plain breadth-first search with no property. */
import type { TransitionSystem } from "../src/core/transition-system.ts";

export function reachable(system: TransitionSystem): Int32Array[] {
  const seen = new Set<string>();
  const queue = system.initialStates();
  for (const s of queue) seen.add(s.join(","));
  for (let i = 0; i < queue.length; i++) {
    system.successors(queue[i]!, (_action, next, length) => {
      const key = next.subarray(0, length).join(",");
      if (!seen.has(key)) {
        seen.add(key);
        queue.push(next.slice(0, length));
      }
    });
  }
  return queue;
}
