/**
 * Times the training step of a benchmark preset: `warmup` untimed steps, then `steps` timed ones, each
 * a call of `GanTrainer.trainStep()` (the step `tsgan train` runs, record included).
 */
import type { Dataset } from '../data/distribution.js';
import type { TrainConfig } from '../training/config.js';
import { GanTrainer } from '../training/trainer.js';
import { benchConfig, type BenchPreset } from './presets.js';

export interface BenchOptions {
  /** Timed steps (default: the preset's). */
  readonly steps?: number;
  /** Untimed steps before (default 20, as in the reference). */
  readonly warmup?: number;
  readonly seed?: number;
  /** A data set to use instead of building the preset's (e.g. to reuse the mnist-mlp table). */
  readonly dataset?: Dataset;
}

export interface BenchResult {
  readonly preset: string;
  readonly steps: number;
  readonly warmup: number;
  /** Timed steps per second of wall time. */
  readonly stepsPerSec: number;
  /** Mean milliseconds per timed step. */
  readonly msPerStep: number;
}

/** The trainer a benchmark times: the preset's config on the preset's data. */
export function benchTrainer(preset: BenchPreset, config: TrainConfig = benchConfig(preset), dataset: Dataset = preset.dataset()): GanTrainer {
  return new GanTrainer(config, dataset);
}

/** Runs the benchmark described in the file comment. */
export function runBench(preset: BenchPreset, o: BenchOptions = {}): BenchResult {
  const steps = o.steps ?? preset.defaultSteps;
  const warmup = o.warmup ?? 20;
  if (!Number.isInteger(steps) || steps < 1) throw new RangeError(`steps must be a positive whole number, got ${steps}`);
  if (!Number.isInteger(warmup) || warmup < 0) throw new RangeError(`warmup must be a whole number ≥ 0, got ${warmup}`);
  const trainer = benchTrainer(preset, benchConfig(preset, { seed: o.seed ?? 0 }), o.dataset ?? preset.dataset());
  try {
    for (let i = 0; i < warmup; i++) trainer.trainStep();
    const t0 = performance.now();
    for (let i = 0; i < steps; i++) trainer.trainStep();
    const ms = performance.now() - t0;
    return { preset: preset.name, steps, warmup, stepsPerSec: (1000 * steps) / ms, msPerStep: ms / steps };
  } finally {
    trainer.dispose();
  }
}
