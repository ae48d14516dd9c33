/**
 * The DCGAN discriminator (Radford, Metz & Chintala 2016, §3), with a hand-written backward:
 *
 *   rows [n, h·w·channels (+ classes: a one-hot label)] → [h, w, channels (+ classes)] → conv k×k stride 2 (leakyRelu 0.2) → [h/2, w/2, C₀]
 *     → … → conv stride 2 (leakyRelu 0.2) → [h/2^L, w/2^L, C_{L−1}] → flatten → dense → 1 logit
 *
 * ('same' padding, the layers of ./conv2d.ts). Deviation: the paper also puts batch norm in D (not on
 * its first layer); it is left out here, so that D's output for a sample does not depend on the rest of
 * its batch (D sees real and fake samples in one batch, and a critic's gradient penalty needs
 * per-sample gradients). Weights ~ N(0, 0.02²), biases 0.
 * Parameters: `conv<i>/w`, `conv<i>/b`, `dense0/w`, `dense0/b`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { channelSums } from './channel-sums.js';
import type { Rng } from '../random/rng.js';
import { activationDerivative } from './activations.js';
import { Conv2d, type Conv2dCache } from './conv2d.js';
import { conv2dFilterGradient } from './conv2d-gradients.js';
import { transposedConv2d } from './dcgan-transposed-conv.js';
import { checkDcganShape, dcganInitialWeights, type DcganShape } from './dcgan-shape.js';
import { Mlp, type MlpCache, type NamedWeights } from './mlp.js';
import type { Network } from './network.js';

/** What a training pass keeps for the backward pass. */
export interface DcganDiscriminatorCache {
  readonly convs: Conv2dCache[];
  readonly dense: MlpCache;
}

export class DcganDiscriminator implements Network {
  readonly convs: readonly Conv2d[];
  readonly dense: Mlp;

  private constructor(readonly shape: DcganShape, convs: Conv2d[], dense: Mlp) {
    this.convs = convs;
    this.dense = dense;
  }

  /** A new discriminator, weights ~ N(0, 0.02²) from `rng`. */
  static create(shape: DcganShape, rng: Rng, name = 'discriminator'): DcganDiscriminator {
    const stages = shape.discriminatorChannels.length;
    if (stages < 1) throw new RangeError('a DCGAN discriminator needs at least one channel width');
    checkDcganShape(shape, stages);
    const k = shape.kernelSize;
    let c = shape.channels + (shape.classes ?? 0);
    const convs = shape.discriminatorChannels.map((o, i) => {
      const conv = Conv2d.create({ inChannels: c, outChannels: o, kernelSize: k, stride: 2, padding: 'same', activation: 'leakyRelu' }, rng, `${name}/conv${i}`);
      const w = dcganInitialWeights(rng, k * k * c * o);
      tf.tidy(() => {
        conv.w.assign(tf.tensor4d(w, [k, k, c, o]));
        conv.b.assign(tf.zeros([o]));
      });
      c = o;
      return conv;
    });
    const f = 2 ** stages;
    const features = (shape.height / f) * (shape.width / f) * c;
    const dense = Mlp.create({ inputDim: features, hidden: [], outputDim: 1, activation: 'linear', outputActivation: 'linear' }, rng, `${name}/dense`);
    const l = dense.layers[0];
    tf.tidy(() => {
      l.w.assign(tf.tensor2d(dcganInitialWeights(rng, features), [features, 1]));
      l.b.assign(tf.zeros([1]));
    });
    return new DcganDiscriminator(shape, convs, dense);
  }

  /** Rows as D's input images; a conditional D's one-hot labels (the rows' last `classes` values) become constant channels. */
  private images(x: tf.Tensor2D): tf.Tensor4D {
    const { height: h, width: w, channels: c, classes: k = 0 } = this.shape;
    const n = x.shape[0];
    if (k === 0) return tf.reshape(x, [n, h, w, c]);
    return tf.tidy(() => {
      const image = tf.reshape(tf.slice(x, [0, 0], [n, h * w * c]), [n, h, w, c]);
      const labels = tf.tile(tf.reshape(tf.slice(x, [0, h * w * c], [n, k]), [n, 1, 1, k]), [1, h, w, 1]);
      return tf.concat([image, labels], 3) as tf.Tensor4D;
    });
  }

  /** ∂L/∂rows from ∂L/∂(input images): a label's gradient is the sum over its constant channel. */
  inputRowGradient(d: tf.Tensor4D): tf.Tensor2D {
    const { channels: c, classes: k = 0 } = this.shape;
    const n = d.shape[0];
    if (k === 0) return tf.reshape(d, [n, -1]);
    return tf.tidy(() => {
      const [image, labels] = tf.split(d, [c, k], 3);
      return tf.concat([tf.reshape(image, [n, -1]), tf.sum(labels, [1, 2])], 1) as tf.Tensor2D;
    });
  }

  /** Logits [n, 1] for images as rows x [n, h·w·channels]. */
  forward(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      let a = this.images(x);
      for (const conv of this.convs) a = conv.forward(a);
      return this.dense.forward(tf.reshape(a, [a.shape[0], -1]));
    });
  }

  /** The logits and the cache {@link backward} needs (the caller owns both). */
  forwardWithCache(x: tf.Tensor2D): { output: tf.Tensor2D; cache: DcganDiscriminatorCache } {
    let a = this.images(x);
    const convs: Conv2dCache[] = [];
    for (const conv of this.convs) {
      const { output, cache } = conv.forwardWithCache(a);
      convs.push(cache);
      a = output;
    }
    const { output, cache } = this.dense.forwardWithCache(tf.reshape(a, [a.shape[0], -1]));
    return { output, cache: { convs, dense: cache } };
  }

  /** The adjoint of {@link inputRowGradient}: rows [n, inputs] as input images (a label's value repeated over its channel). */
  inputImageGradient(rows: tf.Tensor2D): tf.Tensor4D {
    return this.images(rows);
  }

  /**
   * Backpropagation of ∂L/∂logits [n, 1]: gradients in the order of {@link parameters} when `weights`
   * is true, ∂L/∂x [n, h·w·channels] when `input` is true (new tensors).
   */
  backward(cache: DcganDiscriminatorCache, dOutput: tf.Tensor2D, want: { weights: boolean; input: boolean }): { grads?: tf.Tensor[]; dInput?: tf.Tensor2D } {
    const { grads: denseGrads, dInput: dFlat } = this.dense.backward(cache.dense, dOutput, { weights: want.weights, input: true });
    const last = cache.convs[cache.convs.length - 1].output;
    let d = tf.reshape(dFlat!, last.shape) as tf.Tensor4D;
    const convGrads: tf.Tensor[][] = [];
    const k = this.shape.kernelSize;
    for (let i = this.convs.length - 1; i >= 0; i--) {
      // Conv2d.backward's steps, with ∂L/∂x as a sub-pixel transposed convolution (the input is exactly
      // twice the output's size here), several times faster than its dilated form.
      const conv = this.convs[i];
      const c = cache.convs[i];
      const delta: tf.Tensor4D = tf.mul(d, activationDerivative(c.output, conv.activation));
      if (want.weights) convGrads[i] = [conv2dFilterGradient(c.input, delta, [k, k], 2, 'same'), channelSums(delta)];
      if (i > 0 || want.input) d = transposedConv2d(delta, conv.w, 2);
    }
    return {
      grads: want.weights ? [...convGrads.flat(), ...Mlp.flatGradients(denseGrads!)] : undefined,
      dInput: want.input ? this.inputRowGradient(d) : undefined,
    };
  }

  parameters(): { name: string; variable: tf.Variable }[] {
    return [...this.convs.flatMap((c, i) => c.parameters(`conv${i}`)), ...this.dense.parameters()];
  }

  getWeights(): NamedWeights[] {
    return [...this.convs.flatMap((c, i) => c.getWeights(`conv${i}`)), ...this.dense.getWeights()];
  }

  setWeights(weights: readonly NamedWeights[]): void {
    const expected = this.parameters().length;
    if (weights.length !== expected) throw new Error(`weights hold ${weights.length} tensors, the DCGAN discriminator has ${expected}`);
    this.convs.forEach((c, i) => c.setWeights(weights, `conv${i}`));
    this.dense.setWeights(weights.filter((w) => w.name.startsWith('dense')));
  }

  /** Number of trainable scalars. */
  parameterCount(): number {
    return this.parameters().reduce((s, p) => s + p.variable.size, 0);
  }

  dispose(): void {
    for (const c of this.convs) c.dispose();
    this.dense.dispose();
  }
}
