/**
 * A small convolutional image classifier (LeNet-like) with a hand-written backward pass, the
 * feature extractor of the image metrics (src/metrics/image):
 *
 *   x [n, h, w, c] → conv k×k (relu) → max-pool 2 → conv k×k (relu) → max-pool 2 → flatten
 *     → dense (relu) … → dense → logits [n, classes]
 *
 * The default shape for MNIST: 5×5 convolutions with 16 and 32 channels ('same' padding), one hidden
 * dense layer of 128 units; its 128 hidden activations are the "features" (the penultimate layer,
 * as Inception's pool3 features are for FID).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../random/rng.js';
import { deriveSeed, createRng } from '../random/rng.js';
import { Conv2d, type Conv2dCache } from './conv2d.js';
import { maxPool2d, maxPool2dBackward } from './max-pool.js';
import { Mlp, type MlpCache, type NamedWeights } from './mlp.js';

/** Shape of a {@link ConvClassifier}. */
export interface ConvClassifierShape {
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  /** Output channels of each convolution (each followed by relu and a 2×2 max-pool). */
  readonly convChannels: readonly number[];
  /** Side of every convolution kernel ('same' padding, stride 1). */
  readonly kernelSize: number;
  /** Widths of the hidden dense layers (relu); the last one's activations are the features. */
  readonly hidden: readonly number[];
  readonly classes: number;
}

/** The MNIST classifier of `tsgan classifier train`. */
export const MNIST_CLASSIFIER_SHAPE: ConvClassifierShape = {
  height: 28,
  width: 28,
  channels: 1,
  convChannels: [16, 32],
  kernelSize: 5,
  hidden: [128],
  classes: 10,
};

/** What a training forward pass keeps for the backward pass. */
export interface ConvClassifierCache {
  readonly convs: { conv: Conv2dCache; pooled: tf.Tensor4D }[];
  readonly flatShape: [number, number, number, number];
  readonly dense: MlpCache;
}

/** Parameter gradients, in the order of {@link ConvClassifier.parameters}. */
export type ConvClassifierGrads = tf.Tensor[];

export class ConvClassifier {
  readonly convs: readonly Conv2d[];
  readonly dense: Mlp;

  private constructor(readonly shape: ConvClassifierShape, convs: Conv2d[], dense: Mlp) {
    this.convs = convs;
    this.dense = dense;
  }

  /** A new classifier, each layer initialized like PyTorch's default from a stream derived from `rng`. */
  static create(shape: ConvClassifierShape, rng: Rng, name = 'classifier'): ConvClassifier {
    if (shape.hidden.length < 1) throw new RangeError('a classifier needs at least one hidden dense layer (its features)');
    const seed = Math.floor(rng.uniform() * 2 ** 32);
    let h = shape.height;
    let w = shape.width;
    let c = shape.channels;
    const convs: Conv2d[] = [];
    shape.convChannels.forEach((o, i) => {
      convs.push(Conv2d.create({ inChannels: c, outChannels: o, kernelSize: shape.kernelSize, padding: 'same', activation: 'relu' }, createRng(deriveSeed(seed, `conv${i}`)), `${name}/conv${i}`));
      c = o;
      h = Math.floor(h / 2);
      w = Math.floor(w / 2);
      if (h < 1 || w < 1) throw new RangeError(`${shape.convChannels.length} pooling layers shrink ${shape.height}×${shape.width} images to nothing`);
    });
    const dense = Mlp.create({ inputDim: h * w * c, hidden: shape.hidden, outputDim: shape.classes, activation: 'relu', outputActivation: 'linear' }, createRng(deriveSeed(seed, 'dense')), `${name}/dense`);
    return new ConvClassifier(shape, convs, dense);
  }

  /** Row-major images [n, h·w·c] as the network's input [n, h, w, c]. */
  private images(x: tf.Tensor2D): tf.Tensor4D {
    return tf.reshape(x, [x.shape[0], this.shape.height, this.shape.width, this.shape.channels]);
  }

  /** The flattened output of the convolution stack, [n, features in]. */
  private convFeatures(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      let a = this.images(x);
      for (const conv of this.convs) a = maxPool2d(conv.forward(a), 2);
      return tf.reshape(a, [a.shape[0], -1]) as tf.Tensor2D;
    });
  }

  /** Logits [n, classes] for row-major images x [n, h·w·c] (values in [−1, 1]). */
  logits(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => this.dense.forward(this.convFeatures(x)));
  }

  /** The features (last hidden layer, [n, hidden.at(−1)]) and the logits of images x, in one pass. */
  featuresAndLogits(x: tf.Tensor2D): { features: tf.Tensor2D; logits: tf.Tensor2D } {
    return tf.tidy(() => {
      const { output, cache } = this.dense.forwardWithCache(this.convFeatures(x));
      return { features: cache.layerOutputs[cache.layerOutputs.length - 2], logits: output };
    });
  }

  /** The logits and the cache {@link backward} needs (dispose both, e.g. in a `tf.tidy`). */
  forwardWithCache(x: tf.Tensor2D): { output: tf.Tensor2D; cache: ConvClassifierCache } {
    let a = this.images(x);
    const convs: ConvClassifierCache['convs'][number][] = [];
    for (const conv of this.convs) {
      const { output, cache } = conv.forwardWithCache(a);
      const pooled = maxPool2d(output, 2);
      convs.push({ conv: cache, pooled });
      a = pooled;
    }
    const flatShape = a.shape;
    const { output, cache } = this.dense.forwardWithCache(tf.reshape(a, [a.shape[0], -1]) as tf.Tensor2D);
    return { output, cache: { convs, flatShape, dense: cache } };
  }

  /** ∂L/∂θ for dLogits = ∂L/∂logits, in the order of {@link parameters} (new tensors). */
  backward(cache: ConvClassifierCache, dLogits: tf.Tensor2D): ConvClassifierGrads {
    const { grads: denseGrads, dInput } = this.dense.backward(cache.dense, dLogits, { weights: true, input: true });
    let d = tf.reshape(dInput!, cache.flatShape) as tf.Tensor4D;
    const convGrads: tf.Tensor[][] = [];
    for (let i = this.convs.length - 1; i >= 0; i--) {
      const c = cache.convs[i];
      const dConvOut = maxPool2dBackward(c.conv.output, c.pooled, d, 2);
      const { grads, dInput: dx } = this.convs[i].backward(c.conv, dConvOut, { weights: true, input: i > 0 });
      convGrads[i] = [grads!.w, grads!.b];
      if (dx !== undefined) d = dx;
    }
    return [...convGrads.flat(), ...Mlp.flatGradients(denseGrads!)];
  }

  /** Every trainable variable, named `conv0/w`, `conv0/b`, …, `dense0/w`, …. */
  parameters(): { name: string; variable: tf.Variable }[] {
    return [...this.convs.flatMap((c, i) => c.parameters(`conv${i}`)), ...this.dense.parameters()];
  }

  parameterCount(): number {
    return this.convs.reduce((s, c) => s + c.parameterCount(), 0) + this.dense.parameterCount();
  }

  /** A copy of every weight, named as in {@link parameters}. */
  getWeights(): NamedWeights[] {
    return [...this.convs.flatMap((c, i) => c.getWeights(`conv${i}`)), ...this.dense.getWeights()];
  }

  /** Replaces every weight; names and shapes must match {@link getWeights}'s exactly. */
  setWeights(weights: readonly NamedWeights[]): void {
    const expected = this.parameters().length;
    if (weights.length !== expected) throw new Error(`weights hold ${weights.length} tensors, the classifier has ${expected}`);
    this.convs.forEach((c, i) => c.setWeights(weights, `conv${i}`));
    this.dense.setWeights(weights.filter((w) => w.name.startsWith('dense')));
  }

  dispose(): void {
    for (const c of this.convs) c.dispose();
    this.dense.dispose();
  }
}
