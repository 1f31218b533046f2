/** The counterexample viewer, driven by keystrokes with ink-testing-library. */
import { render } from "ink-testing-library";
import { describe, expect, it } from "vitest";
import { checkFile } from "../../src/run.ts";
import { Viewer } from "../../src/ui/viewer.tsx";

import { press } from "./frames.ts";

async function viewer(file: string) {
  const report = await checkFile(file);
  const property = report.loaded.invariants.find((i) => i.id === report.result.violated)!;
  return render(
    <Viewer
      violated={property.id}
      statement={property.statement}
      explanation={report.explanation!}
      picture={report.picture ?? null}
      steps={report.counterexample!}
      height={20}
    />,
  );
}

describe("counterexample viewer", () => {
  it("explains the violation and opens on the last step, with its changes", async () => {
    const { lastFrame } = await viewer("models/variants/forget-promise.synod");
    const frame = lastFrame()!;
    expect(frame).toContain("✗ agreement is violated: At most one value is chosen.");
    expect(frame).toContain(
      "2 different values are chosen: a by a1, a2 in ballot 1.p1 and b by a1, a2 in ballot 1.p2.",
    );
    expect(frame).toContain("› 16 a2 receives Accept(b=1.p1, v=a) from p1");
    expect(frame).toContain("a2.promised: - → 1.p1");
    expect(frame).toContain("history: a2 voted 1.p1 = a");
  });

  it("draws what the invariant draws under the explanation: a stale read's timeline", async () => {
    const { lastFrame } = await viewer("models/kv/variants/leader-local-reads.synod");
    const frame = lastFrame()!;
    expect(frame).toContain("c2 put x 2  ├───┤          ok");
    expect(frame).toContain("c1 get x            ├───┤  none  ✗");
    expect(frame).toContain("› 21 c1 receives Reply(c1.1 get x → none)");
  });

  it("moves with k and j, and with the arrow keys", async () => {
    const { lastFrame, stdin } = await viewer("models/variants/forget-promise.synod");
    await press(stdin, lastFrame, "k", "› 15 a2 recovers");
    await press(stdin, lastFrame, "k", "› 14 a2 crashes");
    expect(lastFrame()).toContain("a2.status: up → crashed");
    await press(stdin, lastFrame, "j", "› 15 a2 recovers from its stable storage");
    await press(stdin, lastFrame, "\u001B[A", "› 14 a2 crashes"); // up arrow
  });

  it("filters the steps by node, expands the state, and shows help", async () => {
    const { lastFrame, stdin } = await viewer("models/variants/forget-promise.synod");
    await press(stdin, lastFrame, "/", "filter by node (enter to apply, empty for all): █");
    await press(stdin, lastFrame, "l1", "filter by node (enter to apply, empty for all): l1█");
    await press(stdin, lastFrame, "\r", "Steps (16) involving l1");
    expect(lastFrame()).not.toContain("a2 crashes");
    await press(stdin, lastFrame, "\r", "messages in flight:");
    await press(stdin, lastFrame, "?", "/ show only the steps that involve one node");
  });
});

it("switches to the message sequence chart with m, the selected step highlighted", async () => {
  const { lastFrame, stdin } = await viewer("models/variants/forget-promise.synod");
  await press(stdin, lastFrame, "m", "● a node's own step");
  const frame = lastFrame()!;
  expect(frame).toContain("     p1      p2      a1      a2      a3      l1");
  expect(frame).toContain(" 14. │       │       │       ✕       │       │   a2 crashes");
  expect(frame).toContain("● a node's own step");
  await press(stdin, lastFrame, "m", "Step 16: a2 receives Accept(b=1.p1, v=a) from p1");
});

describe("the viewer on a lasso", () => {
  it("marks the cycle's steps and says that they repeat", async () => {
    const report = await checkFile("models/liveness/lossy-network.synod");
    const { lastFrame } = render(
      <Viewer
        violated={report.result.violated!}
        statement="Some learner has learned a value."
        explanation={report.explanation!}
        steps={report.counterexample!}
        height={20}
        lasso={{ loop: report.result.loop!, stutters: report.result.stutters }}
      />,
    );
    const frame = lastFrame()!;
    expect(frame).toContain("✗ eventually decided is violated: Some learner has learned a value.");
    expect(frame).toContain("↻ steps 2 to 5 repeat forever");
    expect(frame).toContain("  1 p1 starts ballot 1.p1 proposing a");
    expect(frame).toContain(" ↻2 the network loses p1 → a1");
    expect(frame).toContain("›↻5 p1 times out and resends");
  });
});
