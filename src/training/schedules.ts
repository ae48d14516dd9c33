/**
 * What changes with the step number in a run: the number of discriminator updates (Algorithm 1's k,
 * or the WGAN authors' schedule), the learning-rate decay, and which steps measure the critic's
 * Lipschitz estimate. Pure functions of the config and the step.
 */
import type { TrainConfig } from './config.js';

/**
 * k = dSteps discriminator updates before generator update number `step` (0-based): constant, or
 * the WGAN authors' schedule (100 for the first 25 generator updates and every 500th).
 */
export function discriminatorStepsAt(config: TrainConfig, step: number): number {
  if (config.dStepsSchedule === 'wgan-official' && (step < 25 || step % 500 === 0)) return 100;
  return config.dSteps;
}

/** The learning-rate schedule's factor after `step` generator updates (config.learningRateDecay). */
export function learningRateFactorAt(config: TrainConfig, step: number): number {
  if (config.learningRateDecay !== 'linear') return 1;
  const horizon = config.learningRateDecaySteps ?? config.steps;
  return 1 - Math.min(step, horizon - 1) / horizon;
}

/**
 * Whether step number `step` (1-based) measures the critic's Lipschitz estimate: the first step and
 * every `lipschitzEvery`-th. Not "the run's last" as well: that depends on `steps`, which `--resume
 * --steps MORE` changes, and a resumed run must record what one uninterrupted run records.
 */
export function measuresLipschitzAt(config: TrainConfig, step: number): boolean {
  return step === 1 || step % config.lipschitzEvery === 0;
}
