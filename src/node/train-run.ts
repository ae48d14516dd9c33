/**
 * A training run on disk: drives the training loop, passes every record to the reporters, evaluates
 * each snapshot, and writes the run folder (config.json, metrics.jsonl, checkpoint.json, samples.png,
 * curves.png, summary.json). Stops early and still writes everything when `signal` aborts (Ctrl-C).
 */
import { existsSync, writeFileSync } from 'node:fs';
import type { Dataset } from '../data/distribution.js';
import { evaluateSamples, type EvalRecord } from '../metrics/evaluate.js';
import { createRng, deriveSeed } from '../random/rng.js';
import type { TrainConfig } from '../training/config.js';
import type { SnapshotRecord, StepRecord } from '../training/records.js';
import { GanTrainer } from '../training/trainer.js';
import { writeFileAtomic } from './atomic-write.js';
import { saveCheckpoint } from './checkpoint.js';
import { jsonlReporter } from './reporters/jsonl.js';
import type { AnalysisRecord, Reporter, RunEvent } from './reporters/reporter.js';
import { curvesPlot, samplesPlot } from './run-plots.js';
import { runPaths } from './run-folder.js';

export interface RunSummary {
  readonly outDir: string;
  readonly steps: number;
  readonly interrupted: boolean;
  readonly seconds: number;
  readonly stepsPerSecond: number;
  readonly backend: string;
  readonly data: string;
  readonly loss: string;
  readonly last?: StepRecord;
  readonly eval?: EvalRecord;
  readonly files: Record<string, string>;
}

/**
 * An extra analysis of each snapshot (e.g. theory tracking, experiments/track-theory.ts): it gets
 * the trainer and the snapshot, and the record it returns (if any) goes to the reporters (and so to
 * metrics.jsonl) right after the snapshot's eval record.
 */
export type SnapshotAnalyzer = (trainer: GanTrainer, snapshot: SnapshotRecord) => AnalysisRecord | undefined | Promise<AnalysisRecord | undefined>;

export interface RunOptions {
  readonly config: TrainConfig;
  readonly dataset: Dataset;
  readonly outDir: string;
  /** Reporters besides the metrics.jsonl writer (which is always on), e.g. the progress bar. */
  readonly reporters?: readonly Reporter[];
  /** The backend actually in use, for the summary. */
  readonly backend: string;
  readonly signal?: AbortSignal;
  /** Render samples.png at every snapshot (default true) so a user can watch it change. */
  readonly plotEverySnapshot?: boolean;
  /** Analyses run at every snapshot, in order (default none). */
  readonly analyzers?: readonly SnapshotAnalyzer[];
}

/** Runs training as described in the file comment. The folder must have been prepared (see run-folder.ts). */
export async function runTraining(o: RunOptions): Promise<RunSummary> {
  const paths = runPaths(o.outDir);
  writeFileAtomic(paths.config, `${JSON.stringify(o.config, null, 2)}\n`);
  writeFileSync(paths.metrics, '');
  const reporters: Reporter[] = [jsonlReporter(paths.metrics), ...(o.reporters ?? [])];
  const trainer = new GanTrainer(o.config, o.dataset);
  const steps: StepRecord[] = [];
  const evals: EvalRecord[] = [];
  const analyses: AnalysisRecord[] = [];
  const evalRng = createRng(deriveSeed(o.config.seed, 'eval'));
  const emit = async (e: RunEvent) => {
    for (const r of reporters) await r.onEvent(e);
  };
  const analyze = async (snapshot: SnapshotRecord) => {
    for (const analyzer of o.analyzers ?? []) {
      const record = await analyzer(trainer, snapshot);
      if (record !== undefined) {
        analyses.push(record);
        await emit(record);
      }
    }
  };
  const t0 = performance.now();
  let interrupted = false;
  let lastSnapshotStep = -1;
  try {
    for await (const e of trainer.run()) {
      await emit(e);
      if (e.type === 'step') {
        steps.push(e);
        // Let timers and signals (Ctrl-C) run between steps.
        if (e.step % 25 === 0) await new Promise((r) => setImmediate(r));
      } else {
        lastSnapshotStep = e.step;
        const ev = evaluateSamples(o.dataset, e.fake, e.step, evalRng);
        evals.push(ev);
        await emit(ev);
        await analyze(e);
        if (e.final || o.plotEverySnapshot !== false) {
          const png = await samplesPlot(trainer, o.dataset, e.fake, e.step);
          if (png !== undefined) writeFileAtomic(paths.samples, png);
        }
      }
      if (o.signal?.aborted) {
        interrupted = true;
        break;
      }
    }
    if (interrupted && trainer.step !== lastSnapshotStep) {
      const snap = trainer.snapshot(true);
      const ev = evaluateSamples(o.dataset, snap.fake, snap.step, evalRng);
      evals.push(ev);
      await emit(ev);
      await analyze(snap);
      const png = await samplesPlot(trainer, o.dataset, snap.fake, snap.step);
      if (png !== undefined) writeFileAtomic(paths.samples, png);
    }
    const seconds = (performance.now() - t0) / 1000;
    saveCheckpoint(paths.checkpoint, { config: o.config, state: await trainer.getState() });
    writeFileAtomic(paths.curves, await curvesPlot(steps, evals, `${o.dataset.label} · ${o.config.loss} · seed ${o.config.seed}`, analyses));
    const files: Record<string, string> = { config: paths.config, metrics: paths.metrics, checkpoint: paths.checkpoint, curves: paths.curves, summary: paths.summary };
    if (existsSync(paths.samples)) files.samples = paths.samples;
    const summary: RunSummary = {
      outDir: o.outDir,
      steps: trainer.step,
      interrupted,
      seconds,
      stepsPerSecond: steps.length / seconds,
      backend: o.backend,
      data: o.dataset.label,
      loss: o.config.loss,
      last: steps[steps.length - 1],
      eval: evals[evals.length - 1],
      files,
    };
    writeFileAtomic(paths.summary, `${JSON.stringify(summary, null, 2)}\n`);
    return summary;
  } finally {
    for (const r of reporters) await r.close();
    trainer.dispose();
  }
}
