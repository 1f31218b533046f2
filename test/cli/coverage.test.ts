/**
 * `check --coverage`: every transition the search explores, counted by action, role and
 * message kind, and each action of the protocol the model never takes, named.
 */
import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { runCli } from "./helpers.ts";
import { loadModel } from "../../src/app/load.ts";
import { checkModel, checkModelAsync } from "../../src/run.ts";

const RETRY = "models/paxos-retry.synod";
const RETRY_NEVER =
  "no node ever takes a `retry` step: a proposer resends its current ballot's requests on a timeout (with `retry resend`)";

describe("check --coverage", () => {
  it("counts each class of transition: enabled in, taken, new states", async () => {
    const report = checkModel(await loadModel(RETRY), { coverage: true });
    const rows = report.coverage!.rows.map((r) => [
      `${r.action}${r.message === null ? "" : ` ${r.message}`} ${r.role}`,
      r.enabledIn,
      r.taken,
      r.newStates,
    ]);
    expect(rows).toEqual([
      ["deliver Prepare acceptor", 17_457, 26_340, 1_876],
      ["deliver Accept acceptor", 26_277, 65_700, 2_644],
      ["deliver Promise proposer", 7_060, 12_300, 3_472],
      ["deliver Accepted learner", 21_150, 41_490, 3_500],
      ["crash acceptor", 5_786, 17_358, 8_631],
      ["recover acceptor", 17_358, 17_358, 1],
      ["restart proposer", 10_365, 10_365, 8_205],
      ["start proposer", 1_015, 1_015, 600],
    ]);
    // Every transition is counted once, and every state but the initial one is new once.
    const { generatedStates, distinctStates } = report.result;
    expect(report.coverage!.rows.reduce((sum, r) => sum + r.taken, 0)).toBe(generatedStates - 1);
    expect(report.coverage!.rows.reduce((sum, r) => sum + r.newStates, 0)).toBe(distinctStates - 1);
    expect(report.coverage!.neverTaken).toEqual([RETRY_NEVER]);
  });

  it("names a node that never takes a step others of its role take", async () => {
    // Four states: the initial one and three crashes; p1's start is the last transition seen.
    const loaded = await loadModel("models/paxos-one-ballot.synod");
    const report = await checkModelAsync(loaded, { coverage: true, maxStates: 4, workers: 2 });
    expect(report.result.workers).toBe(1);
    expect(report.coverage!.neverTaken).toEqual([
      "p2 never takes a `start` step: a proposer starts its next ballot (phase 1a)",
      RETRY_NEVER,
    ]);
  });

  it("prints the table after the result, and puts it in --json", async () => {
    const text = await runCli("check", RETRY, "--coverage");
    expect(text.code).toBe(0);
    expect(text.out).toContain(
      [
        "Coverage: the transitions the search explored, by action and by the role of the node",
        'that takes it (or receives the message); "enabled in" counts the states where it could be taken.',
        "  action            role      enabled in   taken  new states",
        "  deliver Prepare   acceptor      17,457  26,340       1,876",
      ].join("\n"),
    );
    expect(text.out).toContain(
      `  start             proposer       1,015   1,015         600\n  ✗ ${RETRY_NEVER}\n`,
    );
    const { out } = await runCli("check", RETRY, "--coverage", "--json");
    const json = JSON.parse(out);
    const schema = JSON.parse(readFileSync("spec/check-result.schema.json", "utf8"));
    const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    expect(json.coverage.rows[7]).toEqual({
      action: "start",
      role: "proposer",
      message: null,
      enabledIn: 1015,
      taken: 1015,
      newStates: 600,
    });
    expect(json.coverage.neverTaken).toEqual([RETRY_NEVER]);
  });

  it("is refused beside --continue, for several models, and for a protocol of actions", async () => {
    expect(await runCli("check", RETRY, "--coverage", "--continue")).toEqual({
      code: 2,
      out: "",
      err: "synod: --coverage cannot be given with --continue\n  hint: --coverage counts what one whole search explores; leave out one of the two.\n",
    });
    const batch = await runCli("check", "models/variants", "--coverage");
    expect([batch.code, batch.err]).toEqual([
      2,
      "synod: --coverage checks one model\n  hint: give one model file: its coverage is a table of its own.\n",
    ]);
    const abstract = await runCli("check", "models/tla/paxos-3a-2v-b1.synod", "--coverage");
    expect([abstract.code, abstract.err]).toEqual([
      2,
      "synod: --coverage: protocol `paxos-abstract` is written as actions of its own, not as nodes that take steps and exchange messages: coverage counts the steps of actor protocols\n  hint: check the model without --coverage, or write the protocol as nodes (docs/authoring.md).\n",
    ]);
  });
});
