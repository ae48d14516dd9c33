/**
 * `tsgan train`: trains a GAN and writes a run folder (see src/node/run/run-folder.ts), holding the folder's
 * lock for the run (src/node/run/run-lock.ts). `--resume DIR` continues an unfinished run with the config
 * of its config.json and the options of its run-options.json (flags override those), from its
 * checkpoint, or from step 0 when it was stopped before its first one. Ctrl-C (SIGINT) and SIGTERM stop
 * after the current step, save the run, print the resume command, and exit 130 / 143.
 */
import {
  createObjective,
  theoryTracker,
  theoryTrackingProblem,
  type TrainerState,
  resolveConfig,
  type TrainConfig,
  recipeConfig,
  recipeDescription,
  recipeFor,
  recipeOverrides,
  checkDataFitsModel,
} from '../../index.js';
import {
  imageTrackerFor,
  isMnistLike,
  trainingThreads,
  resolveDataset,
  progressReporter,
  isRunFinished,
  readRunConfig,
  requireRunStarted,
  RunFolderError,
  runPaths,
  loadCheckpoint,
  checkSameRun,
  acquireRunLock,
  checkRunLockFree,
  lockNewRunFolder,
  type RunLock,
  DEFAULT_RUN_OPTIONS,
  readRunOptions,
  type SavedRunOptions,
  runTraining,
  type RunSummary,
  parentGoneCheck,
} from '../../node/index.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { dataShare } from '../high-quality-text.js';
import { startBackend } from '../start-backend.js';
import { ExplainedError, UsageError } from '../errors.js';
import { parseInteger } from '../parse.js';
import { addConfigOptions, buildConfig, kebab, recipesHelp } from '../config-options.js';

export { buildConfig };

const DEFAULTS = resolveConfig({});

/** Flags that may go with --resume (everything else comes from the run folder). */
const RESUME_FLAGS = ['resume', 'steps', 'checkpointEvery', 'onDivergence', 'trackTheory', 'quiet', 'json'];

/** What --resume continues: the config, the checkpointed state (none: from step 0) and the run options. */
interface Resumed {
  readonly config: TrainConfig;
  readonly state?: TrainerState;
  readonly options: SavedRunOptions;
}

/** Refuses flags that --resume does not take (the config comes from the run). */
function checkResumeFlags(opts: Record<string, unknown>): void {
  const extra = Object.keys(opts).filter((k) => opts[k] !== undefined && !RESUME_FLAGS.includes(k));
  if (extra.length > 0) {
    throw new UsageError(`--resume takes the config from the run: drop ${extra.map((k) => `--${kebab(k)}`).join(', ')} (only --steps, --checkpoint-every, --on-divergence, --[no-]track-theory, --quiet and --json go with it)`);
  }
}

/**
 * The run in `dir` to continue (see --resume): config.json with --steps / --on-divergence applied; the
 * checkpoint's state, checked to be this run's (none before the first checkpoint: training restarts
 * from step 0, which the seed fixes); the saved run options with the flags given applied. A run whose
 * training is done but whose summary.json is missing resumes at its last step (the summary and
 * curves.png are written); a finished run is refused unless --steps asks for more.
 */
function resumeFrom(dir: string, opts: Record<string, unknown>): Resumed {
  requireRunStarted(dir);
  const folderConfig = readRunConfig(dir);
  const path = runPaths(dir).checkpoint;
  const checkpoint = existsSync(path) ? loadCheckpoint(path) : undefined;
  if (checkpoint === undefined && isRunFinished(dir)) throw new RunFolderError(`${path}: missing, though the run is finished: put it back, or train again with --out ${dir} --overwrite`);
  if (checkpoint !== undefined) checkSameRun(checkpoint.config, folderConfig, path);
  const config = resolveConfig({ ...folderConfig, steps: opts.steps ?? folderConfig.steps, onDivergence: opts.onDivergence ?? folderConfig.onDivergence }, runPaths(dir).config);
  const step = checkpoint?.state.step ?? 0;
  const onlySummaryMissing = step === folderConfig.steps && config.steps === step && !isRunFinished(dir);
  if (config.steps <= step && !onlySummaryMissing) {
    throw new UsageError(`--resume ${dir}: the run is already at step ${step}: give --steps larger than that to train on`);
  }
  const saved = readRunOptions(dir) ?? DEFAULT_RUN_OPTIONS;
  const options: SavedRunOptions = {
    ...saved,
    ...(typeof opts.checkpointEvery === 'number' ? { checkpointEvery: opts.checkpointEvery } : {}),
    ...(typeof opts.trackTheory === 'boolean' ? { trackTheory: opts.trackTheory } : {}),
  };
  return { config, state: checkpoint?.state, options };
}

/** `text` quoted for a POSIX shell when it needs to be. */
function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The exit code of a process stopped by `signal` (128 + its number). */
const SIGNAL_EXIT: Record<'SIGINT' | 'SIGTERM', number> = { SIGINT: 130, SIGTERM: 143 };

function defaultOutDir(): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  const base = join('runs', `train-${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`);
  let dir = base;
  for (let i = 2; existsSync(dir); i++) dir = `${base}-${i}`;
  return dir;
}

function fmt(x: number | undefined, digits = 3): string {
  return x === undefined || !Number.isFinite(x) ? String(x) : x.toFixed(digits);
}

/** The short human summary printed at the end of a run. */
/**
 * A line for a run much shorter than its recipe (under a quarter of its steps): its samples are not what
 * the recipe's quality figures describe, and early image samples look alike (a generator starts close to
 * a constant map, so a 300-step MNIST run draws near-identical grey blurs) — expected, not a fault.
 */
export function shortRunNote(steps: number, recipeSteps: number, images: boolean): string {
  if (steps >= recipeSteps / 4) return '';
  const what = images ? 'images this early are expected to look alike (near-identical blurs: the generator starts close to a constant map)' : 'samples this early are expected to be rough';
  return `\n  note: ${steps} of the recipe's ${recipeSteps} steps: ${what}; train the full recipe (drop --steps) for the quality the README reports`;
}

export function summaryText(s: RunSummary): string {
  const lines = [
    `tsgan: ${s.interrupted ? 'interrupted after' : 'trained'} ${s.steps} steps on ${s.data} with the ${s.loss} loss in ${s.seconds.toFixed(1)} s (${s.stepsPerSecond.toFixed(1)} steps/s, ${s.backend} backend)`,
  ];
  const e = s.eval;
  if (e?.modes !== undefined) {
    lines.push(`  modes captured ${e.modes.modesCaptured}/${e.modes.totalModes} · high quality ${(100 * e.modes.highQualityFraction).toFixed(1)}%${dataShare(e.modes.highQualityFraction, e.dataHighQualityFraction)} · reverse KL ${fmt(e.modes.reverseKL)} (PacGAN protocol, ${e.samples} samples)`);
  }
  if (e?.w1 !== undefined) lines.push(`  W1(data, generator) ≈ ${fmt(e.w1, 4)} (${e.w1Method})`);
  const im = s.images;
  if (im !== undefined) {
    lines.push(`  images: classifier score ${fmt(im.classifierScore)} · Fréchet distance ${fmt(im.frechetDistance)} · ${im.classesCovered}/10 classes (KL ${fmt(im.classKL)}) · precision ${fmt(im.precision)} · recall ${fmt(im.recall)}${im.labelAccuracy === undefined ? '' : ` · label accuracy ${(100 * im.labelAccuracy).toFixed(1)} %`} (${im.samples} samples vs ${im.testImages} test images; \`tsgan eval\` for all metrics)`);
  }
  const objective = createObjective(s.loss).properties;
  if (s.last !== undefined && objective.estimatesW1) {
    // A critic has no probabilities: V(D, G) and D(x) through a sigmoid mean nothing here (THEORY E8).
    const lip = s.last.lipschitzEstimate === undefined ? '' : ` · empirical Lipschitz constant ${fmt(s.last.lipschitzEstimate)}`;
    lines.push(`  last step: critic estimate E[f(x)] − E[f(G(z))] = ${fmt(s.last.criticEstimate)} (W1 when f is 1-Lipschitz)${lip}`);
  } else if (s.last !== undefined && objective.output === 'score') {
    // A hinge or least-squares D outputs a score: no V(D, G), no probabilities.
    lines.push(`  last step: D's loss ${fmt(s.last.dLoss)}, G's loss ${fmt(s.last.gLoss)} · score gap E[D(x)] − E[D(G(z))] = ${fmt(s.last.criticEstimate)} (D outputs a score, not a probability: no V(D, G))`);
  } else if (s.last !== undefined) {
    lines.push(`  last step: V(D, G) = ${fmt(s.last.value)} (−log 4 = −1.386 at the optimum) · mean D(x) real ${fmt(s.last.dRealMean)}, fake ${fmt(s.last.dFakeMean)}`);
  }
  const rb = s.rollbacks?.[s.rollbacks.length - 1];
  if (rb !== undefined) {
    lines.push(`  rolled back ${s.rollbacks!.length} time(s) after divergence (last: the ${rb.quantity} was ${rb.value} at step ${rb.fromStep}, back to step ${rb.step}); learning rates now G ${rb.learningRates.generator}, D ${rb.learningRates.discriminator}`);
  }
  const pics = [s.files.samples, s.files.curves].filter((f) => f !== undefined).join(', ') + (s.files.grids === undefined ? '' : ` · a grid per snapshot in ${s.files.grids}/`);
  lines.push(`  pictures: ${pics}`);
  lines.push(`  metrics: ${s.files.metrics} · summary: ${s.files.summary} · checkpoint: ${s.files.checkpoint}`);
  return lines.join('\n');
}

export function trainCommand(): Command {
  return addConfigOptions(
    new Command('train').description('train a GAN (Goodfellow et al. 2014, Algorithm 1) and write a run folder with metrics, a checkpoint and pictures'),
    { singleRun: true },
  )
    .option('--track-theory', 'at every snapshot add a "theory" record to metrics.jsonl: V(D, G) of the trained D, V(D*, G) = −log 4 + 2·JS, mean |D − D*|, W1 (1-D or 2-D data with a known density)')
    .option('--no-track-theory', 'with --resume: stop tracking the theory in a run that did')
    .option('--out <dir>', 'run folder to create (default: runs/train-DATE-TIME)')
    .option('--resume <dir>', 'continue the unfinished run in DIR (killed, stopped, or to train longer with --steps TOTAL) with its saved options; the result equals an uninterrupted run')
    .option('--checkpoint-every <n>', 'also write checkpoint.json every n steps, n ≥ 1 (atomically; saved with the run, so --resume keeps it)', parseInteger)
    .option('--overwrite', 'replace the run in an existing --out folder')
    .option('--json', 'print the summary as JSON on stdout')
    .option('--quiet', 'no progress bar')
    .addHelpText(
      'after',
      recipesHelp(),
    )
    .action(async (opts: Record<string, unknown>) => {
      if (typeof opts.checkpointEvery === 'number' && opts.checkpointEvery < 1) {
        throw new UsageError(`--checkpoint-every: must be a whole number of at least 1, got ${opts.checkpointEvery}`);
      }
      const resumeDir = typeof opts.resume === 'string' ? opts.resume : undefined;
      if (resumeDir !== undefined) {
        checkResumeFlags(opts);
        if (existsSync(resumeDir)) checkRunLockFree(resumeDir); // a live writer is refused before anything is read
        requireRunStarted(resumeDir);
      } else if (opts.trackTheory === false) {
        throw new UsageError('--no-track-theory goes with --resume only (a new run tracks nothing unless --track-theory is given)');
      }
      const resumed = resumeDir === undefined ? undefined : resumeFrom(resumeDir, opts);
      const config = resumed?.config ?? buildConfig(opts);
      const options: SavedRunOptions = resumed?.options ?? {
        ...(typeof opts.checkpointEvery === 'number' ? { checkpointEvery: opts.checkpointEvery } : {}),
        trackTheory: opts.trackTheory === true,
        plotEverySnapshot: true,
      };
      const { dataset, stored } = resolveDataset(config.data);
      const problem = options.trackTheory ? theoryTrackingProblem(dataset, config.pack) : undefined;
      if (problem !== undefined) throw new UsageError(`--track-theory: ${problem}`);
      checkDataFitsModel(config, dataset); // before anything is written
      const resolved: TrainConfig = { ...config, data: stored };
      const outDir = resumeDir ?? (typeof opts.out === 'string' ? opts.out : defaultOutDir());
      const backend = await startBackend(config.backend, trainingThreads(config, dataset.dim));
      // The folder's lock, held until the run ends (runTraining still checks the resumed state before writing).
      const lock: RunLock = resumeDir === undefined ? lockNewRunFolder(outDir, opts.overwrite === true) : acquireRunLock(outDir);
      const abort = new AbortController();
      let stoppedBy: 'SIGINT' | 'SIGTERM' | undefined;
      const onSignal = (signal: NodeJS.Signals) => {
        if (stoppedBy !== undefined) {
          lock.release();
          process.exit(SIGNAL_EXIT[stoppedBy]);
        }
        stoppedBy = signal === 'SIGTERM' ? 'SIGTERM' : 'SIGINT';
        process.stderr.write(`\ntsgan: stopping after this step and saving the run (${stoppedBy === 'SIGINT' ? 'Ctrl-C' : 'the signal'} again to quit at once)\n`);
        abort.abort();
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      // A sweep job's training (src/node/sweep/run-job.ts) stops, saving the run, when its worker is gone.
      const parentGone = parentGoneCheck();
      const watch = setInterval(() => {
        if (!parentGone()) return;
        clearInterval(watch);
        onSignal('SIGTERM');
      }, 500).unref();
      let images: ReturnType<typeof imageTrackerFor> | undefined;
      try {
        images = imageTrackerFor(dataset);
        if (images.note !== undefined && opts.json !== true) process.stderr.write(`tsgan: note: ${images.note}\n`);
        const summary = await runTraining({
          config: resolved,
          dataset,
          outDir,
          backend: backend.active,
          kernels: backend.kernelLevel,
          threads: backend.threads,
          signal: abort.signal,
          analyzers: [...(options.trackTheory ? [theoryTracker(dataset)] : []), ...(images.analyzer === undefined ? [] : [images.analyzer])],
          reporters: opts.quiet === true || opts.json === true ? [] : [progressReporter(config.steps, resumed?.state?.step ?? 0)],
          resume: resumed?.state,
          checkpointEvery: options.checkpointEvery,
          trackTheory: options.trackTheory,
          plotEverySnapshot: options.plotEverySnapshot,
          lockHeld: true,
          onRollback: (r) => {
            if (opts.json === true) return;
            const bar = opts.quiet === true ? '' : '\n'; // off the progress bar's line
            process.stderr.write(`${bar}tsgan: the ${r.quantity} was ${r.value} at step ${r.fromStep}: rolled back to step ${r.step}, learning rates now G ${r.learningRates.generator}, D ${r.learningRates.discriminator} (rollback ${r.rollback} of at most ${config.maxRollbacks})\n`);
          },
        });
        const recipe = recipeFor(config.data);
        const quick = opts.quick === true ? recipe?.quick : undefined;
        const changed = recipeOverrides(recipe, config.model, config, quick?.config);
        const fullSteps = recipeConfig(recipe, config.model, config.conditional)?.steps ?? DEFAULTS.steps;
        const recipeLine =
          recipe === undefined || typeof opts.config === 'string'
            ? ''
            : `\n  recipe for ${String(config.data)}: ${recipeDescription(recipe, config.model, config.conditional)}` +
              (quick === undefined ? '' : `\n  quick preset (--quick): ${quick.description}; the full recipe (drop --quick) trains ${fullSteps} steps`) +
              (changed.length === 0 ? '' : `\n  this run changed the ${quick === undefined ? 'recipe' : 'preset'}: ${changed.join(', ')}`) +
              (quick === undefined ? shortRunNote(config.steps, fullSteps, isMnistLike(dataset)) : '');
        process.stdout.write(opts.json === true ? `${JSON.stringify(summary, null, 2)}\n` : `${summaryText(summary)}${recipeLine}\n`);
        if (stoppedBy !== undefined) {
          // Interrupted runs do not exit 0, so that `tsgan train … && next` stops too.
          const by = stoppedBy === 'SIGINT' ? 'Ctrl-C' : 'SIGTERM';
          const what = summary.interrupted ? `the run is saved: continue it with \`tsgan train --resume ${shellWord(outDir)}\`` : 'the run had finished already';
          throw new ExplainedError(`stopped by ${by} at step ${summary.steps}; ${what}`, SIGNAL_EXIT[stoppedBy]);
        }
      } finally {
        images?.dispose();
        clearInterval(watch);
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        lock.release();
      }
    });
}
