import { render } from "ink-testing-library";
import { expect, it } from "vitest";
import { SimulationView } from "../../src/ui/simulate-progress.tsx";

const progress = { runs: 12_345, steps: 270_000, deepest: 28, seconds: 2 };

const view = (props: Partial<Parameters<typeof SimulationView>[0]>) =>
  render(
    <SimulationView
      file="models/paxos-one-ballot.synod"
      checking={["agreement", "validity"]}
      seed={7}
      runs={null}
      maxSeconds={null}
      workers={2}
      progress={progress}
      shortening={null}
      done={false}
      {...props}
    />,
  ).lastFrame()!;

it("shows the walks, the speed in all and per thread, and the violation so far", () => {
  const frame = view({});
  expect(frame).toContain("synod is simulating models/paxos-one-ballot.synod (seed 7)");
  expect(frame).toContain("checking: agreement, validity");
  expect(frame).toContain("walks             12,345");
  expect(frame).toContain("steps             270,000");
  expect(frame).toContain("steps / second    135,000 (67,500 per thread)");
  expect(frame).toContain("longest walk      28 steps");
  expect(frame).toContain("violation         none yet");
  expect(frame).not.toContain("%");
});

it("shows a bar of the walks asked for, or of the time", () => {
  expect(view({ runs: 50_000 })).toContain("of the walks      ███████░░░░░░░░░░░░░░░░░░░░░░░ 24%");
  expect(view({ maxSeconds: 8 })).toContain("of the time       ████████░░░░░░░░░░░░░░░░░░░░░░ 25%");
});

it("follows a violation from its finding to its shortening", () => {
  expect(view({ progress: { ...progress, found: 853 } })).toContain(
    "violation         walk 853 (taking the walks below it)",
  );
  expect(view({ shortening: 853 })).toContain("violation         walk 853: shortening it…");
  const end = view({ shortening: 853, done: true });
  expect(end).toContain("synod simulated models/paxos-one-ballot.synod (seed 7)");
  expect(end).toContain("violation         walk 853, shortened");
  expect(view({ done: true })).toContain("violation         none found");
});
