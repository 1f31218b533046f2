/**
 * Runs a simulation with the live panel, for `synod simulate` in a terminal: the walks run on
 * worker threads (one at least) and this thread only draws.
 */
import { render } from "ink";
import type { LoadedModel } from "../app/load.ts";
import { simulateModel, type SimulateOptions, type SimulationReport } from "../app/simulate.ts";
import type { WalkProgress } from "../check/strategies/random-walk.ts";
import { MAX_RUNS } from "../check/strategies/walk-workers.ts";
import { SimulationView } from "./simulate-progress.tsx";
import type { CheckableSystem } from "../core/checkable.ts";

export async function simulateWithProgress(
  loaded: LoadedModel,
  options: Omit<SimulateOptions, "onProgress" | "onShortening" | "offThread">,
  maxSeconds: number | null,
  system: CheckableSystem,
): Promise<SimulationReport> {
  let shortening: number | null = null;
  const view = (progress: WalkProgress | null, done: boolean) => (
    <SimulationView
      file={loaded.model.file}
      checking={[...loaded.invariants, ...loaded.steps].map((p) => p.id)}
      seed={options.seed}
      runs={options.run !== null ? 1 : options.runs === MAX_RUNS ? null : options.runs}
      maxSeconds={maxSeconds}
      workers={options.workers}
      progress={progress}
      shortening={shortening}
      done={done}
    />
  );
  const app = render(view(null, false));
  let last: WalkProgress | null = null;
  try {
    const report = await simulateModel(
      loaded,
      {
        ...options,
        offThread: true,
        onProgress: (progress) => {
          last = progress;
          app.rerender(view(progress, false));
        },
        onShortening: (run) => {
          shortening = run;
          app.rerender(view(last, false));
        },
      },
      system,
    );
    app.rerender(view(last, true));
    return report;
  } finally {
    app.unmount();
    await app.waitUntilExit();
  }
}
