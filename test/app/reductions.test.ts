/**
 * Lost messages searched as messages never delivered (app/reductions.ts): where synod does so,
 * the check finds what it finds losing them, the same verdict, property and shortest trace (or
 * witness distance), over fewer states; where it must not, it does not.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadModel, modelFromSource, resolveModel, type LoadedModel } from "../../src/app/load.ts";
import { lossesNeedNoSearch, withLosses } from "../../src/app/reductions.ts";
import { checkModel } from "../../src/run.ts";
import { checked, shipped } from "../models-shared.ts";

/** What must not change: the verdict, the property, the shortest trace, the witnesses' distance. */
const outcome = (loaded: LoadedModel) => {
  const report = checkModel(loaded);
  return {
    answer: {
      verdict: report.result.verdict,
      violated: report.result.violated,
      steps: report.result.trace === null ? null : report.result.trace.length - 1,
      witnesses: report.witnesses.map((w) => [w.id, w.steps]),
    },
    states: report.result.distinctStates,
  };
};

/** A model's text with a lost message allowed (added to its faults, or as its faults). */
const withDrop = (text: string): string =>
  /faults\s*\{/.test(text)
    ? text.replace(/faults\s*\{/, "faults { drop 1;")
    : text.replace(/\n}\s*$/, "\n  faults { drop 1 }\n}\n");

const fromText = async (text: string) => resolveModel(modelFromSource(text, "test.synod"));

/** The suite's models where synod searches no loss. */
const reduced = (
  await Promise.all(checked.map(async (file) => [file, await loadModel(file)] as const))
).filter(([, loaded]) => lossesNeedNoSearch(loaded));

describe("a lost message searched as one never delivered", () => {
  it("applies to the suite's models it can", () => {
    expect(reduced.map(([file]) => file)).toEqual([
      "models/paxos-one-ballot.synod",
      "models/paxos-reports.synod",
      "models/paxos.synod",
    ]);
  });

  // The default model loses messages in 14,931,378 states, minutes of search: its small copy
  // (one ballot per proposer) stands for it here.
  const compared = reduced.map(([file]) => file).filter((file) => file !== "models/paxos.synod");
  it.each(compared)("%s: the same answer over fewer states", async (file) => {
    const loaded = await loadModel(file);
    const fewer = outcome(loaded);
    const all = outcome(withLosses(loaded));
    expect(fewer.answer).toEqual(all.answer);
    expect(fewer.states).toBeLessThan(all.states);
  });

  // Every single-decree variant, with a lost message allowed: the same violation, as short.
  const variants = shipped.filter(
    (file) =>
      file.startsWith("models/variants/") &&
      readFileSync(file, "utf8").includes("protocol  paxos\n"),
  );
  const lossy = async (file: string) => fromText(withDrop(readFileSync(file, "utf8")));

  it("applies to every single-decree variant's model with a drop, but those that read messages", async () => {
    const not: string[] = [];
    for (const file of variants) if (!lossesNeedNoSearch(await lossy(file))) not.push(file);
    // They check proposal-safety, which reads the proposals in flight.
    expect(not).toEqual(["models/variants/no-adopt-proposal.synod"]);
  });

  it.each(variants.filter((file) => !file.endsWith("-proposal.synod")))(
    "%s, with a drop: the same violation, as short",
    async (file) => {
      const loaded = await lossy(file);
      const fewer = outcome(loaded);
      const all = outcome(withLosses(loaded));
      expect(fewer.answer).toEqual(all.answer);
      expect(fewer.answer.verdict).toBe("violation");
      expect(fewer.states).toBeLessThan(all.states);
    },
  );

  const base = readFileSync("models/paxos-one-ballot.synod", "utf8").replace(
    /\n\s*expect \{[^}]*\}/,
    "",
  );
  it.each([
    ["a timeout (`retry resend`) may wait for the network to empty", "  retry resend\n"],
    ["a liveness property needs fairness to deliver it", "  check eventually decided\n"],
    ["a property reads the messages in flight", "  check proposal-safety\n"],
  ])("is not applied where %s", async (_, line) => {
    const text = base.replace(/  check [^\n]*\n/, "").replace(/\n}\s*$/, `\n${line}}\n`);
    expect(lossesNeedNoSearch(await fromText(base))).toBe(true);
    expect(lossesNeedNoSearch(await fromText(text))).toBe(false);
  });

  it("is not applied to Multi-Paxos, whose clients time out", async () => {
    expect(lossesNeedNoSearch(await loadModel("models/multipaxos/one-leader.synod"))).toBe(false);
  });
});
