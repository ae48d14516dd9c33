/**
 * The DCGAN discriminator (Radford, Metz & Chintala 2016, §3), with a hand-written backward:
 *
 *   rows [n, h·w·channels (+ classes: a one-hot label)] → [h, w, channels (+ classes)] → conv k×k stride 2 (leakyRelu 0.2) → [h/2, w/2, C₀]
 *     → … → conv stride 2 (leakyRelu 0.2) → [h/2^L, w/2^L, C_{L−1}] → flatten → dense → 1 logit
 *
 * ('same' padding, the layers of ./conv2d.ts). A conditional D's label channels are constant planes:
 * its first convolution computes their part without materializing them (./dcgan-label-channels.ts),
 * with the same numbers up to float rounding. Deviation: the paper also puts batch norm in D (not on
 * its first layer); it is left out here, so that D's output for a sample does not depend on the rest of
 * its batch (D sees real and fake samples in one batch, and a critic's gradient penalty needs
 * per-sample gradients). Weights ~ N(0, 0.02²), biases 0.
 * Parameters: `conv<i>/w`, `conv<i>/b`, `dense0/w`, `dense0/b`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { channelSums } from './channel-sums.js';
import type { Rng } from '../random/rng.js';
import { activationDerivative, applyActivation } from './activations.js';
import { Conv2d, type Conv2dCache } from './conv2d.js';
import { conv2dFilterGradient } from './conv2d-gradients.js';
import { transposedConv2d } from './dcgan-transposed-conv.js';
import { checkDcganShape, dcganInitialWeights, type DcganShape } from './dcgan-shape.js';
import { labelFilterGradient, labelInputGradient, labelMaps, labelResponse, splitFilter, type LabelGeometry } from './dcgan-label-channels.js';
import { Mlp, type NamedWeights } from './mlp.js';
import type { Network, NetworkCapabilities } from './network.js';
import { dcganInputGradient, dcganInputGradientParamGrads, type DcganInputGradient } from './dcgan-input-gradient.js';
import { DcganSpectralNorm } from './dcgan-spectral-norm.js';
import type { DcganCriticLayers, DcganDiscriminatorCache } from './dcgan-critic-layers.js';

/**
 * Points of each kind for a convolutional critic's Lipschitz estimate (./lipschitz.ts): 8, whose cost is
 * within the step-to-step noise of a ~300 ms DCGAN step (batch 64, one wasm thread); 16 cost ~40 ms (~14 %).
 */
export const CONV_LIPSCHITZ_POINTS = 8;

/** Rows per forward pass of a DCGAN network when drawing many samples (keeps each batch's activations small). */
export const DCGAN_SAMPLE_CHUNK = 256;

export type { DcganCriticLayers, DcganDiscriminatorCache } from './dcgan-critic-layers.js';

export class DcganDiscriminator implements Network, DcganCriticLayers {
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

  /** The image part of rows x [n, h·w·channels (+ classes)] as [n, h, w, channels]. */
  private image(x: tf.Tensor2D): tf.Tensor4D {
    const { height: h, width: w, channels: c, classes: k = 0 } = this.shape;
    const n = x.shape[0];
    return k === 0 ? tf.reshape(x, [n, h, w, c]) : tf.reshape(tf.slice(x, [0, 0], [n, h * w * c]), [n, h, w, c]);
  }

  /** A conditional D's labels [n, classes] (the rows' last `classes` values); undefined otherwise. */
  private labelsOf(x: tf.Tensor2D): tf.Tensor2D | undefined {
    const { height: h, width: w, channels: c, classes: k = 0 } = this.shape;
    return k === 0 ? undefined : tf.slice(x, [0, h * w * c], [x.shape[0], k]);
  }

  /** The label maps M [classes, h/2, w/2, C₀] of the current first filter (./dcgan-label-channels.ts). */
  private currentLabelMaps(): tf.Tensor4D {
    return tf.tidy(() => labelMaps(splitFilter(this.convs[0].w, this.shape.channels)[1], this.labelGeometry()));
  }

  /** The first convolution's geometry, for ./dcgan-label-channels.ts. */
  private labelGeometry(): LabelGeometry {
    const { stride, padding } = this.convs[0];
    return { height: this.shape.height, width: this.shape.width, stride, padding };
  }

  /** conv([image, label planes], W₀) without bias or activation; `maps` = {@link currentLabelMaps} when there are labels. */
  private convolveFirst(image: tf.Tensor4D, labels: tf.Tensor2D | undefined, maps: tf.Tensor4D | undefined): tf.Tensor4D {
    const conv = this.convs[0];
    if (labels === undefined) return tf.conv2d(image, conv.w, conv.stride, conv.padding);
    return tf.tidy(() => tf.add(tf.conv2d(image, splitFilter(conv.w, this.shape.channels)[0], conv.stride, conv.padding), labelResponse(labels, maps!)) as tf.Tensor4D);
  }

  /** ∂/∂W₀ of Σ delta ⊙ conv([image, label planes], W₀), [k, k, channels (+ classes), C₀]. */
  private firstFilterGradientOf(image: tf.Tensor4D, labels: tf.Tensor2D | undefined, delta: tf.Tensor4D): tf.Tensor4D {
    const conv = this.convs[0];
    const k = this.shape.kernelSize;
    if (labels === undefined) return conv2dFilterGradient(image, delta, [k, k], conv.stride, conv.padding);
    return tf.tidy(() => tf.concat([conv2dFilterGradient(image, delta, [k, k], conv.stride, conv.padding), labelFilterGradient(labels, delta, k, this.labelGeometry())], 2) as tf.Tensor4D);
  }

  /** The first convolution and its activation for rows x: the output and its cache (the caller owns all). */
  private first(x: tf.Tensor2D): { output: tf.Tensor4D; cache: Conv2dCache; labels?: { labels: tf.Tensor2D; maps: tf.Tensor4D } } {
    const conv = this.convs[0];
    const input = this.image(x);
    const labels = this.labelsOf(x);
    if (labels === undefined) return conv.forwardWithCache(input);
    const maps = this.currentLabelMaps();
    const output = tf.tidy(() => applyActivation(tf.add(this.convolveFirst(input, labels, maps), conv.b) as tf.Tensor4D, conv.activation));
    return { output, cache: { input, output }, labels: { labels, maps } };
  }

  /**
   * The first convolution without bias or activation, conv([x, y-planes], W₀), for rows x (what the
   * critic's double backpropagation needs, ./dcgan-input-gradient.ts).
   */
  firstConvolution(x: tf.Tensor2D): tf.Tensor4D {
    return tf.tidy(() => {
      const labels = this.labelsOf(x);
      return this.convolveFirst(this.image(x), labels, labels === undefined ? undefined : this.currentLabelMaps());
    });
  }

  /** ∂/∂W₀ of Σ delta ⊙ {@link firstConvolution}(x), [k, k, channels (+ classes), C₀]. */
  firstFilterGradient(x: tf.Tensor2D, delta: tf.Tensor4D): tf.Tensor4D {
    return tf.tidy(() => this.firstFilterGradientOf(this.image(x), this.labelsOf(x), delta));
  }

  /**
   * ∂L/∂rows [n, inputs] from ∂L/∂(first convolution's pre-activation) `delta` (the adjoint of
   * {@link firstConvolution}); `maps`: the label maps of a forward pass with the current weights, if at hand.
   */
  firstInputGradient(delta: tf.Tensor4D, maps?: tf.Tensor4D): tf.Tensor2D {
    const conv = this.convs[0];
    const n = delta.shape[0];
    return tf.tidy(() => {
      if ((this.shape.classes ?? 0) === 0) return tf.reshape(transposedConv2d(delta, conv.w, 2), [n, -1]);
      const image = tf.reshape(transposedConv2d(delta, splitFilter(conv.w, this.shape.channels)[0], 2), [n, -1]);
      return tf.concat([image, labelInputGradient(delta, maps ?? this.currentLabelMaps())], 1) as tf.Tensor2D;
    });
  }

  /** Logits [n, 1] for images as rows x [n, h·w·channels (+ classes)]. */
  forward(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      let a = this.first(x).output;
      for (const conv of this.convs.slice(1)) a = conv.forward(a);
      return this.dense.forward(tf.reshape(a, [a.shape[0], -1]));
    });
  }

  /** The logits and the cache {@link backward} needs (the caller owns both). */
  forwardWithCache(x: tf.Tensor2D): { output: tf.Tensor2D; cache: DcganDiscriminatorCache } {
    const first = this.first(x);
    const convs: Conv2dCache[] = [first.cache];
    let a = first.output;
    for (const conv of this.convs.slice(1)) {
      const { output, cache } = conv.forwardWithCache(a);
      convs.push(cache);
      a = output;
    }
    const { output, cache } = this.dense.forwardWithCache(tf.reshape(a, [a.shape[0], -1]));
    return { output, cache: { convs, dense: cache, labels: first.labels } };
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
    let dInput: tf.Tensor2D | undefined;
    const k = this.shape.kernelSize;
    for (let i = this.convs.length - 1; i >= 0; i--) {
      // Conv2d.backward's steps, with ∂L/∂x as a sub-pixel transposed convolution (the input is exactly
      // twice the output's size here), several times faster than its dilated form.
      const conv = this.convs[i];
      const c = cache.convs[i];
      const delta: tf.Tensor4D = tf.mul(d, activationDerivative(c.output, conv.activation));
      if (want.weights) {
        const wGrad = i === 0 ? this.firstFilterGradientOf(c.input, cache.labels?.labels, delta) : conv2dFilterGradient(c.input, delta, [k, k], 2, 'same');
        convGrads[i] = [wGrad, channelSums(delta)];
      }
      if (i > 0) d = transposedConv2d(delta, conv.w, 2);
      else if (want.input) dInput = this.firstInputGradient(delta, cache.labels?.maps);
    }
    return {
      grads: want.weights ? [...convGrads.flat(), ...Mlp.flatGradients(denseGrads!)] : undefined,
      dInput,
    };
  }

  /** What a DCGAN critic can do (./network.ts): double backpropagation (./dcgan-input-gradient.ts) and spectral normalization (./dcgan-spectral-norm.ts). */
  get capabilities(): NetworkCapabilities {
    return {
      sampleChunk: DCGAN_SAMPLE_CHUNK,
      lipschitzPoints: CONV_LIPSCHITZ_POINTS,
      doubleBackprop: {
        inputGradient: (x) => dcganInputGradient(this, x),
        paramGrads: (ig, gBar) => dcganInputGradientParamGrads(this, ig as DcganInputGradient, gBar),
      },
      spectralNorm: (rng) => new DcganSpectralNorm(this, rng),
    };
  }

  /** The gradients of {@link backward}, already flat in the order of {@link parameters}. */
  flatGradients(grads: unknown): tf.Tensor[] {
    return grads as tf.Tensor[];
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
