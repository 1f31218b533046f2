/** `synod check FILE --self-check`: the protocol's speed declarations, checked (app/self-check.ts). */
import type { LoadedModel } from "../app/load.ts";
import { selfCheck } from "../app/self-check.ts";
import { EXIT } from "./failure.ts";

/** States of the bounded search each declaration is checked on, unless --max-states says. */
export const SELF_CHECK_STATES = 20_000;

const n = (x: number): string => x.toLocaleString("en-US");

/** Runs the self-check, prints what each declaration came to, and returns the exit code. */
export function runSelfCheck(
  loaded: LoadedModel,
  maxStates: number | null,
  print: (text: string) => void,
): number {
  const states = maxStates ?? SELF_CHECK_STATES;
  const checks = selfCheck(loaded, states);
  print(
    `self-check of ${loaded.model.file}: what the protocol declares for speed, checked without each reduction on at most the first ${n(states)} states of a search`,
  );
  for (const check of checks) {
    print(
      check.wrong.length === 0
        ? `  ✓ ${check.hint} (${n(check.checked)} checks)`
        : `  ✗ ${check.hint}: wrong in ${check.wrong.length === 5 ? "at least 5" : check.wrong.length} of ${n(check.checked)} checks`,
    );
    for (const wrong of check.wrong) print(`      ${wrong}`);
  }
  return checks.every((check) => check.wrong.length === 0) ? EXIT.ok : EXIT.violation;
}
