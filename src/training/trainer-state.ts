/**
 * A trainer's state as plain data (checkpoints, `--resume`, rollbacks): the networks' weights (with
 * spectral normalization's raw weights and power-iteration vectors), the averaged generator, both
 * optimizers' state and learning-rate scales, the data and noise streams, and the step count.
 */
import type { NamedWeights, Network } from '../models/network.js';
import { SPECTRAL_NORM_PREFIX } from '../models/spectral-norm.js';
import type { SpectralNormalizer } from '../models/spectral-normalizer.js';
import { rngFromState, type RngState } from '../random/rng.js';
import type { GeneratorAverage } from './generator-average.js';
import type { OptimizerState, PlayerOptimizer } from './optimizers.js';
import type { TrainingBatches } from './training-batches.js';

/** Everything the next step depends on, as plain data (for checkpoints). */
export interface TrainerState {
  readonly step: number;
  readonly generator: NamedWeights[];
  readonly discriminator: NamedWeights[];
  readonly generatorOptimizer: OptimizerState;
  readonly discriminatorOptimizer: OptimizerState;
  readonly rngs: { readonly data: RngState; readonly noise: RngState };
  /** The averaged generator's weights, when config.generatorAverage > 0. */
  readonly generatorAverage?: NamedWeights[];
}

/** The parts of a trainer its state is made of. */
export interface StateParts {
  readonly generator: Network;
  readonly discriminator: Network;
  readonly spectralNorm?: SpectralNormalizer;
  readonly average?: GeneratorAverage<Network>;
  readonly generatorOptimizer: PlayerOptimizer;
  readonly discriminatorOptimizer: PlayerOptimizer;
  readonly batches: TrainingBatches;
}

/** The state of `p` at step `step` (copies: later training does not change it). */
export function captureState(p: StateParts, step: number): TrainerState {
  return {
    step,
    generator: p.generator.getWeights(),
    discriminator: [...p.discriminator.getWeights(), ...(p.spectralNorm?.getState() ?? [])],
    generatorOptimizer: p.generatorOptimizer.getState(),
    discriminatorOptimizer: p.discriminatorOptimizer.getState(),
    rngs: { data: p.batches.dataRng.getState(), noise: p.batches.noiseRng.getState() },
    ...(p.average === undefined ? {} : { generatorAverage: p.average.getWeights() }),
  };
}

/** Puts `state` (from {@link captureState}, for the same config's networks) back into `p`; returns its step. */
export function restoreState(p: StateParts, state: TrainerState): number {
  p.generator.setWeights(state.generator);
  const isSn = (w: NamedWeights) => w.name.startsWith(SPECTRAL_NORM_PREFIX);
  p.discriminator.setWeights(state.discriminator.filter((w) => !isSn(w)));
  const snState = state.discriminator.filter(isSn);
  if (p.spectralNorm !== undefined) p.spectralNorm.setState(snState);
  else if (snState.length > 0) throw new Error('the saved discriminator has spectral normalization but the config does not ask for it');
  if (p.average !== undefined) {
    if (state.generatorAverage === undefined) throw new Error("the config asks for an averaged generator but the saved state has none");
    p.average.setWeights(state.generatorAverage);
  } else if (state.generatorAverage !== undefined) throw new Error('the saved state has an averaged generator but the config does not ask for one');
  p.generatorOptimizer.setState(state.generatorOptimizer);
  p.discriminatorOptimizer.setState(state.discriminatorOptimizer);
  p.batches.dataRng = rngFromState(state.rngs.data);
  p.batches.noiseRng = rngFromState(state.rngs.noise);
  return state.step;
}
