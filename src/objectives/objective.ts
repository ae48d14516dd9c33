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

/** A loss and its named terms as numbers, computed from downloaded logits (means in float32, see log-prob.ts meanValue). */
export interface LossNumbers {
  readonly loss: number;
  readonly terms: Readonly<Record<string, number>>;
}

/**
 * What an objective's discriminator is, for every reporter and check that must not go by its name
 * (each objective declares its own; test/objectives/properties.test.ts holds them to the theory):
 */
export interface ObjectiveProperties {
  /**
   * What D outputs: `logit` — D(x) = sigmoid(a) is a probability (minimax, non-saturating); `score` — an
   * unbounded score whose sigmoid means nothing (a WGAN critic, the hinge and least-squares discriminators).
   */
  readonly output: 'logit' | 'score';
  /**
   * D's optimum is D* = p_r/(p_r + p_g) through the sigmoid (E3), so V(D, G) of the step records estimates
   * −log 4 + 2·JS (E5) and |D − D*| is defined. False with label smoothing (its optimum moves) and for scores.
   */
  readonly estimatesOptimalDiscriminator: boolean;
  /** Training needs D kept Lipschitz (E8: clipping, a gradient penalty or spectral normalization). */
  readonly needsLipschitz: boolean;
  /** The critic estimate E_r[f] − E_g[f] is the dual estimate of W1 (E8) when f is 1-Lipschitz. */
  readonly estimatesW1: boolean;
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
  /** What its discriminator is (see {@link ObjectiveProperties}). */
  readonly properties: ObjectiveProperties;
  /** The discriminator's loss (to minimize). */
  discriminatorLoss(logits: DiscriminatorLogits): LossValue;
  /** The generator's loss (to minimize). */
  generatorLoss(logits: GeneratorLogits): LossValue;
  /**
   * {@link discriminatorLoss} on logits given as numbers (same loss, same term names; means as log-prob.ts's meanValue): what
   * the step records report, computed without a TF.js call per term (training/step-statistics.ts). The
   * shared objective tests hold it to the tensor version.
   */
  discriminatorLossNumbers(realLogits: ArrayLike<number>, fakeLogits: ArrayLike<number>): LossNumbers;
  /** {@link generatorLoss} on logits given as numbers (see discriminatorLossNumbers). */
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
