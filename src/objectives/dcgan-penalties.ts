/**
 * The gradient penalties of ./penalties.ts (WGAN-GP, R1; THEORY E9) on a DCGAN critic, with their
 * exact gradients with respect to every weight by hand-written double backpropagation
 * (../models/dcgan-input-gradient.ts). Same formulas, options and deviations as ./penalties.ts.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { DcganDiscriminator } from '../models/dcgan-discriminator.js';
import { dcganInputGradient, dcganInputGradientParamGrads } from '../models/dcgan-input-gradient.js';
import { interpolate, type GradientPenaltyOptions } from './penalties.js';

/** A penalty's value (to add to the critic's loss), its gradient in the order of `critic.parameters()`, and per-sample ‖∇ₓf‖. */
export interface FlatPenaltyValue {
  readonly value: tf.Scalar;
  readonly flat: tf.Tensor[];
  /** ‖∇ₓf(x_i)‖₂ for every row, shape [n]. */
  readonly gradNorms: tf.Tensor1D;
}

/**
 * WGAN-GP's penalty P = λ · (1/n) Σᵢ (‖∇ₓf(x̂ᵢ)‖₂ − target)², x̂ᵢ = εᵢ realᵢ + (1 − εᵢ) fakeᵢ (Gulrajani et
 * al. 2017, eq. 3), and ∂P/∂weights. `epsilon` [n, 1] in [0, 1]; `real`, `fake` [n, inputs] rows.
 * Deviation: where ‖∇ₓf‖ = 0 exactly, the gradient of the norm is taken as 0 (PyTorch gives NaN).
 */
export function dcganGradientPenalty(critic: DcganDiscriminator, real: tf.Tensor2D, fake: tf.Tensor2D, epsilon: tf.Tensor2D, o: GradientPenaltyOptions): FlatPenaltyValue {
  return tf.tidy(() => {
    const ig = dcganInputGradient(critic, interpolate(real, fake, epsilon));
    const g = ig.gradient;
    const n = g.shape[0];
    const norms = tf.sqrt(tf.sum(tf.square(g), 1)) as tf.Tensor1D;
    let excess: tf.Tensor1D = tf.sub(norms, o.target ?? 1);
    if (o.oneSided) excess = tf.relu(excess);
    const value = tf.mul(o.weight, tf.mean(tf.square(excess))) as tf.Scalar;
    // ∂P/∂gᵢ = λ (2/n) (‖gᵢ‖ − t) gᵢ/‖gᵢ‖
    const safeNorms = tf.where(tf.greater(norms, 0), norms, tf.onesLike(norms));
    const gBar = tf.mul(tf.reshape(tf.div(tf.mul(excess, (2 * o.weight) / n), safeNorms), [n, 1]), g) as tf.Tensor2D;
    return { value, flat: dcganInputGradientParamGrads(critic, ig, gBar), gradNorms: norms } as never;
  }) as FlatPenaltyValue;
}

/** R1 (Mescheder et al. 2018, eq. 9): P = (γ/2) · (1/n) Σᵢ ‖∇ₓD(xᵢ)‖₂² on real rows, and ∂P/∂weights. */
export function dcganR1Penalty(critic: DcganDiscriminator, real: tf.Tensor2D, gamma: number): FlatPenaltyValue {
  return tf.tidy(() => {
    const ig = dcganInputGradient(critic, real);
    const g = ig.gradient;
    const n = g.shape[0];
    const sq = tf.sum(tf.square(g), 1) as tf.Tensor1D;
    const value = tf.mul(gamma / 2, tf.mean(sq)) as tf.Scalar;
    const gBar = tf.mul(g, gamma / n) as tf.Tensor2D; // ∂P/∂gᵢ = (γ/n) gᵢ
    return { value, flat: dcganInputGradientParamGrads(critic, ig, gBar), gradNorms: tf.sqrt(sq) as tf.Tensor1D } as never;
  }) as FlatPenaltyValue;
}
