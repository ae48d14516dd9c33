/**
 * Batch normalization (Ioffe & Szegedy 2015) over every axis but the last (the channels of an NHWC
 * tensor, the features of a [n, k] batch), with a hand-written backward pass.
 *
 * Training mode uses the batch's statistics; with N values per channel (n·h·w for images):
 *   μ = (1/N) Σ x,   σ² = (1/N) Σ (x − μ)²,   x̂ = (x − μ)/√(σ² + ε),   y = γ·x̂ + β,
 * and moves the running statistics (PyTorch's rule and defaults, momentum m = 0.1, ε = 1e-5):
 *   r_μ ← (1 − m)·r_μ + m·μ,   r_σ² ← (1 − m)·r_σ² + m·σ²·N/(N − 1)   (unbiased variance).
 * Evaluation mode (sampling) uses the running statistics: y = γ·(x − r_μ)/√(r_σ² + ε) + β, so one
 * sample's output does not depend on the others in its batch.
 * Backward (training mode), summing over the N values of a channel:
 *   ∂L/∂β = Σ dy,   ∂L/∂γ = Σ dy·x̂,   ∂L/∂x = γ/(N·√(σ² + ε)) · (N·dy − Σ dy − x̂·Σ dy·x̂).
 * The running statistics are not trainable; they are part of the saved weights (`<prefix>/runningMean`,
 * `<prefix>/runningVar`), so a checkpoint restores sampling exactly.
 * A ReLU after the norm (the DCGAN generator's) can be folded into both passes: forward returns
 * max(y, 0), backward takes that output and uses dy ⊙ 1[output > 0]. Where the fused kernels
 * TsganBatchNorm / TsganBatchNormGrad are registered (the native engine: float64 sums in fixed blocks of
 * rows, one pass per step) the training passes run them; the TF.js ops below are the reference.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { NamedWeights } from './mlp.js';
import { assignNamedVariables, copyNamedVariables } from './named-tensors.js';
import { channelSums } from './channel-sums.js';
import { FUSED_KERNELS, fusedKernelUsable, runFusedKernel, type BatchNormKernelAttrs } from '../ops/fused-kernels.js';

/** PyTorch's `BatchNorm2d` defaults. */
export const BATCH_NORM_MOMENTUM = 0.1;
export const BATCH_NORM_EPSILON = 1e-5;

/** What a training-mode forward pass keeps for the backward pass. */
export interface BatchNormCache {
  /** x̂, the normalized input (same shape as x). */
  readonly xHat: tf.Tensor;
  /** 1/√(σ² + ε) per channel. */
  readonly invStd: tf.Tensor1D;
}

/** Gradients of γ and β. */
export interface BatchNormGrads {
  readonly gamma: tf.Tensor1D;
  readonly beta: tf.Tensor1D;
}

let instanceCounter = 0;

export class BatchNorm {
  /** γ, initialized to 1. */
  readonly gamma: tf.Variable<tf.Rank.R1>;
  /** β, initialized to 0. */
  readonly beta: tf.Variable<tf.Rank.R1>;
  /** r_μ, initialized to 0 (not trainable). */
  readonly runningMean: tf.Variable<tf.Rank.R1>;
  /** r_σ², initialized to 1 (not trainable). */
  readonly runningVar: tf.Variable<tf.Rank.R1>;

  private constructor(readonly channels: number, name: string) {
    const id = `${name}#${instanceCounter++}`;
    const make = (init: tf.Tensor1D, key: string, trainable: boolean) => {
      const v = tf.variable(init, trainable, `${id}/${key}`);
      init.dispose();
      return v;
    };
    this.gamma = make(tf.ones([channels]), 'gamma', true);
    this.beta = make(tf.zeros([channels]), 'beta', true);
    this.runningMean = make(tf.zeros([channels]), 'runningMean', false);
    this.runningVar = make(tf.ones([channels]), 'runningVar', false);
  }

  /** A layer normalizing `channels` channels: γ = 1, β = 0, r_μ = 0, r_σ² = 1 (PyTorch's initialization). */
  static create(channels: number, name: string): BatchNorm {
    if (!Number.isInteger(channels) || channels < 1) throw new RangeError(`batch norm needs a positive whole number of channels, got ${channels}`);
    return new BatchNorm(channels, name);
  }

  /** Evaluation mode: y = γ·(x − r_μ)/√(r_σ² + ε) + β (a new tensor). */
  forward<T extends tf.Tensor>(x: T): T {
    return tf.tidy(() => {
      const scale = tf.mul(this.gamma, tf.rsqrt(tf.add(this.runningVar, BATCH_NORM_EPSILON)));
      return tf.add(tf.mul(tf.sub(x, this.runningMean), scale), this.beta) as T;
    });
  }

  /**
   * Training mode: y from the batch's statistics (max(y, 0) with `activation` 'relu'), and the cache
   * {@link backward} needs (the caller owns both). Moves the running statistics (see the file comment).
   * Needs N ≥ 2 values per channel.
   */
  forwardWithCache<T extends tf.Tensor>(x: T, activation: 'linear' | 'relu' = 'linear'): { output: T; cache: BatchNormCache } {
    const count = x.size / this.channels;
    if (count < 2) throw new RangeError(`batch norm in training mode needs at least 2 values per channel, got ${count}`);
    if (x.dtype === 'float32' && fusedKernelUsable(FUSED_KERNELS.batchNorm)) {
      const attrs: BatchNormKernelAttrs = { epsilon: BATCH_NORM_EPSILON, activation };
      const [output, xHat, mean, variance, invStd] = runFusedKernel<tf.Tensor[]>(FUSED_KERNELS.batchNorm, { x, gamma: this.gamma, beta: this.beta }, attrs);
      this.moveRunningStatistics(mean as tf.Tensor1D, variance as tf.Tensor1D, count);
      tf.dispose([mean, variance]);
      return { output: output as T, cache: { xHat, invStd: invStd as tf.Tensor1D } };
    }
    const { output, xHat, invStd } = tf.tidy(() => {
      const mean = tf.div(channelSums(x), count);
      const centered = tf.sub(x, mean);
      const variance = tf.div(channelSums(tf.square(centered)), count); // biased, as in the normalization
      const invStd = tf.rsqrt(tf.add(variance, BATCH_NORM_EPSILON)) as tf.Tensor1D;
      const xHat = tf.mul(centered, invStd);
      this.moveRunningStatistics(mean as tf.Tensor1D, variance as tf.Tensor1D, count);
      const y = tf.add(tf.mul(xHat, this.gamma), this.beta) as T;
      return { output: activation === 'relu' ? tf.relu(y) : y, xHat, invStd };
    });
    return { output, cache: { xHat, invStd } };
  }

  /** r_μ ← (1 − m)·r_μ + m·μ, r_σ² ← (1 − m)·r_σ² + m·σ²·N/(N − 1) (see the file comment). */
  private moveRunningStatistics(mean: tf.Tensor1D, variance: tf.Tensor1D, count: number): void {
    tf.tidy(() => {
      const m = BATCH_NORM_MOMENTUM;
      this.runningMean.assign(tf.add(tf.mul(this.runningMean, 1 - m), tf.mul(mean, m)));
      this.runningVar.assign(tf.add(tf.mul(this.runningVar, 1 - m), tf.mul(variance, (m * count) / (count - 1))));
    });
  }

  /**
   * Backpropagation of dOutput = ∂L/∂output through a training-mode pass (see the file comment): ∂L/∂γ
   * and ∂L/∂β when `weights` is true, ∂L/∂x when `input` is true (new tensors). `reluOutput`: the pass's
   * output when it ended in a ReLU (then dy = dOutput ⊙ 1[reluOutput > 0]).
   */
  backward<T extends tf.Tensor>(cache: BatchNormCache, dOutput: T, want: { weights: boolean; input: boolean }, reluOutput?: T): { grads?: BatchNormGrads; dInput?: T } {
    if (dOutput.dtype === 'float32' && fusedKernelUsable(FUSED_KERNELS.batchNormGrad)) {
      const inputs: Record<string, tf.Tensor> = { dy: dOutput, xHat: cache.xHat, gamma: this.gamma, invStd: cache.invStd, ...(reluOutput === undefined ? {} : { reluOutput }) };
      const [dx, gamma, beta] = runFusedKernel<tf.Tensor[]>(FUSED_KERNELS.batchNormGrad, inputs);
      if (!want.weights) tf.dispose([gamma, beta]);
      if (!want.input) dx.dispose();
      return { grads: want.weights ? { gamma: gamma as tf.Tensor1D, beta: beta as tf.Tensor1D } : undefined, dInput: want.input ? (dx as T) : undefined };
    }
    return tf.tidy(() => {
      // relu' = 1[y > 0], written through the output as in activations.ts
      const dy: T = reluOutput === undefined ? dOutput : tf.mul(dOutput, tf.step(reluOutput, 0));
      const count = dy.size / this.channels;
      const sumDy = channelSums(dy);
      const sumDyXHat = channelSums(tf.mul(dy, cache.xHat));
      const grads = want.weights ? { gamma: sumDyXHat, beta: sumDy } : undefined;
      let dInput: T | undefined;
      if (want.input) {
        const inner = tf.sub(tf.sub(tf.mul(dy, count), sumDy), tf.mul(cache.xHat, sumDyXHat));
        dInput = tf.mul(inner, tf.div(tf.mul(this.gamma, cache.invStd), count)) as T;
      }
      return { grads, dInput };
    });
  }

  /** The trainable variables, named `<prefix>/gamma`, `<prefix>/beta`. */
  parameters(prefix: string): { name: string; variable: tf.Variable }[] {
    return [
      { name: `${prefix}/gamma`, variable: this.gamma as tf.Variable },
      { name: `${prefix}/beta`, variable: this.beta as tf.Variable },
    ];
  }

  /** Every tensor of the layer: the parameters and the running statistics. */
  private tensors(prefix: string): { name: string; variable: tf.Variable }[] {
    return [
      ...this.parameters(prefix),
      { name: `${prefix}/runningMean`, variable: this.runningMean as tf.Variable },
      { name: `${prefix}/runningVar`, variable: this.runningVar as tf.Variable },
    ];
  }

  /** A copy of γ, β and the running statistics, named `<prefix>/gamma`, …, `<prefix>/runningVar`. */
  getWeights(prefix: string): NamedWeights[] {
    return copyNamedVariables(this.tensors(prefix));
  }

  /** Replaces the four tensors from `weights` (other names are ignored); shapes must match. */
  setWeights(weights: readonly NamedWeights[], prefix: string): void {
    assignNamedVariables(this.tensors(prefix), weights);
  }

  dispose(): void {
    for (const { variable } of this.tensors('')) variable.dispose();
  }
}
