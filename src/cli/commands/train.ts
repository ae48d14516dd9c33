/**
 * `tsgan train`: trains a GAN and writes a run folder (see src/node/run-folder.ts).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { theoryTracker, theoryTrackingProblem } from '../../experiments/track-theory.js';
import { imageTrackerFor } from '../../node/image-tracker.js';
import { useBackend, wasmThreadsForTraining } from '../../node/backend.js';
import { resolveDataset } from '../../node/data-source.js';
import { progressReporter } from '../../node/reporters/progress.js';
import { prepareRunFolder, requireRun, runPaths } from '../../node/run-folder.js';
import { loadCheckpoint } from '../../node/checkpoint.js';
import type { TrainerState } from '../../training/trainer.js';
import { isCriticRecord } from '../../training/records.js';
import { runTraining, type RunSummary } from '../../node/train-run.js';
import { ON_DIVERGENCE, resolveConfig, type TrainConfig } from '../../training/config.js';
import { UsageError } from '../errors.js';
import { recipeDescription, recipeFor } from '../../training/recipes.js';
import { checkDataFitsModel } from '../../training/networks.js';
import { parseInteger } from '../parse.js';
import { addConfigOptions, buildConfig, kebab, recipesHelp } from '../config-options.js';

export { buildConfig };

const DEFAULTS = resolveConfig({});

/** Flags that may go with --resume (everything else comes from the run's checkpoint). */
const RESUME_FLAGS = ['resume', 'steps', 'checkpointEvery', 'onDivergence', 'trackTheory', 'quiet', 'json'];

/** The config and state to continue the run in `dir` with (see --resume). */
function resumeFrom(dir: string, opts: Record<string, unknown>): { config: TrainConfig; state: TrainerState } {
  const extra = Object.keys(opts).filter((k) => opts[k] !== undefined && !RESUME_FLAGS.includes(k));
  if (extra.length > 0) {
    throw new UsageError(`--resume takes the config from the run: drop ${extra.map((k) => `--${kebab(k)}`).join(', ')} (only --steps, --checkpoint-every, --on-divergence, --track-theory, --quiet and --json go with it)`);
  }
  requireRun(dir);
  const path = runPaths(dir).checkpoint;
  const checkpoint = loadCheckpoint(path);
  const config = resolveConfig({ ...checkpoint.config, steps: opts.steps ?? checkpoint.config.steps, onDivergence: opts.onDivergence ?? checkpoint.config.onDivergence }, path);
  if (config.steps <= checkpoint.state.step) {
    throw new UsageError(`--resume ${dir}: the run is already at step ${checkpoint.state.step}: give --steps larger than that to train on`);
  }
  return { config, state: checkpoint.state };
}

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
export function summaryText(s: RunSummary): string {
  const lines = [
    `tsgan: ${s.interrupted ? 'interrupted after' : 'trained'} ${s.steps} steps on ${s.data} with the ${s.loss} loss in ${s.seconds.toFixed(1)} s (${s.stepsPerSecond.toFixed(1)} steps/s, ${s.backend} backend)`,
  ];
  const e = s.eval;
  if (e?.modes !== undefined) {
    lines.push(`  modes captured ${e.modes.modesCaptured}/${e.modes.totalModes} · high quality ${(100 * e.modes.highQualityFraction).toFixed(1)}% · reverse KL ${fmt(e.modes.reverseKL)} (PacGAN protocol, ${e.samples} samples)`);
  }
  if (e?.w1 !== undefined) lines.push(`  W1(data, generator) ≈ ${fmt(e.w1, 4)} (${e.w1Method})`);
  const im = s.images;
  if (im !== undefined) {
    lines.push(`  images: classifier score ${fmt(im.classifierScore)} · Fréchet distance ${fmt(im.frechetDistance)} · ${im.classesCovered}/10 classes (KL ${fmt(im.classKL)}) · precision ${fmt(im.precision)} · recall ${fmt(im.recall)}${im.labelAccuracy === undefined ? '' : ` · label accuracy ${(100 * im.labelAccuracy).toFixed(1)} %`} (${im.samples} samples vs ${im.testImages} test images; \`tsgan eval\` for all metrics)`);
  }
  if (s.last !== undefined && isCriticRecord(s.last)) {
    // A critic has no probabilities: V(D, G) and D(x) through a sigmoid mean nothing here (THEORY E8).
    const lip = s.last.lipschitzEstimate === undefined ? '' : ` · empirical Lipschitz constant ${fmt(s.last.lipschitzEstimate)}`;
    lines.push(`  last step: critic estimate E[f(x)] − E[f(G(z))] = ${fmt(s.last.criticEstimate)} (W1 when f is 1-Lipschitz)${lip}`);
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
  const d = DEFAULTS;
  return addConfigOptions(
    new Command('train').description('train a GAN (Goodfellow et al. 2014, Algorithm 1) and write a run folder with metrics, a checkpoint and pictures'),
  )
    .option('--track-theory', 'at every snapshot add a "theory" record to metrics.jsonl: V(D, G) of the trained D, V(D*, G) = −log 4 + 2·JS, mean |D − D*|, W1 (1-D or 2-D data with a known density)')
    .option('--out <dir>', 'run folder to create (default: runs/train-DATE-TIME)')
    .option('--resume <dir>', 'continue the run in DIR from its checkpoint (with --steps TOTAL to train longer); the result equals an uninterrupted run')
    .option('--checkpoint-every <n>', 'also write checkpoint.json every n steps (atomically)', parseInteger)
    .addOption(
      new Option('--on-divergence <action>', `when a loss or gradient turns NaN/∞: stop (exit 3), or rollback to the last checkpoint with both learning rates × ${d.rollbackLearningRateFactor} and go on (at most ${d.maxRollbacks} times; default: ${d.onDivergence})`).choices(ON_DIVERGENCE),
    )
    .option('--overwrite', 'replace the run in an existing --out folder')
    .option('--json', 'print the summary as JSON on stdout')
    .option('--quiet', 'no progress bar')
    .addHelpText(
      'after',
      recipesHelp(),
    )
    .action(async (opts: Record<string, unknown>) => {
      const resumeDir = typeof opts.resume === 'string' ? opts.resume : undefined;
      const resumed = resumeDir === undefined ? undefined : resumeFrom(resumeDir, opts);
      const config = resumed?.config ?? buildConfig(opts);
      const { dataset, stored } = resolveDataset(config.data);
      const problem = opts.trackTheory === true ? theoryTrackingProblem(dataset, config.pack) : undefined;
      if (problem !== undefined) throw new UsageError(`--track-theory: ${problem}`);
      checkDataFitsModel(config, dataset); // before anything is written
      const resolved: TrainConfig = { ...config, data: stored };
      const outDir = resumeDir ?? (typeof opts.out === 'string' ? opts.out : defaultOutDir());
      const backend = await useBackend(config.backend, { threads: wasmThreadsForTraining(config, dataset.dim) });
      if (backend.fallbackReason) process.stderr.write(`tsgan: using the cpu backend: ${backend.fallbackReason}\n`);
      if (resumed === undefined) prepareRunFolder(outDir, opts.overwrite === true);
      const abort = new AbortController();
      let interrupts = 0;
      const onSignal = () => {
        interrupts++;
        if (interrupts > 1) process.exit(130);
        process.stderr.write('\ntsgan: stopping after this step and saving the run (Ctrl-C again to quit at once)\n');
        abort.abort();
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      const images = imageTrackerFor(dataset);
      if (images.note !== undefined && opts.json !== true) process.stderr.write(`tsgan: note: ${images.note}\n`);
      try {
        const summary = await runTraining({
          config: resolved,
          dataset,
          outDir,
          backend: backend.active,
          signal: abort.signal,
          analyzers: [...(opts.trackTheory === true ? [theoryTracker(dataset)] : []), ...(images.analyzer === undefined ? [] : [images.analyzer])],
          reporters: opts.quiet === true || opts.json === true ? [] : [progressReporter(config.steps, resumed?.state.step ?? 0)],
          resume: resumed?.state,
          checkpointEvery: typeof opts.checkpointEvery === 'number' ? opts.checkpointEvery : undefined,
          onRollback: (r) => {
            if (opts.json === true) return;
            const bar = opts.quiet === true ? '' : '\n'; // off the progress bar's line
            process.stderr.write(`${bar}tsgan: the ${r.quantity} was ${r.value} at step ${r.fromStep}: rolled back to step ${r.step}, learning rates now G ${r.learningRates.generator}, D ${r.learningRates.discriminator} (rollback ${r.rollback} of at most ${config.maxRollbacks})\n`);
          },
        });
        const recipe = recipeFor(config.data);
        const recipeLine = recipe === undefined || typeof opts.config === 'string' ? '' : `\n  recipe for ${String(config.data)}: ${recipeDescription(recipe, config.model)} (flags override it)`;
        process.stdout.write(opts.json === true ? `${JSON.stringify(summary, null, 2)}\n` : `${summaryText(summary)}${recipeLine}\n`);
      } finally {
        images.dispose();
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });
}
