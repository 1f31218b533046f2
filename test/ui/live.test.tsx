/**
 * In a terminal, `synod check` runs its search in a worker thread behind the live panel: an error
 * there must reach the command as it was thrown, so that the user's code breaking synod's
 * contract is reported as the user's (exit 2), not as synod's own (exit 4). The command runs
 * under a pseudo-terminal (util-linux `script`), as a user's would.
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

const inTerminal = (command: string) =>
  spawnSync("script", ["-qec", command, "/dev/null"], { encoding: "utf8" });

describe("the live panel's search", () => {
  it("reports the user's code breaking a contract as the user's error, exit 2", () => {
    const run = inTerminal(
      `${process.execPath} bin/synod.js check test/fixtures/wrong-code/undefined-rule.synod`,
    );
    expect(run.status).toBe(2);
    expect(run.stdout).toContain(
      "synod: error: rule mayPromise of variant undefined-rule, called with AcceptorState { promised: Ballot { round: 0, proposer: 0 }, accepted: null }, Ballot { round: 1, proposer: 1 }, returned undefined, not a boolean\r\n  hint: make mayPromise return a boolean.\r\n",
    );
    expect(run.stdout).not.toContain("internal error");
  });
});
