/**
 * The gradient penalties of ./penalties.ts (WGAN-GP, R1; THEORY E9) on a DCGAN critic, with their
 * exact gradients with respect to every weight by hand-written double backpropagation
 * (../models/dcgan-input-gradient.ts). Same formulas, options and deviations as ./penalties.ts.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { DcganDiscriminator } from '../models/dcgan-discriminator.js';
import { dcganInputGradient, dcganInputGradientParamGrads, type DcganInputGradient } from '../models/dcgan-input-gradient.js';
import type { DoubleBackprop } from '../models/double-backprop.js';
import { gradientPenaltyWith, r1PenaltyWith, type DataColumns, type GradientPenaltyOptions } from './penalties.js';

/** A penalty's value (to add to the critic's loss), its gradient in the order of `critic.parameters()`, and per-sample ‖∇ₓf‖. */
export interface FlatPenaltyValue {
  readonly value: tf.Scalar;
  readonly flat: tf.Tensor[];
  /** ‖∇ₓf(x_i)‖₂ for every row, shape [n]. */
  readonly gradNorms: tf.Tensor1D;
}

/** The DCGAN critic's double backpropagation (../models/dcgan-input-gradient.ts). */
const dcganDoubleBackprop = (critic: DcganDiscriminator): DoubleBackprop<DcganInputGradient, tf.Tensor[]> => ({
  inputGradient: (x) => dcganInputGradient(critic, x),
  paramGrads: (ig, gBar) => dcganInputGradientParamGrads(critic, ig, gBar),
});

/**
 * WGAN-GP's penalty P = λ · (1/n) Σᵢ (‖∇ₓf(x̂ᵢ)‖₂ − target)², x̂ᵢ = εᵢ realᵢ + (1 − εᵢ) fakeᵢ (Gulrajani et
 * al. 2017, eq. 3), and ∂P/∂weights. `epsilon` [n, 1] in [0, 1]; `real`, `fake` [n, inputs] rows.
 * Deviation: where ‖∇ₓf‖ = 0 exactly, the gradient of the norm is taken as 0 (PyTorch gives NaN).
 * A conditional critic's rows end in a one-hot label: pass `dataColumns` = h·w·channels, and only ∇ₓ
 * (the image's pixels) is penalized, at x̂ = [ε·x_real + (1 − ε)·x_fake, y_real] (./penalties.ts, DataColumns).
 */
export function dcganGradientPenalty(critic: DcganDiscriminator, real: tf.Tensor2D, fake: tf.Tensor2D, epsilon: tf.Tensor2D, o: GradientPenaltyOptions, dataColumns?: DataColumns): FlatPenaltyValue {
  const { grads, ...p } = gradientPenaltyWith(dcganDoubleBackprop(critic), real, fake, epsilon, o, dataColumns);
  return { ...p, flat: grads };
}

/**
 * R1 (Mescheder et al. 2018, eq. 9): P = (γ/2) · (1/n) Σᵢ ‖∇ₓD(xᵢ)‖₂² on real rows, and ∂P/∂weights.
 * Conditional critics: `dataColumns` as in {@link dcganGradientPenalty} (∇ₓ only, at the real rows with their labels).
 */
export function dcganR1Penalty(critic: DcganDiscriminator, real: tf.Tensor2D, gamma: number, dataColumns?: DataColumns): FlatPenaltyValue {
  const { grads, ...p } = r1PenaltyWith(dcganDoubleBackprop(critic), real, gamma, dataColumns);
  return { ...p, flat: grads };
}
