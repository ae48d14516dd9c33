/**
 * An empirical Lipschitz constant of a critic: the largest input-gradient norm at chosen points.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Mlp } from './mlp.js';
import type { Network } from './network.js';
import { interpolateData } from './interpolates.js';

/** Points of each kind used by {@link empiricalLipschitz} by default (real, fake and interpolates). */
export const LIPSCHITZ_POINTS = 64;

/**
 * Points of each kind the trainer uses for an MLP critic whose input has at least
 * {@link LIPSCHITZ_WIDE_INPUT} columns (images: 784 pixels). Its cost grows with the input's width; at
 * 64 points per kind (192 rows, more than a batch of 64) it took ~15–35 % of an MNIST MLP GAN's step.
 */
export const LIPSCHITZ_POINTS_WIDE = 16;

/** Input columns from which an MLP critic counts as wide for {@link trainingLipschitzPoints}. */
export const LIPSCHITZ_WIDE_INPUT = 256;

/**
 * Points of each kind the trainer uses for convolutional critics (a DCGAN's D): 8, whose cost is within
 * the step-to-step noise of a ~300 ms DCGAN step (batch 64, one wasm thread); 16 cost ~40 ms (~14 %).
 */
export const LIPSCHITZ_POINTS_CONV = 8;

/**
 * The points of each kind the trainer measures `critic`'s Lipschitz estimate on at every step, chosen
 * so that measuring stays a small part of the step: {@link LIPSCHITZ_POINTS} for an MLP on
 * low-dimensional data, {@link LIPSCHITZ_POINTS_WIDE} for an MLP on wide inputs (images), and
 * {@link LIPSCHITZ_POINTS_CONV} for a convolutional critic. Fewer points give a lower (looser) bound.
 */
export function trainingLipschitzPoints(critic: Network): number {
  if (!(critic instanceof Mlp)) return LIPSCHITZ_POINTS_CONV;
  return critic.shape.inputDim >= LIPSCHITZ_WIDE_INPUT ? LIPSCHITZ_POINTS_WIDE : LIPSCHITZ_POINTS;
}

/**
 * max ‖∇ₓf(x)‖₂ over x in three sets: the first m rows of `real`, the first m rows of `fake`, and
 * the m interpolates x̂_i = ε_i·real_i + (1 − ε_i)·fake_i with the fixed, evenly spread fractions
 * ε_i = (i + ½)/m (the points where WGAN-GP enforces its constraint, E9), m = min(`points`, rows).
 * f is `critic`'s output (one logit, before any sigmoid). For any K-Lipschitz f the result is ≤ K,
 * so it is a lower bound of the critic's Lipschitz constant that WGAN's duality (E8) needs ≤ 1.
 * Returns a scalar tensor (owned by the caller).
 * Domain: `real`, `fake` batch-major [n, dim] with n ≥ 1; `critic` any network with one linear output
 * whose training-mode pass equals its evaluation pass (no batch norm: true of every tsgan critic).
 * Deviation: fixed fractions ε instead of WGAN-GP's random ones, so that measuring draws no random
 * numbers and a run's random streams are the same with or without it.
 * A class-conditional critic f(x, y) (rows [x, one-hot y]): pass `dataColumns` = x's dimension; the
 * norm is then of ∇ₓf alone and the interpolates keep the real row's label, [x̂, y_real] (the
 * Lipschitz property WGAN needs is in x for each class; objectives/penalties.ts, DataColumns).
 */
export function empiricalLipschitz(critic: Network, real: tf.Tensor2D, fake: tf.Tensor2D, points = LIPSCHITZ_POINTS, dataColumns?: number): tf.Scalar {
  if (critic instanceof Mlp && critic.shape.outputDim !== 1) throw new RangeError(`the critic must have one output, got ${critic.shape.outputDim}`);
  return tf.tidy(() => {
    const m = Math.min(points, real.shape[0], fake.shape[0]);
    if (m < 1) throw new RangeError('empiricalLipschitz needs at least one real and one fake point');
    const r = tf.slice(real, [0, 0], [m, real.shape[1]]);
    const f = tf.slice(fake, [0, 0], [m, fake.shape[1]]);
    const eps = tf.tensor2d(Float32Array.from({ length: m }, (_, i) => (i + 0.5) / m), [m, 1]);
    const cols = real.shape[1];
    const data = dataColumns === undefined ? cols : Math.min(dataColumns, cols);
    const x = tf.concat([r, f, interpolateData(r, f, eps, dataColumns)], 0) as tf.Tensor2D;
    const { cache } = critic.forwardWithCache(x);
    const { dInput } = critic.backward(cache, tf.ones([3 * m, 1]), { weights: false, input: true });
    const g = data < cols ? tf.slice(dInput!, [0, 0], [3 * m, data]) : dInput!;
    return tf.max(tf.sqrt(tf.sum(tf.square(g), 1))) as tf.Scalar;
  });
}
