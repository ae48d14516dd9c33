/**
 * Gradient penalties on the discriminator / critic (THEORY E9), with their exact gradients with
 * respect to every weight by hand-written double backpropagation (src/models/input-gradient.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { DoubleBackprop } from '../models/double-backprop.js';
import type { DenseGrads, Mlp } from '../models/mlp.js';
import { inputGradient, inputGradientParamGrads } from '../models/input-gradient.js';
import { interpolateData, type DataColumns } from '../models/interpolates.js';

export { interpolate, interpolateData, type DataColumns } from '../models/interpolates.js';

/** A penalty's value (to add to the critic's loss), its gradient per layer, and per-sample ‖∇ₓf(x_i)‖₂ [n]. */
export type PenaltyValue = PenaltyWithGrads<DenseGrads[]>;

/** Options of {@link gradientPenalty}. */
export interface GradientPenaltyOptions {
  /** λ ≥ 0 (paper: 10). */
  readonly weight: number;
  /** The target norm (paper: 1). */
  readonly target?: number;
  /** Penalize only norms above the target: λ·E[max(0, ‖∇f‖ − 1)²] (Gulrajani et al. 2017, App. F / §4 note). */
  readonly oneSided?: boolean;
}

/** The penalty of the data columns' gradient, its ∂P/∂g padded with zeros over the label columns. */
export function onDataColumns(g: tf.Tensor2D, dataColumns: DataColumns, penalty: (g: tf.Tensor2D) => PenaltyOfGradient): PenaltyOfGradient {
  const cols = g.shape[1];
  if (dataColumns === undefined || dataColumns === cols) return penalty(g);
  const p = penalty(tf.slice(g, [0, 0], [g.shape[0], dataColumns]));
  return { ...p, gBar: tf.pad(p.gBar, [[0, 0], [0, cols - dataColumns]]) };
}

/** A penalty as a function of the critic's input gradients g [n, dim]: P, ∂P/∂g and the norms ‖gᵢ‖₂. */
export interface PenaltyOfGradient {
  readonly value: tf.Scalar;
  readonly gBar: tf.Tensor2D;
  readonly gradNorms: tf.Tensor1D;
}

/**
 * WGAN-GP's P = λ · (1/n) Σᵢ (‖gᵢ‖₂ − target)² (one-sided: only norms above the target) and
 * ∂P/∂gᵢ = λ (2/n) (‖gᵢ‖ − t) gᵢ/‖gᵢ‖, taken as 0 where ‖gᵢ‖ = 0. Shared by every critic's penalty.
 */
export function gradientPenaltyOfGradient(g: tf.Tensor2D, o: GradientPenaltyOptions): PenaltyOfGradient {
  const n = g.shape[0];
  const norms = tf.sqrt(tf.sum(tf.square(g), 1)) as tf.Tensor1D;
  let excess: tf.Tensor1D = tf.sub(norms, o.target ?? 1);
  if (o.oneSided) excess = tf.relu(excess);
  const value = tf.mul(o.weight, tf.mean(tf.square(excess))) as tf.Scalar;
  const safeNorms = tf.where(tf.greater(norms, 0), norms, tf.onesLike(norms));
  const coeff = tf.reshape(tf.div(tf.mul(excess, (2 * o.weight) / n), safeNorms), [n, 1]);
  return { value, gBar: tf.mul(coeff, g) as tf.Tensor2D, gradNorms: norms };
}

/** R1's P = (γ/2) · (1/n) Σᵢ ‖gᵢ‖₂² and ∂P/∂gᵢ = (γ/n) gᵢ. Shared by every critic's penalty. */
export function r1PenaltyOfGradient(g: tf.Tensor2D, gamma: number): PenaltyOfGradient {
  const n = g.shape[0];
  const sq = tf.sum(tf.square(g), 1) as tf.Tensor1D;
  return { value: tf.mul(gamma / 2, tf.mean(sq)) as tf.Scalar, gBar: tf.mul(g, gamma / n) as tf.Tensor2D, gradNorms: tf.sqrt(sq) as tf.Tensor1D };
}

/** A penalty's value, its gradient with respect to the weights (in the critic's form), and per-sample ‖∇ₓf‖. */
export interface PenaltyWithGrads<Grads> {
  readonly value: tf.Scalar;
  readonly grads: Grads;
  readonly gradNorms: tf.Tensor1D;
}

/** WGAN-GP's penalty (see {@link gradientPenalty}) for any critic, through its double backpropagation `d`. */
export function gradientPenaltyWith<IG extends { readonly gradient: tf.Tensor2D }, Grads>(d: DoubleBackprop<IG, Grads>, real: tf.Tensor2D, fake: tf.Tensor2D, epsilon: tf.Tensor2D, o: GradientPenaltyOptions, dataColumns?: DataColumns): PenaltyWithGrads<Grads> {
  return tf.tidy(() => {
    const ig = d.inputGradient(interpolateData(real, fake, epsilon, dataColumns));
    const p = onDataColumns(ig.gradient, dataColumns, (g) => gradientPenaltyOfGradient(g, o));
    return { value: p.value, grads: d.paramGrads(ig, p.gBar), gradNorms: p.gradNorms } as never;
  }) as PenaltyWithGrads<Grads>;
}

/** R1 (see {@link r1Penalty}) for any critic, through its double backpropagation `d`. */
export function r1PenaltyWith<IG extends { readonly gradient: tf.Tensor2D }, Grads>(d: DoubleBackprop<IG, Grads>, real: tf.Tensor2D, gamma: number, dataColumns?: DataColumns): PenaltyWithGrads<Grads> {
  return tf.tidy(() => {
    const ig = d.inputGradient(real);
    const p = onDataColumns(ig.gradient, dataColumns, (g) => r1PenaltyOfGradient(g, gamma));
    return { value: p.value, grads: d.paramGrads(ig, p.gBar), gradNorms: p.gradNorms } as never;
  }) as PenaltyWithGrads<Grads>;
}

/** The MLP's double backpropagation (../models/input-gradient.ts). */
const mlpDoubleBackprop = (critic: Mlp): DoubleBackprop<ReturnType<typeof inputGradient>, DenseGrads[]> => ({
  inputGradient: (x) => inputGradient(critic, x),
  paramGrads: (ig, gBar) => inputGradientParamGrads(critic, ig, gBar),
});

/**
 * WGAN-GP's penalty (Gulrajani et al. 2017, eq. 3; THEORY E9):
 *   P = λ · (1/n) Σᵢ (‖∇ₓf(x̂ᵢ)‖₂ − target)²,  x̂ᵢ = εᵢ realᵢ + (1 − εᵢ) fakeᵢ, one εᵢ ~ U[0, 1] per sample,
 * the norm taken per sample. Returns P (to add to the quantity the critic minimizes) and ∂P/∂weights.
 * `epsilon` has shape [n, 1]; `real` and `fake` [n, dim] (fake detached from the generator).
 * Deviation: where ‖∇ₓf‖ = 0 exactly, the gradient of the norm is taken as 0 (PyTorch gives NaN).
 * Conditional critics: see {@link DataColumns}.
 */
export function gradientPenalty(critic: Mlp, real: tf.Tensor2D, fake: tf.Tensor2D, epsilon: tf.Tensor2D, o: GradientPenaltyOptions, dataColumns?: DataColumns): PenaltyValue {
  return gradientPenaltyWith(mlpDoubleBackprop(critic), real, fake, epsilon, o, dataColumns);
}

/**
 * R1 (Mescheder et al. 2018, eq. 9; THEORY E9): P = (γ/2) · (1/n) Σᵢ ‖∇ₓD(xᵢ)‖₂² on real samples,
 * with ∇ taken of the discriminator's logit. Returns P (to add to D's loss) and ∂P/∂weights.
 * Conditional critics: see {@link DataColumns} (∇ₓ only, at the real rows with their labels).
 */
export function r1Penalty(critic: Mlp, real: tf.Tensor2D, gamma: number, dataColumns?: DataColumns): PenaltyValue {
  return r1PenaltyWith(mlpDoubleBackprop(critic), real, gamma, dataColumns);
}
