/**
 * Gradient penalties on the discriminator / critic (THEORY E9), with their exact gradients with
 * respect to every weight by hand-written double backpropagation (src/models/input-gradient.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { DenseGrads, Mlp } from '../models/mlp.js';
import { inputGradient, inputGradientParamGrads } from '../models/input-gradient.js';

/** A penalty's value (to add to the critic's loss), its gradient per layer, and per-sample ‖∇ₓf‖. */
export interface PenaltyValue {
  readonly value: tf.Scalar;
  readonly grads: DenseGrads[];
  /** ‖∇ₓf(x_i)‖₂ for every row, shape [n]. */
  readonly gradNorms: tf.Tensor1D;
}

/** Options of {@link gradientPenalty}. */
export interface GradientPenaltyOptions {
  /** λ ≥ 0 (paper: 10). */
  readonly weight: number;
  /** The target norm (paper: 1). */
  readonly target?: number;
  /** Penalize only norms above the target: λ·E[max(0, ‖∇f‖ − 1)²] (Gulrajani et al. 2017, App. F / §4 note). */
  readonly oneSided?: boolean;
}

/** Per-row interpolates x̂ = ε·real + (1 − ε)·fake, one ε per row (shape [n, 1], values in [0, 1]). */
export function interpolate(real: tf.Tensor2D, fake: tf.Tensor2D, epsilon: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.add(tf.mul(epsilon, real), tf.mul(tf.sub(1, epsilon), fake)) as tf.Tensor2D);
}

/**
 * WGAN-GP's penalty (Gulrajani et al. 2017, eq. 3; THEORY E9):
 *   P = λ · (1/n) Σᵢ (‖∇ₓf(x̂ᵢ)‖₂ − target)²,  x̂ᵢ = εᵢ realᵢ + (1 − εᵢ) fakeᵢ, one εᵢ ~ U[0, 1] per sample,
 * the norm taken per sample. Returns P (to add to the quantity the critic minimizes) and ∂P/∂weights.
 * `epsilon` has shape [n, 1]; `real` and `fake` [n, dim] (fake detached from the generator).
 * Deviation: where ‖∇ₓf‖ = 0 exactly, the gradient of the norm is taken as 0 (PyTorch gives NaN).
 */
export function gradientPenalty(critic: Mlp, real: tf.Tensor2D, fake: tf.Tensor2D, epsilon: tf.Tensor2D, o: GradientPenaltyOptions): PenaltyValue {
  return tf.tidy(() => {
    const xHat = interpolate(real, fake, epsilon);
    const ig = inputGradient(critic, xHat);
    const g = ig.gradient;
    const n = g.shape[0];
    const target = o.target ?? 1;
    const norms = tf.sqrt(tf.sum(tf.square(g), 1)) as tf.Tensor1D;
    let excess: tf.Tensor1D = tf.sub(norms, target);
    if (o.oneSided) excess = tf.relu(excess);
    const value = tf.mul(o.weight, tf.mean(tf.square(excess))) as tf.Scalar;
    // ∂P/∂gᵢ = λ (2/n) (‖gᵢ‖ − t) gᵢ/‖gᵢ‖
    const safeNorms = tf.where(tf.greater(norms, 0), norms, tf.onesLike(norms));
    const coeff = tf.reshape(tf.div(tf.mul(excess, (2 * o.weight) / n), safeNorms), [n, 1]);
    const gBar = tf.mul(coeff, g) as tf.Tensor2D;
    return { value, grads: inputGradientParamGrads(critic, ig, gBar), gradNorms: norms } as never;
  }) as PenaltyValue;
}

/**
 * R1 (Mescheder et al. 2018, eq. 9; THEORY E9): P = (γ/2) · (1/n) Σᵢ ‖∇ₓD(xᵢ)‖₂² on real samples,
 * with ∇ taken of the discriminator's logit. Returns P (to add to D's loss) and ∂P/∂weights.
 */
export function r1Penalty(critic: Mlp, real: tf.Tensor2D, gamma: number): PenaltyValue {
  return tf.tidy(() => {
    const ig = inputGradient(critic, real);
    const g = ig.gradient;
    const n = g.shape[0];
    const sq = tf.sum(tf.square(g), 1) as tf.Tensor1D;
    const value = tf.mul(gamma / 2, tf.mean(sq)) as tf.Scalar;
    const gBar = tf.mul(g, gamma / n) as tf.Tensor2D; // ∂P/∂gᵢ = (γ/n) gᵢ
    return { value, grads: inputGradientParamGrads(critic, ig, gBar), gradNorms: tf.sqrt(sq) as tf.Tensor1D } as never;
  }) as PenaltyValue;
}
