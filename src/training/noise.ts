/**
 * The noise prior P_z: a batch of z as a [n, dim] float32 tensor, drawn from a seeded {@link Rng}.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../random/rng.js';

export type NoisePrior = 'normal' | 'uniform';

/** n draws of z ~ N(0, I) ('normal') or U[−1, 1]^dim ('uniform'), shape [n, dim]. */
export function sampleNoise(rng: Rng, n: number, dim: number, prior: NoisePrior): tf.Tensor2D {
  const v = new Float32Array(n * dim);
  if (prior === 'normal') rng.fillNormal(v);
  else rng.fillUniform(v, -1, 1);
  return tf.tensor2d(v, [n, dim]);
}

/** The prior's density at z (a vector of length dim): for the theory module's generator densities. */
export function noiseDensity(prior: NoisePrior, z: ArrayLike<number>): number {
  let p = 1;
  for (let i = 0; i < z.length; i++) {
    p *= prior === 'normal' ? Math.exp(-0.5 * z[i] * z[i]) / Math.sqrt(2 * Math.PI) : Math.abs(z[i]) <= 1 ? 0.5 : 0;
  }
  return p;
}
