/**
 * The mode-collapse benchmark of the PacGAN paper (Lin et al. 2018, Table 1): train the same recipe
 * with several seeds, evaluate 2,500 generated samples of each with the PacGAN protocol (modes
 * captured, % high quality within 3σ, reverse KL of the mode histogram, metrics/modes.ts), and report
 * mean ± standard error over the seeds.
 */
import type { Distribution } from '../data/distribution.js';
import { evaluateSamples } from '../metrics/evaluate.js';
import type { ModeMetrics } from '../metrics/modes.js';
import { createRng, deriveSeed } from '../random/rng.js';
import type { TrainConfig } from '../training/config.js';
import type { GanTrainer } from '../training/trainer.js';
import { trainAndEvaluateSeed } from './seed-training.js';

/** Samples evaluated per seed (PacGAN protocol). */
export const MODES_BENCHMARK_SAMPLES = 2500;

/** One seed's result. */
export interface ModesSeedResult {
  readonly seed: number;
  readonly modesCaptured: number;
  readonly totalModes: number;
  /** Percent of samples within 3σ of their nearest mode. */
  readonly highQualityPercent: number;
  readonly reverseKL: number;
  readonly seconds: number;
}

/** Mean and standard error (sample standard deviation / √n; 0 for one seed). */
export interface MeanSE {
  readonly mean: number;
  readonly se: number;
}

/** The aggregate over seeds. */
export interface ModesSummary {
  readonly seeds: number;
  readonly modesCaptured: MeanSE;
  readonly highQualityPercent: MeanSE;
  readonly reverseKL: MeanSE;
  readonly seconds: MeanSE;
  /** Seeds that captured every mode. */
  readonly allModesSeeds: number;
}

/** A published row of PacGAN's Table 1 (means over 10 trials; 2,500 samples; 3σ). */
export interface PublishedRow {
  readonly data: 'ring8' | 'grid25';
  readonly method: string;
  readonly modesCaptured: number;
  readonly highQualityPercent: number;
  readonly reverseKL: number;
}

/** PacGAN (Lin, Khetan, Fanti & Oh 2018), Table 1: the plain GAN and the best (PacGAN4) rows, means as published. */
export const PACGAN_TABLE1: readonly PublishedRow[] = [
  { data: 'ring8', method: 'GAN (PacGAN 2018, Table 1)', modesCaptured: 6.3, highQualityPercent: 98.2, reverseKL: 0.45 },
  { data: 'ring8', method: 'PacGAN4 (PacGAN 2018, Table 1)', modesCaptured: 7.8, highQualityPercent: 95.9, reverseKL: 0.07 },
  { data: 'grid25', method: 'GAN (PacGAN 2018, Table 1)', modesCaptured: 17.3, highQualityPercent: 94.8, reverseKL: 0.7 },
  { data: 'grid25', method: 'PacGAN4 (PacGAN 2018, Table 1)', modesCaptured: 24.8, highQualityPercent: 93.6, reverseKL: 0.04 },
];

/** Mean ± standard error of `xs` (n ≥ 1). */
export function meanSE(xs: readonly number[]): MeanSE {
  const n = xs.length;
  if (n === 0) throw new RangeError('meanSE needs at least one value');
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { mean, se: 0 };
  const variance = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1);
  return { mean, se: Math.sqrt(variance / n) };
}

/** A seed's PacGAN numbers (the benchmark's per-seed result without the seed and the time). */
export type ModesBenchmarkMetrics = Omit<ModesSeedResult, 'seed' | 'seconds'>;

/**
 * The PacGAN protocol on a trained generator: 2,500 samples drawn with the snapshot noise of the
 * trainer's seed, each assigned to its nearest mode of `data` within 3σ (metrics/modes.ts), with the
 * evaluation stream of `seed` and "benchmark". What `tsgan benchmark modes` and a sweep's `modes`
 * measure report for a seed: a generator restored from a run folder gives the same numbers.
 */
export function modesBenchmarkMetrics(trainer: GanTrainer, data: Distribution, seed: number): ModesBenchmarkMetrics {
  const fake = trainer.sample(MODES_BENCHMARK_SAMPLES);
  const m = evaluateSamples(data, fake, trainer.step, createRng(deriveSeed(seed, 'benchmark'))).modes as ModeMetrics;
  return { modesCaptured: m.modesCaptured, totalModes: m.totalModes, highQualityPercent: 100 * m.highQualityFraction, reverseKL: m.reverseKL };
}

/**
 * Trains `config` with `seed` on `data` (a mixture with modes; ./seed-training.ts) and evaluates the
 * final generator with the PacGAN protocol on 2,500 samples (noise from the snapshot stream of that
 * seed). Calls `onStep(step)` after each step. Throws DivergenceError (worded for a training without
 * checkpoints) if the training diverges; RangeError for a config with `onDivergence: "rollback"` or a
 * seed outside [0, 2³² − 1].
 */
export function runModesSeed(config: TrainConfig, data: Distribution, seed: number, onStep?: (step: number) => void): ModesSeedResult {
  if (data.modes === undefined) throw new RangeError(`${data.label} is not a mixture of Gaussian modes; the modes benchmark needs one (ring8, grid25, …)`);
  return trainAndEvaluateSeed(
    config,
    data,
    seed,
    (trainer) => ({ seed, ...modesBenchmarkMetrics(trainer, data, seed) }),
    onStep,
  );
}

/** The aggregate of per-seed results (at least one). */
export function summarizeModes(results: readonly ModesSeedResult[]): ModesSummary {
  return {
    seeds: results.length,
    modesCaptured: meanSE(results.map((r) => r.modesCaptured)),
    highQualityPercent: meanSE(results.map((r) => r.highQualityPercent)),
    reverseKL: meanSE(results.map((r) => r.reverseKL)),
    seconds: meanSE(results.map((r) => r.seconds)),
    allModesSeeds: results.filter((r) => r.modesCaptured === r.totalModes).length,
  };
}
