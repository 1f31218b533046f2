/** The interactive explorer, driven by keystrokes with ink-testing-library. */
import { render } from "ink-testing-library";
import { expect, it } from "vitest";
import { loadModel } from "../../src/app/load.ts";
import { buildSystem, checkFile } from "../../src/run.ts";
import { Explorer } from "../../src/ui/explorer.tsx";

import { press } from "./frames.ts";

it("starts at the initial state, takes a chosen step, and goes back", async () => {
  const system = buildSystem(await loadModel("models/variants/no-adopt.synod"));
  const { lastFrame, stdin } = render(<Explorer system={system} height={20} />);
  expect(lastFrame()).toContain("Step 0: initial state");
  expect(lastFrame()).toContain("✓ agreement");
  expect(lastFrame()).toContain("2 enabled steps:");
  expect(lastFrame()).toContain("› p1 starts ballot 1.p1 proposing a");
  await press(stdin, lastFrame, "j", "› p2 starts ballot 1.p2 proposing b");
  await press(stdin, lastFrame, "\r", "Step 1: p2 starts ballot 1.p2 proposing b");
  expect(lastFrame()).toContain("3 messages in flight");
  await press(stdin, lastFrame, "b", "Step 0: initial state");
});

it("follows a saved trace to the violation, for any variant", async () => {
  for (const file of [
    "models/variants/no-adopt.synod",
    "models/tla/variants/no-adopt-voting.synod",
  ]) {
    const report = await checkFile(file);
    const actions = report.counterexample!.slice(1).map((s) => s.action);
    const { lastFrame, stdin } = render(
      <Explorer system={buildSystem(report.loaded)} trace={actions} height={5} />,
    );
    for (let i = 0; i < actions.length; i++) {
      await press(stdin, lastFrame, "n", `Step ${i + 1}: ${actions[i]}`);
    }
    if (report.result.violated === "agreement") expect(lastFrame()).toContain("✗ agreement");
    await press(stdin, lastFrame, "n", "the trace has no more steps");
  }
});

it("jumps to the end of a saved trace with e", async () => {
  const report = await checkFile("models/variants/forget-promise.synod");
  const actions = report.counterexample!.slice(1).map((s) => s.action);
  const { lastFrame, stdin } = render(
    <Explorer system={buildSystem(report.loaded)} trace={actions} height={5} />,
  );
  await press(stdin, lastFrame, "e", "Step 16: a2 receives Accept(b=1.p1, v=a) from p1");
  expect(lastFrame()).toContain("✗ agreement");
  await press(stdin, lastFrame, "b", "Step 15: a2 recovers from its stable storage");
});
