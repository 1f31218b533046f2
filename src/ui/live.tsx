/** Runs a check with the live progress panel, for `synod check` in a terminal. */
import { render } from "ink";
import type { Progress } from "../check/explorer.ts";
import type { LoadedModel } from "../lang/load.ts";
import { checkModelAsync, type CheckOptions, type CheckReport } from "../run.ts";
import { ProgressView } from "./progress.tsx";
import { Viewer } from "./viewer.tsx";
import type { CounterexampleStep } from "../trace/counterexample.ts";

export async function checkWithProgress(
  loaded: LoadedModel,
  options: CheckOptions,
): Promise<CheckReport> {
  const view = (progress: Progress | null, done: boolean) => (
    <ProgressView
      file={loaded.model.file}
      checking={[...loaded.invariants, ...loaded.steps].map((p) => p.id)}
      progress={progress}
      maxStates={options.maxStates ?? loaded.model.limits.maxStates}
      maxDepth={options.maxDepth ?? loaded.model.limits.maxDepth}
      done={done}
    />
  );
  const app = render(view(null, false));
  let last: Progress | null = null;
  try {
    const report = await checkModelAsync(loaded, {
      ...options,
      onProgress: (progress) => {
        last = progress;
        app.rerender(view(progress, false));
      },
    });
    app.rerender(view(last, true));
    return report;
  } finally {
    app.unmount();
    await app.waitUntilExit();
  }
}

/** Opens the counterexample viewer on a violation; resolves when the user quits it. */
export async function viewCounterexample(report: CheckReport): Promise<void> {
  const { loaded, result } = report;
  const property = [...loaded.invariants, ...loaded.steps].find((p) => p.id === result.violated)!;
  await viewSteps(
    property.id,
    property.statement,
    report.explanation ?? "",
    report.counterexample!,
  );
}

/** Opens the viewer on any counterexample (a fresh one, or one read from an ITF file). */
export async function viewSteps(
  violated: string,
  statement: string,
  explanation: string,
  steps: readonly CounterexampleStep[],
): Promise<void> {
  const app = render(
    <Viewer
      violated={violated}
      statement={statement}
      explanation={explanation}
      steps={steps}
      height={Math.max(5, (process.stdout.rows ?? 24) - 12)}
    />,
  );
  await app.waitUntilExit();
}
