/**
 * `tsgan benchmark modes|stacked-mnist [config flags] [--seeds 10] [--first-seed 0] [--jobs 1] [--json]
 * [--out FILE [--resume]]`: quality benchmarks over seeds (./seed-benchmark.ts), mean ± standard error
 * beside the published rows. `modes`: the PacGAN mode-collapse benchmark on a mixture recipe
 * (src/bench/modes-benchmark.ts); `stacked-mnist`: Stacked MNIST's 1,000 modes
 * (src/bench/stacked-benchmark.ts). Quality is measured here, never in timed tests.
 */
import { Command } from 'commander';
import {
  hasDensity,
  hasModeLabels,
  PACGAN_TABLE1,
  PUBLISHED_STACKED_MNIST,
  runModesSeed,
  runStackedSeed,
  STACKED_BENCHMARK_SAMPLES,
  summarizeModes,
  summarizeStacked,
  type ConvClassifier,
  type Dataset,
  type Distribution,
  type MeanSE,
  type ModeLabelled,
  type ModesSeedResult,
  type ModesSummary,
  type PublishedRow,
  type PublishedStackedRow,
  type StackedSeedResult,
  type StackedSummary,
} from '../../index.js';
import { classifierToUse, loadClassifier, loadClassifierModel } from '../../node/index.js';
import { seedBenchmarkCommand, type SeedBenchmark } from './seed-benchmark.js';
import { UsageError } from '../errors.js';
import { parseInteger } from '../parse.js';

const num = (x: number, digits: number) => (Number.isFinite(x) ? x.toFixed(digits) : x > 0 ? '∞' : String(x));
const pm = (x: MeanSE, digits: number) => (Number.isFinite(x.mean) ? `${num(x.mean, digits)} ± ${num(x.se, digits)}` : num(x.mean, digits));
const isNum = (x: unknown) => typeof x === 'number';

/** The PacGAN mode-collapse benchmark on a mixture of Gaussian modes (ring8, grid25, a mixture spec). */
const MODES: SeedBenchmark<ModesSeedResult, ModesSummary, PublishedRow, Distribution> = {
  name: 'modes',
  measure: 'modes',
  description: 'PacGAN mode-collapse benchmark: train the recipe with several seeds, report modes captured, % high quality and reverse KL (mean ± s.e.) beside PacGAN Table 1',
  check(dataset) {
    if (!hasDensity(dataset) || dataset.modes === undefined) {
      throw new UsageError(`--data: ${dataset.label} is not a mixture of Gaussian modes: the modes benchmark needs one (ring8, grid25, or a mixture spec)`);
    }
  },
  prepare: (dataset) => dataset as Distribution,
  runSeed: (data, config, seed, onStep) => runModesSeed(config, data, seed, onStep),
  // A reverse KL with no high-quality sample (+∞) is written to JSON as null.
  fromJson(j) {
    const r = j as ModesSeedResult & { reverseKL: number | null };
    return isNum(r.highQualityPercent) && isNum(r.modesCaptured) ? { ...r, reverseKL: r.reverseKL ?? Infinity } : undefined;
  },
  summarize: summarizeModes,
  published: (config) => PACGAN_TABLE1.filter((r) => r.data === config.data),
  seedLine: (r) => `seed ${r.seed}: ${r.modesCaptured}/${r.totalModes} modes, ${r.highQualityPercent.toFixed(1)} % high quality, reverse KL ${num(r.reverseKL, 3)} (${r.seconds.toFixed(0)} s)`,
  reportLines(final, resumed, out) {
    const { summary } = final;
    return [
      `tsgan benchmark modes: ${final.data}, ${final.config.loss} loss, ${final.config.steps} steps, ${final.results.length} seed(s) (PacGAN protocol: 2500 samples, 3σ)${resumed > 0 ? `, ${resumed} of them from ${out}` : ''}`,
      '',
      '| method | modes (max ' + final.results[0].totalModes + ') | high quality % | reverse KL | seconds/seed |',
      '|---|---|---|---|---|',
      `| tsgan (this run) | ${pm(summary.modesCaptured, 2)} | ${pm(summary.highQualityPercent, 1)} | ${pm(summary.reverseKL, 3)} | ${pm(summary.seconds, 0)} |`,
      ...final.published.map((r) => `| ${r.method} | ${r.modesCaptured} | ${r.highQualityPercent} | ${r.reverseKL} | |`),
      '',
      `every mode on ${summary.allModesSeeds}/${final.results.length} seeds; per seed: ${final.results.map((r) => `${r.seed}: ${r.modesCaptured}/${r.highQualityPercent.toFixed(1)}%/${num(r.reverseKL, 3)}`).join(', ')}`,
    ];
  },
};

/** What the seeds of a Stacked MNIST benchmark share: the data with its modes, the classifier, the samples per seed. */
interface StackedContext {
  readonly data: Dataset & ModeLabelled;
  readonly classifier: ConvClassifier;
  readonly samples: number;
}

/** Stacked MNIST: modes of 1,000 and KL to uniform and to the training labels over 26,000 samples per seed. */
const STACKED: SeedBenchmark<StackedSeedResult, StackedSummary, PublishedStackedRow, StackedContext> = {
  name: 'stacked-mnist',
  measure: 'stacked',
  defaultData: 'stacked-mnist',
  queueProblem(opts) {
    if (opts.samples !== STACKED_BENCHMARK_SAMPLES) return `--samples ${String(opts.samples)}: the workers draw the protocol's ${STACKED_BENCHMARK_SAMPLES} samples per seed: drop --samples`;
    if (opts.classifier !== undefined) return "--classifier: the workers name the digits with their own classifier (yours from `tsgan classifier train` on that machine, else the shipped one): drop --classifier";
    return undefined;
  },
  description: 'Stacked MNIST benchmark: train with several seeds, report the modes found of 1,000, KL to uniform and KL to the training labels over 26,000 samples (mean ± s.e.) beside the published rows',
  options: {
    add: (c) =>
      c
        .option('--samples <n>', `generated images per seed (default: ${STACKED_BENCHMARK_SAMPLES}, the protocol's; fewer are not comparable with the published rows)`, parseInteger, STACKED_BENCHMARK_SAMPLES)
        .option('--classifier <file>', 'the MNIST classifier that names each channel (default: your own from `tsgan classifier train`, else the one shipped with tsgan)'),
    keys: ['samples', 'classifier'],
  },
  check(dataset, _config, opts) {
    if (!hasModeLabels(dataset)) throw new UsageError(`--data: ${dataset.label} is not Stacked MNIST: the stacked-mnist benchmark needs --data stacked-mnist`);
    const samples = opts.samples as number;
    if (samples < 100 || samples > 1_000_000) throw new UsageError(`--samples ${samples}: give a number of images from 100 to 1000000 (the protocol: ${STACKED_BENCHMARK_SAMPLES})`);
    loadClassifier(classifierToUse(opts.classifier as string | undefined).path); // a missing or damaged classifier fails before any training
  },
  prepare(dataset, _config, opts) {
    const { model } = loadClassifierModel(classifierToUse(opts.classifier as string | undefined).path);
    return { data: dataset as Dataset & ModeLabelled, classifier: model, samples: opts.samples as number };
  },
  runSeed: (ctx, config, seed, onStep) => runStackedSeed(config, ctx.data, ctx.classifier, seed, ctx.samples, onStep),
  dispose: (ctx) => ctx.classifier.dispose(),
  fromJson(j) {
    const r = j as StackedSeedResult & { klTraining: number | null };
    return isNum(r.modes) && isNum(r.klUniform) && isNum(r.samples) ? { ...r, klTraining: r.klTraining ?? Infinity } : undefined;
  },
  summarize: summarizeStacked,
  published: () => PUBLISHED_STACKED_MNIST,
  seedLine: (r) => `seed ${r.seed}: ${r.modes}/${r.totalModes} modes, KL to uniform ${num(r.klUniform, 3)}, to the training labels ${num(r.klTraining, 3)} (${r.seconds.toFixed(0)} s)`,
  reportLines(final, resumed, out) {
    const { summary } = final;
    const samples = final.results[0].samples;
    return [
      `tsgan benchmark stacked-mnist: ${final.config.model} GAN, ${final.config.loss} loss, ${final.config.steps} steps, ${final.results.length} seed(s), ${samples.toLocaleString('en')} samples per seed${samples === STACKED_BENCHMARK_SAMPLES ? ' (the protocol of VEEGAN and PacGAN)' : ` (not the protocol's ${STACKED_BENCHMARK_SAMPLES.toLocaleString('en')}: not comparable with the published rows)`}${resumed > 0 ? `, ${resumed} of them from ${out}` : ''}`,
      '',
      '| method | modes (of 1000) | KL to uniform | KL to training labels | seconds/seed |',
      '|---|---|---|---|---|',
      `| tsgan (this run) | ${pm(summary.modes, 1)} | ${pm(summary.klUniform, 3)} | ${pm(summary.klTraining, 3)} | ${pm(summary.seconds, 0)} |`,
      ...final.published.map((r) => `| ${r.method} (${r.source}) | ${r.modes} | ${r.klUniform} | | |`),
      '',
      `every mode on ${summary.allModesSeeds}/${final.results.length} seeds; per seed: ${final.results.map((r) => `${r.seed}: ${r.modes}/${num(r.klUniform, 3)}/${num(r.klTraining, 3)}`).join(', ')}`,
    ];
  },
};

export function benchmarkCommand(): Command {
  return new Command('benchmark')
    .description('quality benchmarks (long: minutes to hours; for speed see `tsgan bench`)')
    .addCommand(seedBenchmarkCommand(MODES))
    .addCommand(seedBenchmarkCommand(STACKED));
}
