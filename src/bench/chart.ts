/**
 * The benchmark's chart: distinct states per second for each model, one bar per run (one thread,
 * and all workers where the search was split), drawn by Vega-Lite from the rows of the run that
 * wrote the table, as a standalone SVG.
 */
import { parse, View } from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import type { BenchRow } from "./bench.ts";

/** `models/bench/paxos-default.synod` → `paxos-default`. */
const shortName = (file: string): string =>
  file
    .split(/[\\/]/)
    .pop()!
    .replace(/\.synod$/, "");

const threads = (workers: number): string => (workers === 1 ? "one thread" : `${workers} workers`);

/** The SVG of the rate chart; `subtitle`, in lines, says how, when and where it was measured. */
export async function rateChart(
  rows: readonly BenchRow[],
  subtitle: readonly string[],
): Promise<string> {
  const spec: TopLevelSpec = {
    title: { text: "Distinct states per second", subtitle: [...subtitle], anchor: "start" },
    width: 520,
    background: "white",
    data: {
      values: rows.map((row) => ({
        model: shortName(row.model),
        threads: threads(row.workers),
        rate: row.statesPerSecond,
      })),
    },
    mark: { type: "bar", tooltip: true },
    encoding: {
      y: { field: "model", type: "nominal", title: null, sort: null },
      yOffset: { field: "threads", sort: null },
      x: {
        field: "rate",
        type: "quantitative",
        title: "distinct states per second",
        axis: { format: ",d" },
      },
      color: {
        field: "threads",
        type: "nominal",
        sort: null,
        title: null,
        legend: { orient: "bottom" },
      },
    },
    config: { font: "sans-serif" },
  };
  // No renderer: the view is only laid out and serialised, with no canvas or browser.
  const view = new View(parse(compile(spec).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
