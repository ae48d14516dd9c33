/**
 * A training run on disk: drives the training loop, passes every record to the reporters, evaluates
 * each snapshot, and writes the run folder (config.json, metrics.jsonl, checkpoint.json, samples.png,
 * curves.png, summary.json; image runs also grids/step-N.png at every snapshot). Stops early and still writes everything when `signal` aborts (Ctrl-C).
 *
 * Divergence (a DivergenceError from the trainer, or non-finite values in a state about to be
 * checkpointed): with `onDivergence: 'stop'` the error ends the run, the last checkpoint staying the
 * last good state. With `'rollback'` the run goes back to the last good state (the last checkpoint it
 * wrote, or its start), multiplies both learning rates by `rollbackLearningRateFactor`, cuts
 * metrics.jsonl back to that step, appends a rollback record, checkpoints, and goes on: the files then
 * describe the run that continued, so a resume stays exact. After `maxRollbacks` rollbacks the next
 * divergence ends the run.
 *
 * Crash safety (docs/reliability.md, "Run folders survive crashes"): the resumed state is checked
 * against the config's networks before any file is written; the run holds the folder's lock
 * (./run-lock.ts) for its life; run-options.json and config.json are written before anything else, so
 * the folder can be resumed from the first moment (from config.json alone before the first
 * checkpoint); summary.json is written last, so its absence marks an unfinished run, and a resume of a
 * run that finished training but lost its summary (or curves.png) writes them without training.
 */
import { createObjective } from '../../objectives/registry.js';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { makeFolder } from '../files/make-folder.js';
import { join } from 'node:path';
import type { Dataset } from '../../data/distribution.js';
import { ImageDataset } from '../../data/image-dataset.js';
import { evaluateSamples, type EvalRecord } from '../../metrics/evaluate.js';
import type { ImageTrackRecord } from '../../metrics/image/image-track-record.js';
import { createRng, deriveSeed } from '../../random/rng.js';
import type { TrainConfig } from '../../training/config.js';
import type { SnapshotRecord, StepRecord } from '../../training/records.js';
import { DivergenceError, type RollbackRecord } from '../../training/divergence.js';
import { GanTrainer, type TrainerState } from '../../training/trainer.js';
import { writeFileAtomic } from '../files/atomic-write.js';
import { saveCheckpoint } from './checkpoint.js';
import { restoreCheckpointState } from './checkpoint-validation.js';
import { errorCode } from '../files/file-system-error.js';
import { faultPoint } from './fault-injection.js';
import { acquireRunLock } from './run-lock.js';
import { writeRunOptions } from './run-options.js';
import { jsonlReporter } from '../reporters/jsonl.js';
import type { AnalysisRecord, Reporter, RunEvent } from '../reporters/reporter.js';
import { curvesPlot, samplesPlot } from './run-plots.js';
import { gridPath, GRIDS_DIR, runPaths } from './run-folder.js';

export interface RunSummary {
  readonly outDir: string;
  readonly steps: number;
  readonly interrupted: boolean;
  readonly seconds: number;
  readonly stepsPerSecond: number;
  readonly backend: string;
  /** The native engine's instruction-set level (avx512, avx2, portable), when it ran. */
  readonly kernels?: string;
  /** Compute threads of the backend. */
  readonly threads?: number;
  readonly data: string;
  readonly loss: string;
  readonly last?: StepRecord;
  readonly eval?: EvalRecord;
  /** The rollbacks after divergence (`onDivergence: 'rollback'`), when there were any. */
  readonly rollbacks?: readonly RollbackRecord[];
  /** The last snapshot's image metrics (image runs with a classifier, ../image-metrics/image-tracker.ts). */
  readonly images?: ImageTrackRecord;
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
  /** Its kernel level and threads, for the summary (they do not change the results; they say what ran). */
  readonly kernels?: string;
  readonly threads?: number;
  readonly signal?: AbortSignal;
  /** Render samples.png at every snapshot (default true) so a user can watch it change. */
  readonly plotEverySnapshot?: boolean;
  /** Analyses run at every snapshot, in order (default none). */
  readonly analyzers?: readonly SnapshotAnalyzer[];
  /** Called after each rollback (`onDivergence: 'rollback'`) with its record, e.g. to tell the user at once. */
  readonly onRollback?: (record: RollbackRecord) => void;
  /**
   * Continue from this checkpointed state: the run folder's metrics.jsonl is cut back to the
   * checkpoint's step and extended; the result is the same, bit for bit, as a run done in one go.
   */
  readonly resume?: TrainerState;
  /** Write checkpoint.json every this many steps, at least 1 (atomically; the previous one stays until then). */
  readonly checkpointEvery?: number;
  /**
   * Whether `analyzers` track the theory (`--track-theory`): only recorded in run-options.json, with
   * `checkpointEvery` and `plotEverySnapshot`, so that `--resume` runs with the same options.
   */
  readonly trackTheory?: boolean;
  /** The caller holds the folder's lock already (./run-lock.ts); else runTraining takes it for the run. */
  readonly lockHeld?: boolean;
}

/**
 * The records of metrics.jsonl up to and including `step` (later ones came after the checkpoint),
 * without the evaluations of a final or interrupted snapshot off the `snapshotEvery` grid: the
 * continued run would not have made them. Rollback records (which carry the step gone back to) stay.
 * When `step` is the run's last (`finalStep`), its final snapshot's records stay: the run is complete.
 * No file (a run killed before it wrote one): no records.
 */
function recordsUpTo(path: string, step: number, snapshotEvery: number, finalStep = -1): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if (errorCode(e) === 'ENOENT') return out;
    throw e;
  }
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const r = JSON.parse(line) as Record<string, unknown>;
      const kept = r.type === 'step' || r.type === 'rollback' || (typeof r.step === 'number' && (r.step % snapshotEvery === 0 || r.step === finalStep));
      if (typeof r.step === 'number' && r.step <= step && kept) out.push(r);
    } catch {
      // a line cut by a crash: it is after the checkpoint anyway
    }
  }
  return out;
}

/** Runs training as described in the file comment. The folder must have been prepared (see run-folder.ts). */
export async function runTraining(o: RunOptions): Promise<RunSummary> {
  if (o.checkpointEvery !== undefined && !(Number.isInteger(o.checkpointEvery) && o.checkpointEvery >= 1)) {
    throw new RangeError(`checkpointEvery must be a whole number of at least 1, got ${o.checkpointEvery}`);
  }
  const paths = runPaths(o.outDir);
  // Everything that can refuse the run comes before the first write: the resumed state must fit the
  // config's networks, and no other process may be writing the folder.
  const trainer = new GanTrainer(o.config, o.dataset);
  let lock: { release(): void } | undefined;
  try {
    if (o.resume !== undefined) await restoreCheckpointState(trainer, o.resume, paths.checkpoint);
    if (o.lockHeld !== true) lock = acquireRunLock(o.outDir);
  } catch (e) {
    trainer.dispose();
    throw e;
  }
  const reporters: Reporter[] = [];
  try {
    return await trainHoldingLock(o, trainer, reporters);
  } finally {
    for (const r of reporters) await r.close();
    trainer.dispose();
    lock?.release();
  }
}

/** runTraining once the trainer is built (and restored) and the folder is locked; fills `reporters` for the caller to close. */
async function trainHoldingLock(o: RunOptions, trainer: GanTrainer, reporters: Reporter[]): Promise<RunSummary> {
  const paths = runPaths(o.outDir);
  writeRunOptions(o.outDir, { checkpointEvery: o.checkpointEvery, trackTheory: o.trackTheory === true, plotEverySnapshot: o.plotEverySnapshot !== false });
  writeFileAtomic(paths.config, `${JSON.stringify(o.config, null, 2)}\n`);
  // summary.json marks a finished run (run-folder.ts isRunFinished): until this run writes its own, the
  // folder holds an unfinished one. (An old summary's step count differs from the new config.json's already.)
  rmSync(paths.summary, { force: true });
  faultPoint('after-config');
  const finalStep = o.resume?.step === o.config.steps ? o.config.steps : -1; // training done: only the summary is missing
  const earlier = o.resume === undefined ? [] : recordsUpTo(paths.metrics, o.resume.step, o.config.snapshotEvery, finalStep);
  writeFileAtomic(paths.metrics, earlier.map((r) => `${JSON.stringify(r)}\n`).join(''));
  const jsonl = jsonlReporter(paths.metrics);
  reporters.push(jsonl, ...(o.reporters ?? []));
  // The run's records so far (for curves.png and the summary), as metrics.jsonl holds them.
  let steps: StepRecord[] = [];
  let evals: EvalRecord[] = [];
  let analyses: AnalysisRecord[] = [];
  let rollbacks: RollbackRecord[] = [];
  const keep = (records: Record<string, unknown>[]) => {
    const of = <T>(type: string) => records.filter((r) => r.type === type) as unknown as T[];
    steps = of<StepRecord>('step');
    evals = of<EvalRecord>('eval');
    rollbacks = of<RollbackRecord>('rollback');
    analyses = records.filter((r) => r.type !== 'step' && r.type !== 'eval' && r.type !== 'rollback') as unknown as AnalysisRecord[];
  };
  keep(earlier);
  let stepsTrained = 0; // in this process, counting those a rollback threw away (for steps/s)
  // One evaluation stream per step, so that a resumed run evaluates exactly like an uninterrupted one.
  const evalRngAt = (step: number) => createRng(deriveSeed(o.config.seed, `eval:${step}`));
  // The state a rollback returns to: the last checkpoint written, or the start (kept only if needed).
  let lastGood: TrainerState | undefined = o.config.onDivergence === 'rollback' ? (o.resume ?? (await trainer.getState())) : undefined;
  const checkpoint = async () => {
    await jsonl.close(); // flushes: metrics.jsonl holds every record up to the checkpoint's step
    const state = await trainer.getState();
    saveCheckpoint(paths.checkpoint, { config: o.config, state }); // throws DivergenceError on a non-finite value
    if (lastGood !== undefined) lastGood = state;
  };
  const every = o.checkpointEvery;
  const snapshotDue = (step: number) => step % o.config.snapshotEvery === 0 || step === o.config.steps;
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
  /** Back to `lastGood` after `e` (see the file comment). */
  const rollback = async (e: DivergenceError, good: TrainerState) => {
    await trainer.setState(good);
    trainer.scaleLearningRates(o.config.rollbackLearningRateFactor);
    await jsonl.close(); // the diverged steps' buffered records go to the file, to be cut off with the rest
    const record: RollbackRecord = {
      type: 'rollback',
      step: good.step,
      fromStep: e.step,
      quantity: e.quantity,
      value: String(e.value),
      rollback: rollbacks.length + 1,
      learningRates: trainer.learningRates,
    };
    const records = [...recordsUpTo(paths.metrics, good.step, o.config.snapshotEvery), record as unknown as Record<string, unknown>];
    writeFileAtomic(paths.metrics, records.map((r) => `${JSON.stringify(r)}\n`).join(''));
    keep(records);
    await checkpoint(); // the new last good state: the same step with the lower learning rates
    o.onRollback?.(record);
  };
  /** samples.png for a snapshot; an image run also keeps its grid as grids/step-N.png (run-folder.ts). */
  const writeSamples = async (fake: Float64Array, step: number) => {
    const png = await samplesPlot(trainer, o.dataset, fake, step);
    if (png === undefined) return;
    writeFileAtomic(paths.samples, png);
    if (o.dataset instanceof ImageDataset) {
      makeFolder(join(o.outDir, GRIDS_DIR));
      writeFileAtomic(gridPath(o.outDir, step), png);
    }
  };
  let interrupted = false;
  let lastSnapshotStep = -1;
  /** Trains to the end (or an interruption) from the trainer's current state. */
  const trainOn = async (): Promise<void> => {
    for await (const e of trainer.run()) {
      await emit(e);
      if (e.type === 'step') {
        stepsTrained++;
        steps.push(e);
        // A checkpoint after the step's snapshot records when one follows, else right away.
        if (every !== undefined && e.step % every === 0 && !snapshotDue(e.step) && e.step !== o.config.steps) await checkpoint();
        // Let timers and signals (Ctrl-C) run between steps.
        if (e.step % 25 === 0) await new Promise((r) => setImmediate(r));
        faultPoint(`after-step:${e.step}`);
      } else {
        lastSnapshotStep = e.step;
        const ev = evaluateSamples(o.dataset, e.fake, e.step, evalRngAt(e.step));
        evals.push(ev);
        await emit(ev);
        await analyze(e);
        if (e.final || o.plotEverySnapshot !== false) await writeSamples(e.fake, e.step);
        if (every !== undefined && e.step % every === 0 && !e.final) await checkpoint();
      }
      if (o.signal?.aborted) {
        interrupted = true;
        break;
      }
    }
    if (interrupted && trainer.step !== lastSnapshotStep) {
      const snap = trainer.snapshot(true);
      const ev = evaluateSamples(o.dataset, snap.fake, snap.step, evalRngAt(snap.step));
      evals.push(ev);
      await emit(ev);
      await analyze(snap);
      await writeSamples(snap.fake, snap.step);
    }
  };
  const t0 = performance.now();
  for (;;) {
    try {
      await trainOn();
      break;
    } catch (e) {
      if (!(e instanceof DivergenceError) || lastGood === undefined) throw e;
      if (rollbacks.length >= o.config.maxRollbacks) throw new DivergenceError(e.step, e.quantity, e.value, rollbacks.length);
      await rollback(e, lastGood);
      lastSnapshotStep = -1;
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  await checkpoint();
  faultPoint('after-final-checkpoint');
  writeFileAtomic(paths.curves, await curvesPlot(steps, evals, `${o.dataset.label} · ${o.config.loss}${o.config.pack > 1 ? ` · D on packs of ${o.config.pack} (PacGAN)` : ''} · seed ${o.config.seed}`, analyses, createObjective(o.config.loss, { labelSmoothing: o.config.labelSmoothing }).properties));
  const lastImages = analyses.filter((a): a is ImageTrackRecord => a.type === 'images').pop();
  const files: Record<string, string> = { config: paths.config, metrics: paths.metrics, checkpoint: paths.checkpoint, curves: paths.curves, summary: paths.summary };
  if (existsSync(paths.samples)) files.samples = paths.samples;
  if (existsSync(join(o.outDir, GRIDS_DIR))) files.grids = join(o.outDir, GRIDS_DIR);
  const summary: RunSummary = {
    outDir: o.outDir,
    steps: trainer.step,
    interrupted,
    seconds,
    stepsPerSecond: stepsTrained / seconds,
    backend: o.backend,
    ...(o.kernels === undefined ? {} : { kernels: o.kernels }),
    ...(o.threads === undefined ? {} : { threads: o.threads }),
    data: o.dataset.label,
    loss: o.config.loss,
    last: steps[steps.length - 1],
    eval: evals[evals.length - 1],
    ...(rollbacks.length > 0 ? { rollbacks } : {}),
    ...(lastImages === undefined ? {} : { images: lastImages }),
    files,
  };
  writeFileAtomic(paths.summary, `${JSON.stringify(summary, null, 2)}\n`);
  return summary;
}
