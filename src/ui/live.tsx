/**
 * Runs a check with the live progress panel, for `synod check` in a terminal. The search runs in
 * a worker thread (src/ui/search-worker.ts) and this thread only draws.
 */
import { livenessName } from "../core/protocol.ts";
import { render } from "ink";
import type { Progress } from "../check/search.ts";
import { abandonedResult } from "../check/result.ts";
import { stuckFor } from "../runtime/watchdog.ts";
import type { CheckpointSettings } from "../check/checkpoint.ts";
import type { LoadedModel } from "../app/load.ts";
import { Worker } from "node:worker_threads";
import { buildSystem, type CheckOptions, type CheckReport } from "../run.ts";
import type { WorkerMessage } from "./search-worker.ts";
import { ProgressView } from "./progress.tsx";
import type { CoverageReport } from "../app/coverage.ts";
import { Viewer } from "./viewer.tsx";
import type { CounterexampleStep } from "../trace/counterexample.ts";
import { RUNNING_COMPILED, sourceUrl } from "../runtime/compiled.ts";
import { rebuiltError } from "../check/parallel-protocol.ts";

/** Checkpoints of a search in the panel's thread: written there, and heard of here. */
export interface LiveCheckpoints {
  readonly checkpoint: CheckpointSettings | null;
  /** A folder to resume from, or null. */
  readonly resume: string | null;
  readonly written: (at: { distinct: number; depth: number }) => void;
}

export async function checkWithProgress(
  loaded: LoadedModel,
  options: CheckOptions,
  checkpoints: LiveCheckpoints = { checkpoint: null, resume: null, written: () => {} },
): Promise<CheckReport> {
  const view = (progress: Progress | null, done: boolean, coverage?: CoverageReport) => (
    <ProgressView
      file={loaded.model.file}
      checking={[
        ...[...loaded.invariants, ...loaded.steps].map((p) => p.id),
        ...loaded.liveness.map(livenessName),
        ...loaded.reachables.map((r) => `reachable ${r.id}`),
      ]}
      progress={progress}
      maxStates={options.maxStates ?? loaded.model.limits.maxStates}
      maxDepth={options.maxDepth ?? loaded.model.limits.maxDepth}
      done={done}
      {...(coverage === undefined ? {} : { coverage })}
    />
  );
  const app = render(view(null, false));
  let last: Progress | null = null;
  const started = performance.now();
  let watch: ReturnType<typeof setInterval> | undefined;
  try {
    const done = await new Promise<Extract<WorkerMessage, { type: "done" }>>((resolve, reject) => {
      // The compiled copy's own search worker, or the sources' through tsx.
      const entry = RUNNING_COMPILED
        ? new URL("./search-worker.js", import.meta.url)
        : new URL("./search-worker.mjs", sourceUrl(import.meta.url));
      // The budget crosses as data: its stop word is shared, so Ctrl-C here stops the search there.
      const { budget, onProgress: _, ...plain } = options;
      const worker = new Worker(entry, {
        workerData: {
          file: loaded.model.file,
          options: plain,
          budget: budget?.toData(),
          checkpoint: checkpoints.checkpoint,
          resume: checkpoints.resume,
        },
      });
      worker.on("message", (message: WorkerMessage) => {
        if (message.type === "checkpoint") {
          checkpoints.written(message);
        } else if (message.type === "progress") {
          last = message.progress;
          app.rerender(view(message.progress, false));
        } else if (message.type === "failure") {
          reject(rebuiltError(message));
          void worker.terminate();
        } else {
          resolve(message);
          void worker.terminate();
        }
      });
      worker.on("error", reject);
      // A step that does not return (the model's own code, looping) never lets the search
      // thread stop itself: past the limit and a grace period, that thread is ended.
      if (budget !== undefined) {
        watch = setInterval(() => {
          const reason = stuckFor(budget);
          if (reason === null) return;
          void worker.terminate();
          resolve({
            type: "done",
            result: abandonedResult(reason, last, (performance.now() - started) / 1000),
            explanation: null,
            limits: {
              maxStates: options.maxStates ?? loaded.model.limits.maxStates,
              maxDepth: options.maxDepth ?? loaded.model.limits.maxDepth,
              maxSeconds: options.maxSeconds ?? null,
              maxMemory: options.maxMemory ?? null,
            },
            counterexample: null,
            witnesses: [],
          });
        }, 100);
      }
    });
    clearInterval(watch);
    app.rerender(view(last, true, done.coverage));
    return {
      loaded,
      system: buildSystem(loaded),
      result: done.result,
      explanation: done.explanation,
      picture: done.picture ?? null,
      limits: done.limits,
      counterexample: done.counterexample,
      witnesses: done.witnesses,
      ...(done.coverage === undefined ? {} : { coverage: done.coverage }),
    };
  } finally {
    clearInterval(watch);
    app.unmount();
    await app.waitUntilExit();
  }
}

/** Opens the counterexample viewer on a violation; resolves when the user quits it. */
export async function viewCounterexample(report: CheckReport): Promise<void> {
  const { loaded, result } = report;
  const property = [...loaded.invariants, ...loaded.steps, ...loaded.liveness].find(
    (p) => p.id === result.violated || livenessName(p) === result.violated,
  )!;
  await viewSteps(
    result.violated!,
    property.statement,
    report.explanation ?? "",
    report.counterexample!,
    result.loop === null ? null : { loop: result.loop, stutters: result.stutters },
    report.picture ?? null,
  );
}

/** Opens the viewer on any counterexample (a fresh one, or one read from an ITF file). */
export async function viewSteps(
  violated: string,
  statement: string,
  explanation: string,
  steps: readonly CounterexampleStep[],
  lasso: { loop: number; stutters: boolean } | null = null,
  picture: readonly string[] | null = null,
): Promise<void> {
  const app = render(
    <Viewer
      violated={violated}
      statement={statement}
      explanation={explanation}
      picture={picture}
      steps={steps}
      lasso={lasso}
      height={Math.max(5, (process.stdout.rows ?? 24) - 12)}
    />,
  );
  await app.waitUntilExit();
}
