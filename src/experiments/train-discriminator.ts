/**
 * Training a discriminator alone against a FIXED generator: the inner maximization of E3, done with
 * the same network, loss, analytic logit gradients and optimizer as GAN training, so that what it
 * reaches can be compared with the exact D* = p_r / (p_r + p_g).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dataset } from '../data/distribution.js';
import type { ActivationName } from '../models/activations.js';
import { Mlp } from '../models/mlp.js';
import { minimax } from '../objectives/minimax.js';
import { createRng, deriveSeed } from '../random/rng.js';
import { createOptimizer, type PlayerOptimizer } from '../training/optimizers.js';
import { discriminatorStep } from './discriminator-step.js';

/**
 * Options of {@link trainDiscriminator}. The defaults reach a mean |D − D*| of 0.0001–0.014 on the
 * four 1-D theory fixtures (seeds 0–3), in about 2 s on one core.
 */
export interface DiscriminatorTrainingOptions {
  /** Hidden widths (default [32, 32, 32]). */
  readonly hidden?: readonly number[];
  /** Hidden activation (default relu). */
  readonly activation?: ActivationName;
  /** Discriminator updates (default 1500). */
  readonly steps?: number;
  /** Real samples per update, and as many fake samples (default 256). */
  readonly batchSize?: number;
  /** Adam's initial learning rate (default 1e-2). */
  readonly learningRate?: number;
  /**
   * Step decay of the learning rate: it is multiplied by `decayFactor` at the start of each of the
   * `decayPhases` − 1 later phases of equal length (default 4 phases, factor 0.3: 1e-2 → 2.7e-4).
   * A decaying rate averages out the sampling noise of the batches.
   */
  readonly decayPhases?: number;
  readonly decayFactor?: number;
  /** Seed of the initialization and of the sample draws (default 0). */
  readonly seed?: number;
}

/** The defaults of {@link DiscriminatorTrainingOptions}, all filled in. */
export const DISCRIMINATOR_TRAINING_DEFAULTS = {
  hidden: [32, 32, 32],
  activation: 'relu',
  steps: 1500,
  batchSize: 256,
  learningRate: 1e-2,
  decayPhases: 4,
  decayFactor: 0.3,
  seed: 0,
} as const satisfies Required<DiscriminatorTrainingOptions>;

/** A trained discriminator and its training trace. The caller owns (and disposes) `discriminator`. */
export interface TrainedDiscriminator {
  readonly discriminator: Mlp;
  /** The options used, defaults filled in. */
  readonly options: Required<DiscriminatorTrainingOptions>;
  /** −V(D, G) on the batch (the loss minimized, E2), every `steps/50` updates and at the last. */
  readonly lossTrace: readonly { step: number; loss: number }[];
}

/**
 * Trains a discriminator MLP (dim → hidden → 1, linear output = logit) to maximize
 * V(D) = E_{x~P_r}[log D(x)] + E_{x~P_g}[log(1 − D(x))] (E1–E3, Goodfellow et al. 2014), i.e. to
 * minimize the `minimax` objective's discriminator loss −V on fresh batches of `real` and `fake`
 * samples at every update, with its analytic logit gradients backpropagated through the network
 * (models/mlp.ts) and Adam (β = (0.9, 0.999)). Its optimum over all functions is D* (E3).
 * Domain: `real`, `fake` of equal dimension; steps, batchSize ≥ 1; learning rates > 0.
 * Deviation: Adam β1 = 0.9 (the usual value for a classifier), not the GAN default 0.5; the
 * learning rate decays in steps (see {@link DiscriminatorTrainingOptions.decayPhases}).
 */
export function trainDiscriminator(real: Dataset, fake: Dataset, options: DiscriminatorTrainingOptions = {}): TrainedDiscriminator {
  const o: Required<DiscriminatorTrainingOptions> = { ...DISCRIMINATOR_TRAINING_DEFAULTS, ...options };
  if (real.dim !== fake.dim) throw new RangeError(`real and fake have different dimensions: ${real.dim} vs ${fake.dim}`);
  if (!(Number.isInteger(o.steps) && o.steps >= 1)) throw new RangeError(`steps must be a positive integer, got ${o.steps}`);
  if (!(Number.isInteger(o.batchSize) && o.batchSize >= 1)) throw new RangeError(`batchSize must be a positive integer, got ${o.batchSize}`);
  if (!(o.learningRate > 0) || !(o.decayFactor > 0) || !(Number.isInteger(o.decayPhases) && o.decayPhases >= 1)) {
    throw new RangeError('learningRate and decayFactor must be > 0 and decayPhases a positive integer');
  }
  const dim = real.dim;
  const n = o.batchSize;
  const objective = minimax();
  const discriminator = Mlp.create(
    { inputDim: dim, hidden: o.hidden, outputDim: 1, activation: o.activation, outputActivation: 'linear' },
    createRng(deriveSeed(o.seed, 'init:discriminator')),
    'optimal-discriminator',
  );
  const realRng = createRng(deriveSeed(o.seed, 'data:real'));
  const fakeRng = createRng(deriveSeed(o.seed, 'data:fake'));
  const adam = (learningRate: number) => createOptimizer({ name: 'adam', learningRate, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
  let optimizer: PlayerOptimizer = adam(o.learningRate);
  const phaseLength = Math.ceil(o.steps / o.decayPhases);
  const traceEvery = Math.max(1, Math.floor(o.steps / 50));
  const lossTrace: { step: number; loss: number }[] = [];
  try {
    for (let step = 1; step <= o.steps; step++) {
      const phase = Math.floor((step - 1) / phaseLength);
      if (step > 1 && (step - 1) % phaseLength === 0) {
        // Next phase: same Adam moments and step count, smaller rate.
        const state = optimizer.getState();
        optimizer.dispose();
        optimizer = adam(o.learningRate * o.decayFactor ** phase);
        optimizer.setState(state);
      }
      const wantLoss = step % traceEvery === 0 || step === o.steps;
      const loss = tf.tidy(() => {
        const realBatch = tf.tensor2d(Float32Array.from(real.sample(realRng, n)), [n, dim]);
        const fakeBatch = tf.tensor2d(Float32Array.from(fake.sample(fakeRng, n)), [n, dim]);
        const l = discriminatorStep(discriminator, objective, optimizer, realBatch, fakeBatch, wantLoss);
        return l === undefined ? undefined : tf.keep(l);
      });
      if (loss !== undefined) {
        lossTrace.push({ step, loss: loss.dataSync()[0] });
        loss.dispose();
      }
    }
  } catch (e) {
    discriminator.dispose();
    throw e;
  } finally {
    optimizer.dispose();
  }
  return { discriminator, options: o, lossTrace };
}
