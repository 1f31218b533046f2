/**
 * The counterexample's chart as SVG: a well-formed document (read by an XML parser), one arrow
 * of class `delivery` per delivered message, one `duplicate` per duplicated and one `drop` per
 * lost one; written by `check --out-svg` and `trace --out-svg`.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { loadModel } from "../../src/app/load.ts";
import { checkModel } from "../../src/run.ts";
import { renderMscSvg } from "../../src/trace/svg.ts";
import { runCli } from "../cli/helpers.ts";

const count = (svg: string, kind: string) => svg.split(`class="${kind}"`).length - 1;

describe("the chart as SVG", () => {
  it.each([
    "models/variants/count-duplicates.synod",
    "models/variants/forget-promise.synod",
    "examples/two-phase-commit/forgetful.synod",
    "models/liveness/dueling-proposers.synod",
  ])("%s: well-formed, an arrow per delivery, duplicate and loss", async (file) => {
    const report = checkModel(await loadModel(file));
    const steps = report.counterexample!;
    const svg = renderMscSvg(steps, 'a title with <, > & "quotes"');
    expect(XMLValidator.validate(svg)).toBe(true);
    const root = new XMLParser({ ignoreAttributes: false }).parse(svg) as Record<string, unknown>;
    expect(Object.keys(root)).toEqual(["?xml", "svg"]);
    const kinds = steps.slice(1).map((step) => step.event!.kind);
    const of = (kind: string) => kinds.filter((k) => k === kind).length;
    expect([count(svg, "delivery"), count(svg, "duplicate"), count(svg, "drop")]).toEqual([
      of("deliver"),
      of("duplicate"),
      of("drop"),
    ]);
  });

  it("the duplicate, the crash and the recovery are drawn where they happen", async () => {
    const duplicates = checkModel(await loadModel("models/variants/count-duplicates.synod"));
    expect(count(renderMscSvg(duplicates.counterexample!, "t"), "duplicate")).toBe(1);
    const crash = checkModel(await loadModel("examples/two-phase-commit/forgetful.synod"));
    const svg = renderMscSvg(crash.counterexample!, "t");
    expect([count(svg, "crash"), count(svg, "recover"), count(svg, "delivery")]).toEqual([1, 1, 6]);
  });

  it("check --out-svg and trace --out-svg write it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "synod-svg-"));
    const [svg, itf, again] = ["c.svg", "c.itf.json", "t.svg"].map((name) => join(dir, name));
    const model = "examples/two-phase-commit/forgetful.synod";
    const checked = await runCli("check", model, "--out-svg", svg!, "--out-itf", itf!);
    expect(checked.code).toBe(1);
    expect(checked.out).toContain(`\nmessage sequence chart written to ${svg} (SVG)\n`);
    const traced = await runCli("trace", itf!, "--out-svg", again!);
    expect([traced.code, traced.out]).toEqual([
      0,
      `message sequence chart of ${itf} written to ${again} (SVG)\n`,
    ]);
    for (const file of [svg!, again!]) {
      const text = readFileSync(file, "utf8");
      expect(XMLValidator.validate(text)).toBe(true);
      expect(count(text, "delivery")).toBe(6);
    }
  });
});
