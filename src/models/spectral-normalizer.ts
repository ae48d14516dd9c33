/**
 * What spectral normalization of a critic (Miyato et al. 2018; ./spectral-norm.ts for an MLP,
 * ./dcgan-spectral-norm.ts for a DCGAN critic) offers the trainer, whatever the architecture: it owns
 * the raw weights the optimizer updates, maps the network's weight gradients to them, and rewrites the
 * network's weights as W/σ after each update.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { NamedWeights } from './named-weights.js';

export interface SpectralNormalizer {
  /** The raw weights (and the biases and other parameters as they are), in the network's parameter order. */
  parameters(): { name: string; variable: tf.Variable }[];
  /** ∂L/∂(raw weights) from the network's flat parameter gradients (same order as parameters()). */
  parameterGradients(flat: readonly tf.Tensor[]): tf.Tensor[];
  /** One power iteration per layer, and the network's weights set to W/σ. */
  refresh(): void;
  /** σ of each normalized layer. */
  sigmas(): number[];
  getState(): NamedWeights[];
  setState(weights: readonly NamedWeights[]): void;
  dispose(): void;
}
