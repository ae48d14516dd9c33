/**
 * What the trainer needs of a player's network, whatever its architecture ({@link Mlp}, the DCGAN
 * networks of ./dcgan-generator.ts and ./dcgan-discriminator.ts). Batches are flat rows, [n, features]
 * in and [n, outputs] out (images row-major, height × width × channels); every pass is batch-major.
 * The backward pass is hand-written (TF.js's gradients are not registered in the library).
 */
import * as tf from '@tensorflow/tfjs-core';
import { Mlp, type DenseGrads, type NamedWeights } from './mlp.js';

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
   * gradients when `weights` is true (read them with {@link networkGradients}), ∂L/∂x when `input` is true.
   */
  backward(cache: unknown, dOutput: tf.Tensor2D, want: { weights: boolean; input: boolean }): { grads?: unknown; dInput?: tf.Tensor2D };
  /** The trainable variables with positional names, in a fixed order. */
  parameters(): { name: string; variable: tf.Variable }[];
  /** A copy of every weight (trainable or not, e.g. batch-norm running statistics), named by position. */
  getWeights(): NamedWeights[];
  /** Replaces every weight; names and shapes must match {@link getWeights}'s. */
  setWeights(weights: readonly NamedWeights[]): void;
  dispose(): void;
}

/**
 * The gradients `backward` of `net` returned, flattened in the order of `net.parameters()` (an
 * {@link Mlp} returns them per layer, the other networks already flat).
 */
export function networkGradients(net: Network, grads: unknown): tf.Tensor[] {
  return net instanceof Mlp ? Mlp.flatGradients(grads as DenseGrads[]) : (grads as tf.Tensor[]);
}

/**
 * Clips every trainable parameter of `critic` to [−c, c], in place: WGAN's weight clipping
 * (../models/weight-clipping.ts, THEORY E8) for any network. Domain: c > 0.
 */
export function clipNetworkWeights(critic: Network, c: number): void {
  if (!(c > 0 && Number.isFinite(c))) throw new RangeError(`the clip value must be a finite number > 0, got ${c}`);
  for (const { variable } of critic.parameters()) tf.tidy(() => variable.assign(tf.clipByValue(variable, -c, c)));
}
