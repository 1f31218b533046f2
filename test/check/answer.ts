/** What a search must answer the same however it is run (threads, disk): its outcome. */
import type { explore } from "../../src/check/explorer.ts";

export const answer = (result: ReturnType<typeof explore>) => ({
  verdict: result.verdict,
  violated: result.violated,
  limit: result.limit,
  distinctStates: result.distinctStates,
  generatedStates: result.generatedStates,
  depth: result.depth,
  trace: result.trace?.map((step) => ({ action: step.action, state: Array.from(step.state) })),
});
