/**
 * The gradient penalties of ./penalties.ts (WGAN-GP, R1; THEORY E9) on a DCGAN critic, with their
 * exact gradients with respect to every weight by hand-written double backpropagation
 * (../models/dcgan-input-gradient.ts). Same formulas, options and deviations as ./penalties.ts.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { DcganDiscriminator } from '../models/dcgan-discriminator.js';
import { dcganInputGradient, dcganInputGradientParamGrads } from '../models/dcgan-input-gradient.js';
import { gradientPenaltyOfGradient, interpolate, r1PenaltyOfGradient, type GradientPenaltyOptions } from './penalties.js';

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
    const p = gradientPenaltyOfGradient(ig.gradient, o);
    return { value: p.value, flat: dcganInputGradientParamGrads(critic, ig, p.gBar), gradNorms: p.gradNorms } as never;
  }) as FlatPenaltyValue;
}

/** R1 (Mescheder et al. 2018, eq. 9): P = (γ/2) · (1/n) Σᵢ ‖∇ₓD(xᵢ)‖₂² on real rows, and ∂P/∂weights. */
export function dcganR1Penalty(critic: DcganDiscriminator, real: tf.Tensor2D, gamma: number): FlatPenaltyValue {
  return tf.tidy(() => {
    const ig = dcganInputGradient(critic, real);
    const p = r1PenaltyOfGradient(ig.gradient, gamma);
    return { value: p.value, flat: dcganInputGradientParamGrads(critic, ig, p.gBar), gradNorms: p.gradNorms } as never;
  }) as FlatPenaltyValue;
}
