/**
 * The types of an MLP's layers and of its batch-major pass, and {@link MlpLayers}: the MLP as the helpers
 * that work on its layers see it (input gradients, ./input-gradient.ts; spectral normalization,
 * ./spectral-norm.ts; the whole-network kernels, ./mlp-fused.ts). A file of its own so that ./mlp.ts can
 * use those helpers while they name its types, without an import cycle; ./mlp.ts re-exports everything.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { ActivationName } from './activations.js';

/** Shape of an MLP: inputDim → hidden[0] → … → hidden[h−1] → outputDim. */
export interface MlpShape {
  readonly inputDim: number;
  readonly hidden: readonly number[];
  readonly outputDim: number;
  /** Activation after every hidden layer. */
  readonly activation: ActivationName;
  /** Activation of the output layer ('linear' for logits, 'tanh' for images in [−1, 1]). */
  readonly outputActivation: ActivationName;
}

/** One dense layer's parameters: y = act(x·w + b), w of shape [in, out]. */
export interface DenseParams {
  readonly w: tf.Variable<tf.Rank.R2>;
  readonly b: tf.Variable<tf.Rank.R1>;
}

/** Gradients of one dense layer's parameters. */
export interface DenseGrads {
  readonly w: tf.Tensor2D;
  readonly b: tf.Tensor1D;
}

/** What the forward pass keeps for the backward pass: the input and every layer's output. */
export interface MlpCache {
  /** layerOutputs[0] is the input; layerOutputs[i + 1] is the output of layer i. */
  readonly layerOutputs: readonly tf.Tensor2D[];
}

/** An MLP as the helpers that work on its layers see it; `Mlp` (./mlp.ts) implements it. */
export interface MlpLayers {
  /** Its shape. */
  readonly shape: MlpShape;
  /** Its dense layers, input to output. */
  readonly layers: readonly DenseParams[];
  /** The output for a batch-major x, with the cache of every layer's output. */
  forwardWithCache(x: tf.Tensor2D): { output: tf.Tensor2D; cache: MlpCache };
  /** The trainable variables with positional names (`dense0/w`, `dense0/b`, …), in layer order. */
  parameters(): { name: string; variable: tf.Variable }[];
}
