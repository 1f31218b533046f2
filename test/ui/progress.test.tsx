/** The live progress panel, rendered with ink-testing-library. */
import { render } from "ink-testing-library";
import { expect, it } from "vitest";
import { ProgressView } from "../../src/ui/progress.tsx";

const progress = {
  distinctStates: 1_234_567,
  generatedStates: 9_876_543,
  depth: 21,
  queued: 45_678,
  seconds: 4,
  memoryBytes: 300 * 2 ** 20,
};

it("shows the counts, the speed, memory and time", () => {
  const { lastFrame } = render(
    <ProgressView
      file="models/paxos-one-ballot.synod"
      checking={["agreement", "validity"]}
      progress={progress}
      maxStates={null}
      maxDepth={null}
      done={false}
    />,
  );
  const frame = lastFrame()!;
  expect(frame).toContain("synod is checking models/paxos-one-ballot.synod");
  expect(frame).toContain("checking: agreement, validity");
  expect(frame).toContain("distinct states   1,234,567");
  expect(frame).toContain("states generated  9,876,543");
  expect(frame).toContain("depth             21");
  expect(frame).toContain("queue             45,678");
  expect(frame).toContain("states / second   308,642");
  expect(frame).toContain("memory            300 MB");
  expect(frame).toContain("elapsed           4.0 s");
  expect(frame).not.toContain("of state limit");
});

it("shows a bar when a state limit makes progress measurable, and says when it is done", () => {
  const { lastFrame } = render(
    <ProgressView
      file="models/paxos-one-ballot.synod"
      checking={["agreement"]}
      progress={progress}
      maxStates={4_000_000}
      maxDepth={null}
      done={true}
    />,
  );
  const frame = lastFrame()!;
  expect(frame).toContain("synod checked models/paxos-one-ballot.synod");
  // 1,234,567 of 4,000,000 is 30%: 9 of 30 cells.
  expect(frame).toContain(`of state limit    ${"█".repeat(9)}${"░".repeat(21)} 30%`);
});

it("sums up the coverage once a check with --coverage is done", () => {
  const row = { role: "proposer", message: null, enabledIn: 1, taken: 1, newStates: 1 };
  const { lastFrame } = render(
    <ProgressView
      file="models/paxos-one-ballot.synod"
      checking={["agreement"]}
      progress={progress}
      maxStates={null}
      maxDepth={null}
      done={true}
      coverage={{
        rows: [
          { ...row, action: "start" },
          { ...row, action: "restart" },
        ],
        neverTaken: ["no node ever takes a `retry` step: …"],
      }}
    />,
  );
  expect(lastFrame()).toContain(
    "coverage          2 kinds of transition taken; 1 never taken (below)",
  );
});
