/** ITF traces round-trip, and message sequence charts draw what happened. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.ts";
import { checkFile } from "../../src/run.ts";
import { fromItf, toItf } from "../../src/trace/itf.ts";
import { renderMsc } from "../../src/trace/msc.ts";

const VARIANTS = [
  "models/variants/forget-promise.synod",
  "models/variants/no-adopt.synod",
  "models/variants/accept-below-promise.synod",
  "models/variants/stale-promises.synod",
  "models/variants/count-duplicates.synod",
  "models/variants/half-quorum.synod",
  "models/variants/shared-ballots.synod",
  "models/examples/zero-value.synod",
  "models/tla/variants/no-adopt-voting.synod",
];

describe("ITF", () => {
  it.each(VARIANTS)(
    "%s: the counterexample survives a round trip through the file",
    async (file) => {
      const report = await checkFile(file);
      const itf = toItf(report.counterexample!, file, report.result.violated, report.explanation!);
      expect(itf["#meta"].format).toBe("ITF");
      expect(itf.states).toHaveLength(report.counterexample!.length);
      expect(itf.states[1]!["#meta"].action).toBe(report.counterexample![1]!.action);
      const { steps } = fromItf(JSON.parse(JSON.stringify(itf)));
      expect(steps).toEqual(report.counterexample);
    },
  );

  it("synod trace prints a saved trace; a file that is not a trace is a user error", async () => {
    const dir = mkdtempSync(join(tmpdir(), "synod-itf-"));
    const file = join(dir, "t.itf.json");
    let out = "";
    const sink = { write: (s: string) => (out += s) };
    expect(
      await main(["check", "models/variants/no-adopt.synod", "--out-itf", file], sink, sink),
    ).toBe(1);
    out = "";
    expect(await main(["trace", file], sink, sink)).toBe(0);
    expect(out).toContain(
      `trace ${file}: from models/variants/no-adopt.synod, violates agreement\n`,
    );
    expect(out).toContain("  14. a2 receives Accept(b=1.p2, v=b) from p2\n");

    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ states: [] }));
    let err = "";
    expect(await main(["trace", bad], sink, { write: (s: string) => (err += s) })).toBe(2);
    expect(err).toBe(`${bad}: error: not an ITF trace: \`#meta.format\` should be "ITF"\n`);
  });
});

describe("message sequence chart", () => {
  it("draws deliveries as arrows, a duplicate as a double arrow, and a crash on its lane", async () => {
    const duplicates = renderMsc(
      (await checkFile("models/variants/count-duplicates.synod")).counterexample!,
    );
    const lines = duplicates.split("\n");
    expect(lines[0]).toBe("     p1      p2      a1      a2      a3      l1");
    expect(lines[2]).toBe(
      "  2. ├──────────────>│       │       │       │   a1 receives Prepare(b=1.p1) from p1",
    );
    expect(lines[10]).toBe(
      " 10. │       │<══════════════════════┤       │   the network duplicates a3 → p2: Promise(b=1.p2, no vote)",
    );
    const crash = renderMsc(
      (await checkFile("models/variants/forget-promise.synod")).counterexample!,
    );
    expect(crash).toContain(" 14. │       │       │       ✕       │       │   a2 crashes\n");
    expect(crash).toContain(
      " 15. │       │       │       ↑       │       │   a2 recovers from its stable storage\n",
    );
  });
});
