/**
 * The Stacked MNIST benchmark (VEEGAN, PacGAN, PresGAN, …): train the same config with several seeds
 * on Stacked MNIST, draw 26,000 samples of each final generator, name each channel's digit with the
 * MNIST classifier, and report the modes found (of 1,000), KL to uniform and KL to the training
 * labels, mean ± standard error over the seeds (metrics/image/stacked-modes.ts).
 */
import type { Dataset } from '../data/distribution.js';
import type { ModeLabelled } from '../data/stacked-mnist.js';
import { stackedSampleModes } from '../metrics/image/stacked-sample-modes.js';
import type { StackedModeMetrics } from '../metrics/image/stacked-modes.js';
import type { GanTrainer } from '../training/trainer.js';
import type { ConvClassifier } from '../models/conv-classifier.js';
import { createRng, deriveSeed } from '../random/rng.js';
import type { TrainConfig } from '../training/config.js';
import { meanSE, type MeanSE } from './modes-benchmark.js';
import { trainAndEvaluateSeed } from './seed-training.js';

/** Samples evaluated per seed (the protocol of VEEGAN and PacGAN). */
export const STACKED_BENCHMARK_SAMPLES = 26_000;

/** One seed's result. */
export interface StackedSeedResult {
  readonly seed: number;
  readonly samples: number;
  /** Modes with at least one sample. */
  readonly modes: number;
  readonly totalModes: number;
  readonly klUniform: number;
  readonly klTraining: number;
  readonly seconds: number;
}

/** The aggregate over seeds. */
export interface StackedSummary {
  readonly seeds: number;
  readonly modes: MeanSE;
  readonly klUniform: MeanSE;
  readonly klTraining: MeanSE;
  readonly seconds: MeanSE;
  /** Seeds that found every mode. */
  readonly allModesSeeds: number;
}

/**
 * The Stacked MNIST metrics of a trained generator: `samples` images drawn with the snapshot noise of
 * `seed` (what `tsgan eval` and the benchmark's seeds draw), each channel named by `classifier`, and KL
 * to the modes of `data`; `temperature` multiplies the noise (./training/noise.ts; 1: samples of p_g).
 */
export function stackedGeneratorModes(trainer: GanTrainer, data: ModeLabelled, classifier: ConvClassifier, samples: number, seed: number, temperature = 1): StackedModeMetrics {
  return stackedSampleModes(classifier, trainer.sample(samples, createRng(deriveSeed(seed, 'snapshot')), false, temperature), data.modeLabels);
}

/**
 * Trains `config` with `seed` on `data` (./seed-training.ts: no checkpoints) and evaluates `samples`
 * generated images ({@link stackedGeneratorModes}).
 */
export function runStackedSeed(config: TrainConfig, data: Dataset & ModeLabelled, classifier: ConvClassifier, seed: number, samples = STACKED_BENCHMARK_SAMPLES, onStep?: (step: number) => void): StackedSeedResult {
  return trainAndEvaluateSeed(
    config,
    data,
    seed,
    (trainer) => {
      const m = stackedGeneratorModes(trainer, data, classifier, samples, seed);
      return { seed, samples, modes: m.modes, totalModes: data.modeCount, klUniform: m.klUniform, klTraining: m.klTraining! };
    },
    onStep,
  );
}

/** The aggregate of per-seed results (at least one). */
export function summarizeStacked(results: readonly StackedSeedResult[]): StackedSummary {
  return {
    seeds: results.length,
    modes: meanSE(results.map((r) => r.modes)),
    klUniform: meanSE(results.map((r) => r.klUniform)),
    klTraining: meanSE(results.map((r) => r.klTraining)),
    seconds: meanSE(results.map((r) => r.seconds)),
    allModesSeeds: results.filter((r) => r.modes === r.totalModes).length,
  };
}
