/**
 * Counterexamples as Mermaid sequence diagrams: every block in the generated invariant docs is
 * read by Mermaid's own parser; a diagram has one arrow per delivery, a note per other step, the
 * violation last and a liveness cycle as a loop; names Mermaid would misread are written safely.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import mermaid from "mermaid";
import { describe, expect, it } from "vitest";
import { loadModel } from "../../src/app/load.ts";
import { checkModel } from "../../src/run.ts";
import { fromSnapshots } from "../../src/trace/counterexample.ts";
import { renderMermaid } from "../../src/trace/mermaid.ts";
import type { Snapshot } from "../../src/core/checkable.ts";

/** Mermaid's parser: resolves for a diagram it reads, rejects with its own message otherwise. */
const parse = (source: string) => mermaid.parse(source);

async function diagramOf(file: string) {
  const report = checkModel(await loadModel(file));
  const result = report.result;
  const lasso = result.loop === null ? null : { loop: result.loop, stutters: result.stutters };
  const steps = report.counterexample!;
  return { steps, source: renderMermaid(steps, { violated: result.violated!, lasso }) };
}

describe("counterexamples as Mermaid sequence diagrams", () => {
  it("every diagram in docs/invariants is read by Mermaid's parser", async () => {
    const pages = readdirSync("docs/invariants").filter((name) => name.endsWith(".md"));
    let blocks = 0;
    for (const page of pages) {
      const text = readFileSync(join("docs/invariants", page), "utf8");
      const found = [...text.matchAll(/^```mermaid\n([\s\S]*?)\n```$/gm)].map((m) => m[1]!);
      // One diagram per counterexample the page shows.
      expect(found.length, page).toBe(text.match(/^### /gm)?.length ?? 0);
      for (const source of found) {
        await expect(parse(source), page).resolves.toEqual({ diagramType: "sequence", config: {} });
      }
      blocks += found.length;
    }
    expect(blocks).toBe(34);
  });

  it("a malformed diagram is refused by the parser (the check can fail)", async () => {
    await expect(parse("sequenceDiagram\n  n0->>: Prepare")).rejects.toThrow(
      /Parse error on line 2/,
    );
  });

  it("vote-without-promise's diagram, as the docs show it", async () => {
    const { source } = await diagramOf("models/variants/vote-without-promise.synod");
    expect(source).toBe(
      [
        "sequenceDiagram",
        "  participant n0 as p1",
        "  participant n1 as a1",
        "  participant n2 as a2",
        "  participant n3 as a3",
        "  participant n4 as l1",
        "  Note over n0: 1. p1 starts ballot 1.p1 proposing a",
        "  n0->>n1: 2. Prepare(b=1.p1)",
        "  n0->>n2: 3. Prepare(b=1.p1)",
        "  n1->>n0: 4. Promise(b=1.p1, no vote)",
        "  n2->>n0: 5. Promise(b=1.p1, no vote)",
        "  n0->>n3: 6. Accept(b=1.p1, v=a)",
        "  Note over n0,n4: promise-covers-vote is violated",
      ].join("\n"),
    );
  });

  it("one arrow per delivery, one note per other step, the crash and the recovery", async () => {
    const { steps, source } = await diagramOf("examples/two-phase-commit/forgetful.synod");
    const kinds = steps.slice(1).map((step) => step.event!.kind);
    const arrows = source.split("\n").filter((line) => line.includes("->>"));
    expect(arrows).toHaveLength(kinds.filter((kind) => kind === "deliver").length);
    expect(source.match(/: \d+\. \S+ crashes$/gm)).toHaveLength(1);
    expect(source.match(/: \d+\. \S+ recovers/gm)).toHaveLength(1);
    await expect(parse(source)).resolves.toBeDefined();
  });

  it("a liveness counterexample's cycle is a loop, and the duplicate a note", async () => {
    const lasso = await diagramOf("models/liveness/lossy-network.synod");
    expect(lasso.source).toMatch(
      /\n {2}loop steps 2 to 5 repeat forever\n {4}Note over n0,n1: 2\. /,
    );
    expect(lasso.source).toMatch(/\n {2}end\n {2}Note over n0,n\d: eventually \S+ is violated$/);
    await expect(parse(lasso.source)).resolves.toBeDefined();
    const duplicate = await diagramOf("models/variants/count-duplicates.synod");
    expect(duplicate.source).toMatch(/Note over n\d,n\d: \d+\. the network duplicates /);
    await expect(parse(duplicate.source)).resolves.toBeDefined();
  });

  it("names and messages with characters Mermaid reads as syntax", async () => {
    const node = (id: string, role: string) => ({
      id,
      role,
      crashed: false,
      fields: {},
      data: {},
    });
    const state: Snapshot = {
      nodes: [node("p->1", "proposer"), node("a;1", "acceptor")],
      messages: [],
      budget: { drop: 0, duplicate: 0, crash: 0, restart: 0 },
      history: [],
      facts: [],
    };
    const message = { from: "p->1", to: "a;1", message: "Say(x=#1; y<2>)", data: {} };
    const steps = fromSnapshots([
      { state, action: "initial state", event: null },
      { state, action: "a;1 receives Say", event: { kind: "deliver", node: "a;1", message } },
      { state, action: "p->1 acts; #2", event: { kind: "local", node: "p->1" } },
    ]);
    const source = renderMermaid(steps, { violated: "safe", lasso: null });
    expect(source).toBe(
      [
        "sequenceDiagram",
        "  participant n0 as p-#62;1",
        "  participant n1 as a#59;1",
        "  n0->>n1: 1. Say(x=#35;1#59; y#60;2#62;)",
        "  Note over n0: 2. p-#62;1 acts#59; #35;2",
        "  Note over n0,n1: safe is violated",
      ].join("\n"),
    );
    await expect(parse(source)).resolves.toBeDefined();
  });
});
