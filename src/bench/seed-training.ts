/**
 * What every seed of a quality benchmark does first: train one config with one seed, start to end,
 * with no checkpoint (a benchmark seed is short-lived and re-run, not resumed).
 */
import type { Dataset } from '../data/distribution.js';
import type { TrainConfig } from '../training/config.js';
import { DivergenceError } from '../training/divergence.js';
import { GanTrainer } from '../training/trainer.js';

/**
 * Trains `config` with `seed` on `data` to its last step and returns the trainer (the caller evaluates
 * it, then disposes it). Calls `onStep(step)` after each step. Throws DivergenceError worded for a
 * training without checkpoints if it diverges; refuses (RangeError) `onDivergence: "rollback"`, which
 * a seed without checkpoints cannot honour, and a seed outside [0, 2³² − 1] (seeds are 32-bit: a
 * larger one would silently train the same run as a smaller one).
 */
export function trainSeed(config: TrainConfig, data: Dataset, seed: number, onStep?: (step: number) => void): GanTrainer {
  if (config.onDivergence === 'rollback') throw new RangeError('onDivergence "rollback": a benchmark seed keeps no checkpoints to roll back to; use "stop"');
  if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 32 - 1) throw new RangeError(`seed ${seed}: give a whole number from 0 to ${2 ** 32 - 1}`);
  const cfg: TrainConfig = { ...config, seed };
  const trainer = new GanTrainer(cfg, data);
  try {
    while (trainer.step < cfg.steps) {
      try {
        trainer.trainStep();
      } catch (e) {
        // A seed keeps no checkpoint to resume or roll back to: say so in the message.
        throw e instanceof DivergenceError ? e.withoutCheckpoints() : e;
      }
      onStep?.(trainer.step);
    }
    return trainer;
  } catch (e) {
    trainer.dispose();
    throw e;
  }
}

/**
 * Trains one seed ({@link trainSeed}), evaluates its final generator with `evaluate`, disposes the
 * trainer, and returns the evaluation with the seed's wall time (training and evaluation) in seconds.
 */
export function trainAndEvaluateSeed<T>(config: TrainConfig, data: Dataset, seed: number, evaluate: (trainer: GanTrainer) => T, onStep?: (step: number) => void): T & { readonly seconds: number } {
  const t0 = performance.now();
  const trainer = trainSeed(config, data, seed, onStep);
  try {
    return { ...evaluate(trainer), seconds: (performance.now() - t0) / 1000 };
  } finally {
    trainer.dispose();
  }
}
