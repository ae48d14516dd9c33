/**
 * A 2-D convolution layer (NHWC) with an explicit, hand-written backward pass:
 * y = act(conv2d(x, W, stride, padding) + b), W of shape [k, k, inChannels, outChannels].
 *
 * Forward is TF.js's fused conv2d (+ bias + activation); backward uses only forward convolutions
 * (./conv2d-gradients.ts), which are fast on the wasm backend where TF.js's conv gradient kernels
 * are slow or missing. Parameters are named like {@link Mlp}'s (`<prefix>/w`, `<prefix>/b`) so that
 * a model made of several layers stores them in one checkpoint.
 *
 * Second order: the backward pass is made of ordinary ops, but differentiating it again (a gradient
 * penalty through a conv critic) needs TF.js's gradient of conv2d with respect to its filter, i.e.
 * the `Conv2DBackpropFilter` kernel, which the wasm backend lacks; such a penalty needs its own
 * hand-written second-order pass (as the MLP's, ./input-gradient.ts) or the cpu backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import { channelSums } from './channel-sums.js';
import type { Rng } from '../random/rng.js';
import { type ActivationName, activationDerivative, applyActivation, LEAKY_RELU_ALPHA } from './activations.js';
import { conv2dFilterGradient, conv2dInputGradient, convAxisGeometry, type ConvPadding } from './conv2d-gradients.js';
import type { NamedWeights } from './mlp.js';
import { assignNamedVariables, copyNamedVariables } from './named-tensors.js';

/** Shape of a convolution layer. */
export interface Conv2dShape {
  readonly inChannels: number;
  readonly outChannels: number;
  /** Side k of the square kernel. */
  readonly kernelSize: number;
  /** Stride (default 1). */
  readonly stride?: number;
  /** TF's 'same' (output ⌈h/s⌉) or 'valid' (no padding); default 'same'. */
  readonly padding?: ConvPadding;
  /** Activation after the bias (default 'linear'). */
  readonly activation?: ActivationName;
}

/** What the forward pass keeps for the backward pass. */
export interface Conv2dCache {
  readonly input: tf.Tensor4D;
  readonly output: tf.Tensor4D;
}

/** Gradients of a convolution layer's parameters. */
export interface Conv2dGrads {
  readonly w: tf.Tensor4D;
  readonly b: tf.Tensor1D;
}

const FUSED: Partial<Record<ActivationName, 'linear' | 'relu' | 'leakyrelu' | 'sigmoid' | 'elu'>> = {
  linear: 'linear',
  relu: 'relu',
  leakyRelu: 'leakyrelu',
  sigmoid: 'sigmoid',
  elu: 'elu',
};

let instanceCounter = 0;

export class Conv2d {
  readonly w: tf.Variable<tf.Rank.R4>;
  readonly b: tf.Variable<tf.Rank.R1>;
  readonly stride: number;
  readonly padding: ConvPadding;
  readonly activation: ActivationName;

  private constructor(readonly shape: Conv2dShape, w: tf.Variable<tf.Rank.R4>, b: tf.Variable<tf.Rank.R1>) {
    this.w = w;
    this.b = b;
    this.stride = shape.stride ?? 1;
    this.padding = shape.padding ?? 'same';
    this.activation = shape.activation ?? 'linear';
  }

  /**
   * A new layer with PyTorch's default `nn.Conv2d` initialization: every weight and bias
   * ~ U(−1/√fan_in, 1/√fan_in), fan_in = k²·inChannels, drawn from `rng`.
   */
  static create(shape: Conv2dShape, rng: Rng, name: string): Conv2d {
    const { inChannels: c, outChannels: o, kernelSize: k } = shape;
    for (const v of [c, o, k, shape.stride ?? 1]) {
      if (!Number.isInteger(v) || v < 1) throw new RangeError(`convolution sizes must be positive integers, got in ${c}, out ${o}, kernel ${k}, stride ${shape.stride}`);
    }
    const bound = 1 / Math.sqrt(k * k * c);
    const id = `${name}#${instanceCounter++}`;
    const wInit = tf.tensor4d(rng.fillUniform(new Float32Array(k * k * c * o), -bound, bound), [k, k, c, o]);
    const bInit = tf.tensor1d(rng.fillUniform(new Float32Array(o), -bound, bound));
    const w = tf.variable(wInit, true, `${id}/w`);
    const b = tf.variable(bInit, true, `${id}/b`);
    wInit.dispose();
    bInit.dispose();
    return new Conv2d(shape, w, b);
  }

  /** Output shape [n, oh, ow, outChannels] for an input of shape [n, h, w, inChannels]. */
  outputShape(inputShape: readonly number[]): [number, number, number, number] {
    const k = this.shape.kernelSize;
    return [inputShape[0], convAxisGeometry(inputShape[1], k, this.stride, this.padding).out, convAxisGeometry(inputShape[2], k, this.stride, this.padding).out, this.shape.outChannels];
  }

  /** y = act(conv2d(x, W) + b) for x of shape [n, h, w, inChannels]. */
  forward(x: tf.Tensor4D): tf.Tensor4D {
    const fused = FUSED[this.activation];
    if (fused !== undefined) {
      return tf.fused.conv2d({ x, filter: this.w, strides: this.stride, pad: this.padding, bias: this.b, activation: fused, leakyreluAlpha: LEAKY_RELU_ALPHA });
    }
    return tf.tidy(() => applyActivation(tf.add(tf.conv2d(x, this.w, this.stride, this.padding), this.b) as tf.Tensor4D, this.activation));
  }

  /** The output and what {@link backward} needs; `cache.input` is the caller's x, `cache.output` the output. */
  forwardWithCache(x: tf.Tensor4D): { output: tf.Tensor4D; cache: Conv2dCache } {
    const output = this.forward(x);
    return { output, cache: { input: x, output } };
  }

  /**
   * Backpropagation of `dOutput` = ∂L/∂y through the layer: δ = dY ⊙ act'(y) (act' through y, see
   * activations.ts), ∂L/∂b = Σ_{n,i,j} δ, ∂L/∂W and ∂L/∂x from ./conv2d-gradients.ts. Returns the
   * parameter gradients when `weights` is true and ∂L/∂x when `input` is true (new tensors).
   */
  backward(cache: Conv2dCache, dOutput: tf.Tensor4D, want: { weights: boolean; input: boolean }): { grads?: Conv2dGrads; dInput?: tf.Tensor4D } {
    const delta: tf.Tensor4D = this.activation === 'linear' ? dOutput : tf.tidy(() => tf.mul(dOutput, activationDerivative(cache.output, this.activation)));
    const k = this.shape.kernelSize;
    const grads = want.weights
      ? { w: conv2dFilterGradient(cache.input, delta, [k, k], this.stride, this.padding), b: channelSums(delta) }
      : undefined;
    const dInput = want.input ? conv2dInputGradient(delta, this.w, cache.input.shape, this.stride, this.padding) : undefined;
    if (delta !== dOutput) delta.dispose();
    return { grads, dInput };
  }

  /** The trainable variables with names `<prefix>/w`, `<prefix>/b`. */
  parameters(prefix: string): { name: string; variable: tf.Variable }[] {
    return [
      { name: `${prefix}/w`, variable: this.w as tf.Variable },
      { name: `${prefix}/b`, variable: this.b as tf.Variable },
    ];
  }

  /** A copy of the weights named `<prefix>/w`, `<prefix>/b`. */
  getWeights(prefix: string): NamedWeights[] {
    return copyNamedVariables(this.parameters(prefix));
  }

  /** Replaces the weights from `<prefix>/w`, `<prefix>/b` in `weights` (other names are ignored); shapes must match. */
  setWeights(weights: readonly NamedWeights[], prefix: string): void {
    assignNamedVariables(this.parameters(prefix), weights);
  }

  /** Number of trainable scalars. */
  parameterCount(): number {
    return this.w.size + this.b.size;
  }

  dispose(): void {
    this.w.dispose();
    this.b.dispose();
  }
}
