/**
 * The invariant reference shows the properties models state themselves: each wording once,
 * with the models that verify it, break it, or reach it.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { generateInvariantDocs } from "../../src/docs/invariants.ts";

const MODELS = [
  "models/own-properties.synod",
  "test/fixtures/stated/half-quorum.synod",
  "test/fixtures/stated/never.synod",
];

describe("properties stated in models, in `synod docs`", () => {
  let out: string;
  let written: string[];
  const page = (name: string) => readFileSync(join(out, name), "utf8");

  beforeAll(async () => {
    out = join(mkdtempSync(join(tmpdir(), "synod-stated-")), "reference");
    written = await generateInvariantDocs(MODELS, out);
  });

  it("gets a page for each wording, and a row in the index", () => {
    expect(written.filter((name) => /\.(invariant|reachable|liveness)-/.test(name))).toEqual([
      "paxos.invariant-learned-by-quorum.md",
      "paxos.reachable-decided.md",
      "paxos.liveness-accepting-leads-to-decided.md",
      "paxos.reachable-disagreement.md",
    ]);
    expect(page("README.md")).toContain(
      [
        "| property | kind | formula | stated in |",
        "| -------- | ---- | ------- | --------- |",
        '| [`learned-by-quorum`](paxos.invariant-learned-by-quorum.md) | invariant | `forall l in learners: l.decided == none or quorum(a in acceptors: exists h in history: h.kind == "vote" and h.acceptor == a and h.value == l.decided)` | `own-properties`, `own-properties-half-quorum` |',
        "| [`reachable decided`](paxos.reachable-decided.md) | witness | `decided` | `own-properties`, `own-properties-half-quorum`, `own-properties-never` |",
        '| [`accepting-leads-to-decided`](paxos.liveness-accepting-leads-to-decided.md) | liveness | `(exists p in proposers: p.phase == "accepting") ~> decided` | `own-properties`, `own-properties-half-quorum` |',
        "| [`reachable disagreement`](paxos.reachable-disagreement.md) | witness | `not agreement` | `own-properties-never` |",
      ].join("\n"),
    );
  });

  it("an invariant's page shows its words, the model it holds in and the one that breaks it", () => {
    const text = page("paxos.invariant-learned-by-quorum.md");
    expect(text).toContain(
      "```\n// A learner learns only a value that a majority of acceptors voted for.\ninvariant learned-by-quorum: forall l in learners:",
    );
    expect(text).toContain("| `models/own-properties.synod` | 969 | 15 | drop 2 |");
    expect(text).toContain("### variant `half-quorum` (`test/fixtures/stated/half-quorum.synod`)");
    expect(text).toContain("**Shortest counterexample: 5 steps.** `forall l in learners:");
  });

  it("a witness's page says where it is reached, never reached, or not looked for", () => {
    expect(page("paxos.reachable-decided.md")).toContain(
      [
        "| `models/own-properties.synod` | 9 | 461 |",
        "| `test/fixtures/stated/never.synod` | 9 | 66 |",
        "",
        "## Not searched",
        "",
        "A witness is looked for once every invariant holds; in these models the check did not hold, or a limit stopped it:",
        "",
        "- `test/fixtures/stated/half-quorum.synod`",
      ].join("\n"),
    );
    expect(page("paxos.reachable-disagreement.md")).toContain(
      "## Never reached in\n\n- `test/fixtures/stated/never.synod`",
    );
  });

  it("a leads-to's page lists the fairness it holds under", () => {
    expect(page("paxos.liveness-accepting-leads-to-decided.md")).toContain(
      "| `models/own-properties.synod` | 969 | 15 | drop 2 | weak deliver, weak start, weak retry |",
    );
  });
});
