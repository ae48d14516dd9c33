/**
 * What the trainer needs of a player's network, whatever its architecture ({@link Mlp} of ./mlp.ts, the
 * DCGAN networks of ./dcgan-generator.ts and ./dcgan-discriminator.ts, the residual MLP of
 * ./residual-mlp.ts). Batches are flat rows, [n, features] in and [n, outputs] out (images row-major,
 * height × width × channels); every pass is batch-major unless the network offers the feature-major
 * passes. The backward pass is hand-written (TF.js's gradients are not registered in the library).
 *
 * What an architecture can do beyond that is declared in {@link NetworkCapabilities}: the trainer asks
 * for a capability and refuses, in one line, a config that needs one the network lacks (a gradient
 * penalty on a critic without double backpropagation, say); it never asks which class a network is.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../random/rng.js';
import type { DoubleBackprop } from './double-backprop.js';
import type { NamedWeights } from './named-weights.js';
import type { SpectralNormalizer } from './spectral-normalizer.js';

export type { NamedWeights } from './named-weights.js';

export interface Network {
  /** Evaluation mode (sampling, plots): the output for x [n, inputs], shape [n, outputs]. */
  forward(x: tf.Tensor2D): tf.Tensor2D;
  /**
   * Training mode: the output and what {@link backward} needs (the caller owns both, e.g. inside a
   * `tf.tidy`). A network with batch norm uses the batch's statistics and moves its running ones.
   */
  forwardWithCache(x: tf.Tensor2D): { output: tf.Tensor2D; cache: unknown };
  /**
   * Backpropagation of dOutput = ∂L/∂output [n, outputs] through a training-mode pass: the parameter
   * gradients when `weights` is true (read them with {@link flatGradients}), ∂L/∂x when `input` is true.
   */
  backward(cache: unknown, dOutput: tf.Tensor2D, want: { weights: boolean; input: boolean }): { grads?: unknown; dInput?: tf.Tensor2D };
  /** The gradients {@link backward} returned, flattened in the order of {@link parameters}. */
  flatGradients(grads: unknown): tf.Tensor[];
  /** The trainable variables with positional names, in a fixed order. */
  parameters(): { name: string; variable: tf.Variable }[];
  /** A copy of every weight (trainable or not, e.g. batch-norm running statistics), named by position. */
  getWeights(): NamedWeights[];
  /** Replaces every weight; names and shapes must match {@link getWeights}'s. */
  setWeights(weights: readonly NamedWeights[]): void;
  /** What this architecture can do besides the passes above. */
  readonly capabilities: NetworkCapabilities;
  dispose(): void;
}

/** The training passes in the feature-major layout (./batch-layout.ts): a batch of n rows as [features, n]. */
export interface FeatureMajorPasses {
  /** The widths input → hidden… → output, for choosing the layout (chooseBatchLayout). */
  readonly layerSizes: readonly number[];
  forward(xT: tf.Tensor2D): { output: tf.Tensor2D; cache: unknown };
  backward(cache: unknown, dOutputT: tf.Tensor2D, want: { weights: boolean; input: boolean }): { grads?: unknown; dInput?: tf.Tensor2D };
}

export interface NetworkCapabilities {
  /** Rows per forward pass when drawing many samples (an image network keeps its activations small). */
  readonly sampleChunk: number;
  /**
   * Points of each kind (real, generated, interpolates) the trainer's estimate of this network's
   * Lipschitz constant as a critic uses (./lipschitz.ts): few enough that measuring stays a small part of a step.
   */
  readonly lipschitzPoints: number;
  /** Double backpropagation through this network as a one-output critic, gradients flat (E9's penalties); absent: none. */
  readonly doubleBackprop?: DoubleBackprop<{ readonly gradient: tf.Tensor2D }, tf.Tensor[]>;
  /** Spectral normalization of this network as a critic, its power iterations seeded from `rng`; absent: none. */
  readonly spectralNorm?: (rng: Rng) => SpectralNormalizer;
  /** The feature-major training passes; absent: batch-major only. */
  readonly featureMajor?: FeatureMajorPasses;
}

/**
 * Clips every trainable parameter of `critic` to [−c, c], in place: WGAN's weight clipping
 * (../models/weight-clipping.ts, THEORY E8) for any network. Domain: c > 0.
 */
export function clipNetworkWeights(critic: Network, c: number): void {
  if (!(c > 0 && Number.isFinite(c))) throw new RangeError(`the clip value must be a finite number > 0, got ${c}`);
  for (const { variable } of critic.parameters()) tf.tidy(() => variable.assign(tf.clipByValue(variable, -c, c)));
}
