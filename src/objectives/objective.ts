/**
 * What an adversarial objective is: a pair of losses, one per player, each the quantity that player
 * MINIMIZES, computed from the discriminator's logits (a = logit D(x), before any sigmoid).
 *
 * Each loss also returns its terms separately (e.g. E[log D(x)] and E[log(1 − D(G(z)))]), because the
 * theory needs them on their own (E5: V(D, G) is their sum).
 */
import type * as tf from '@tensorflow/tfjs-core';

/** Logits of the discriminator on a real batch and on a generated batch (shape [n, 1] or [n]). */
export interface DiscriminatorLogits {
  readonly realLogits: tf.Tensor;
  readonly fakeLogits: tf.Tensor;
}

/** Logits of the discriminator on a generated batch. */
export interface GeneratorLogits {
  readonly fakeLogits: tf.Tensor;
}

/** A loss to minimize and its named terms (all scalars, owned by the caller). */
export interface LossValue {
  readonly loss: tf.Scalar;
  readonly terms: Readonly<Record<string, tf.Scalar>>;
}

/** A loss and its named terms as numbers (float64), computed from downloaded logits. */
export interface LossNumbers {
  readonly loss: number;
  readonly terms: Readonly<Record<string, number>>;
}

/** Options every objective accepts. */
export interface ObjectiveOptions {
  /**
   * One-sided label smoothing s ∈ [0, 1): the discriminator's target on real data becomes 1 − s.
   * Off (0) by default: any s > 0 moves the optimum away from D* (Deviation from E3).
   */
  readonly labelSmoothing?: number;
}

export interface Objective {
  /** Registry name, e.g. "minimax". */
  readonly name: string;
  /** One line for help texts. */
  readonly summary: string;
  /** Paper the objective is from. */
  readonly paper: string;
  /** The discriminator's loss (to minimize). */
  discriminatorLoss(logits: DiscriminatorLogits): LossValue;
  /** The generator's loss (to minimize). */
  generatorLoss(logits: GeneratorLogits): LossValue;
  /**
   * {@link discriminatorLoss} on logits given as numbers, in float64 (same loss, same term names): what
   * the step records report, computed without a TF.js call per term (training/step-statistics.ts). The
   * shared objective tests hold it to the tensor version.
   */
  discriminatorLossNumbers(realLogits: ArrayLike<number>, fakeLogits: ArrayLike<number>): LossNumbers;
  /** {@link generatorLoss} on logits given as numbers, in float64 (see discriminatorLossNumbers). */
  generatorLossNumbers(fakeLogits: ArrayLike<number>): LossNumbers;
  /**
   * ∂L_D/∂a for every logit of both batches, written out analytically (same shapes as the logits).
   * Training backpropagates these through the network by hand (see models/mlp.ts); the shared test
   * battery checks them against finite differences of `discriminatorLoss`.
   */
  discriminatorLogitGradients(logits: DiscriminatorLogits): { realLogits: tf.Tensor; fakeLogits: tf.Tensor };
  /** ∂L_G/∂a for every logit of the generated batch, analytically (same shape as the logits). */
  generatorLogitGradient(logits: GeneratorLogits): tf.Tensor;
}
