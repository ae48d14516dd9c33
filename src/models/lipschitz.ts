/**
 * An empirical Lipschitz constant of a critic: the largest input-gradient norm at chosen points.
 */
import * as tf from '@tensorflow/tfjs-core';
import { MLP_LIPSCHITZ_POINTS, MLP_LIPSCHITZ_POINTS_WIDE, MLP_WIDE_INPUT } from './mlp.js';
import { CONV_LIPSCHITZ_POINTS } from './dcgan-discriminator.js';
import type { Network } from './network.js';
import { interpolateData } from './interpolates.js';

/** Points of each kind used by {@link empiricalLipschitz} by default (real, fake and interpolates). */
export const LIPSCHITZ_POINTS = MLP_LIPSCHITZ_POINTS;
/** The points per kind for an MLP critic on wide inputs (images), see ./mlp.ts. */
export const LIPSCHITZ_POINTS_WIDE = MLP_LIPSCHITZ_POINTS_WIDE;
/** Input columns from which an MLP critic counts as wide. */
export const LIPSCHITZ_WIDE_INPUT = MLP_WIDE_INPUT;
/** The points per kind for a convolutional critic, see ./dcgan-discriminator.ts. */
export const LIPSCHITZ_POINTS_CONV = CONV_LIPSCHITZ_POINTS;

/**
 * The points of each kind the trainer measures `critic`'s Lipschitz estimate on, chosen by the network
 * (its `capabilities.lipschitzPoints`, ./network.ts) so that measuring stays a small part of the step:
 * {@link LIPSCHITZ_POINTS} for an MLP on low-dimensional data, {@link LIPSCHITZ_POINTS_WIDE} for an MLP
 * on wide inputs (images), {@link LIPSCHITZ_POINTS_CONV} for a convolutional critic. Fewer points give a
 * lower (looser) bound.
 */
export function trainingLipschitzPoints(critic: Network): number {
  return critic.capabilities.lipschitzPoints;
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
  return tf.tidy(() => {
    const m = Math.min(points, real.shape[0], fake.shape[0]);
    if (m < 1) throw new RangeError('empiricalLipschitz needs at least one real and one fake point');
    const r = tf.slice(real, [0, 0], [m, real.shape[1]]);
    const f = tf.slice(fake, [0, 0], [m, fake.shape[1]]);
    const eps = tf.tensor2d(Float32Array.from({ length: m }, (_, i) => (i + 0.5) / m), [m, 1]);
    const cols = real.shape[1];
    const data = dataColumns === undefined ? cols : Math.min(dataColumns, cols);
    const x = tf.concat([r, f, interpolateData(r, f, eps, dataColumns)], 0) as tf.Tensor2D;
    const { output, cache } = critic.forwardWithCache(x);
    if (output.shape[1] !== 1) throw new RangeError(`the critic must have one output, got ${output.shape[1]}`);
    const { dInput } = critic.backward(cache, tf.ones([3 * m, 1]), { weights: false, input: true });
    const g = data < cols ? tf.slice(dInput!, [0, 0], [3 * m, data]) : dInput!;
    return tf.max(tf.sqrt(tf.sum(tf.square(g), 1))) as tf.Scalar;
  });
}
