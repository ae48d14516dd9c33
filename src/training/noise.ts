/**
 * The noise prior P_z: a batch of z as a [n, dim] float32 tensor, drawn from a seeded {@link Rng}.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../random/rng.js';
import { standardNormalPrior, uniformNoisePrior, type NoisePrior } from '../theory/noise-prior.js';

export type NoisePriorName = 'normal' | 'uniform';

/** n draws of z ~ N(0, I) ('normal') or U[−1, 1]^dim ('uniform'), row-major (draw i is values i·dim …). */
export function noiseValues(rng: Rng, n: number, dim: number, prior: NoisePriorName): Float32Array {
  const v = new Float32Array(n * dim);
  if (prior === 'normal') rng.fillNormal(v);
  else rng.fillUniform(v, -1, 1);
  return v;
}

/** n draws of z ~ N(0, I) ('normal') or U[−1, 1]^dim ('uniform'), shape [n, dim]. */
export function sampleNoise(rng: Rng, n: number, dim: number, prior: NoisePriorName): tf.Tensor2D {
  return tf.tensor2d(noiseValues(rng, n, dim, prior), [n, dim]);
}

/** The prior as the theory module's {@link NoisePrior} (density and cdf), for exact generator densities. */
export function noisePriorModel(prior: NoisePriorName): NoisePrior {
  return prior === 'normal' ? standardNormalPrior : uniformNoisePrior(-1, 1);
}
