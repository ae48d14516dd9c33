/**
 * The noise prior P_z: a batch of z as a [n, dim] float32 tensor, drawn from a seeded {@link Rng}.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../random/rng.js';
import { standardNormalPrior, uniformNoisePrior, type NoisePrior } from '../theory/noise-prior.js';

export type NoisePriorName = 'normal' | 'uniform';

/**
 * n draws of z ~ N(0, I) ('normal') or U[−1, 1]^dim ('uniform'), row-major (draw i is values i·dim …),
 * each multiplied by `temperature` (default 1: the prior itself). A temperature T < 1 draws z from
 * N(0, T²I) or U[−T, T]^dim, nearer the prior's centre: the temperature of Kingma & Dhariwal 2018 (§5),
 * a smooth form of the truncation trick of Brock et al. 2019 (§3.1). Samples drawn so are not from p_g,
 * the generator's distribution that the game (THEORY E1) trains.
 */
export function noiseValues(rng: Rng, n: number, dim: number, prior: NoisePriorName, temperature = 1): Float32Array {
  const v = new Float32Array(n * dim);
  if (prior === 'normal') rng.fillNormal(v);
  else rng.fillUniform(v, -1, 1);
  if (temperature !== 1) for (let i = 0; i < v.length; i++) v[i] *= temperature;
  return v;
}

/** {@link noiseValues} as a [n, dim] tensor. */
export function sampleNoise(rng: Rng, n: number, dim: number, prior: NoisePriorName, temperature = 1): tf.Tensor2D {
  return tf.tensor2d(noiseValues(rng, n, dim, prior, temperature), [n, dim]);
}

/** The prior as the theory module's {@link NoisePrior} (density and cdf), for exact generator densities. */
export function noisePriorModel(prior: NoisePriorName): NoisePrior {
  return prior === 'normal' ? standardNormalPrior : uniformNoisePrior(-1, 1);
}
