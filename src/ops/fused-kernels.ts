/**
 * tsgan's fused kernels: single TF.js kernels for steps that the stock ops do in several passes over
 * memory (an Adam update; a dense layer's bias and activation, and their backward step with the bias
 * gradient, in the feature-major layout of src/models/mlp.ts) or slowly (a 2-D transpose, a global
 * gradient norm).
 *
 * The library never registers them (it does not pick a backend): a host may, for the backend it
 * chose (src/node/backend/wasm-kernels does for `wasm`). Each op that can use one (src/models/dense-ops.ts,
 * src/training/adam-op.ts, src/training/global-norm.ts) runs it when it is registered for the active
 * backend, and otherwise the same computation written with TF.js ops (its "reference"), which is also
 * what tests compare the kernel with. The kernels have no gradients: under a gradient tape (tf.grad,
 * tf.variableGrads) the ops always use their differentiable reference.
 */
import * as tf from '@tensorflow/tfjs-core';

/** Kernel names (TF.js kernel registry keys). */
export const FUSED_KERNELS = {
  /** inputs {p, m, v, g}; attrs {@link AdamKernelAttrs}; outputs [p1, m1, v1]. */
  adam: 'TsganAdam',
  /** inputs {0: t0, 1: t1, …} (any number, float32); output a scalar √(Σ_i Σ t_i²). */
  globalNorm: 'TsganGlobalNorm',
  /** inputs {x} (2-D float32); output xᵀ. */
  transpose2d: 'TsganTranspose2D',
  /** inputs {z, b} (z [units, n], b [units]); attrs {@link BiasActivationKernelAttrs}; output act(z + b[:, None]). */
  biasActivation: 'TsganBiasActivation',
  /** inputs {dy, y} (same 2-D shape); attrs {@link DenseDeltaKernelAttrs}; outputs [delta, biasGrad [units]]. */
  denseDelta: 'TsganDenseDelta',
  /**
   * inputs {a, b, bias?} (2-D float32, bias [n]); attrs {@link MatMulKernelAttrs}; output
   * act(op(a)·op(b) + bias). Registered only where a product with transposed operands runs as fast as a
   * plain one (the native engine), so that callers need no explicit transposes (and a dense layer is one
   * kernel call); elsewhere callers transpose and use TF.js's products.
   */
  matMul: 'TsganMatMul',
  /** inputs {average, live} (same shape, float32); attrs {@link AverageKernelAttrs}; output average·decay + live·oneMinusDecay. */
  average: 'TsganAverage',
  /** inputs {x, dy} (NHWC float32); attrs {@link Conv2dFilterGradKernelAttrs}; output ∂L/∂W [kh, kw, inChannels, outChannels]. */
  conv2dFilterGrad: 'TsganConv2DFilterGrad',
  /** inputs {dy, filter} (NHWC, filter [kh, kw, inChannels, outChannels]); attrs {@link Conv2dInputGradKernelAttrs}; output ∂L/∂x of `inputShape`. */
  conv2dInputGrad: 'TsganConv2DInputGrad',
  /** inputs {x} (float32, rank ≥ 1); output [channels]: Σ over every axis but the last. */
  channelSums: 'TsganChannelSums',
  /** inputs {x, gamma, beta} (x [..., channels]); attrs {@link BatchNormKernelAttrs}; outputs [y, xHat, mean, variance, invStd] (training mode). */
  batchNorm: 'TsganBatchNorm',
  /**
   * inputs {dy, xHat, gamma, invStd} and optionally {reluOutput} (dy is then multiplied by step(reluOutput) first);
   * outputs [dx, gammaGrad, betaGrad] (batch norm's training-mode backward pass).
   */
  batchNormGrad: 'TsganBatchNormGrad',
  /**
   * Many Adam updates in one call: inputs {p0, m0, v0, g0, p1, m1, …} (each group as for `adam`); attrs
   * {@link AdamKernelAttrs}; outputs [p0', m0', v0', p1', …]. Each group's values are exactly `adam`'s.
   */
  adamMany: 'TsganAdamMany',
  /**
   * A whole MLP's batch-major forward pass: inputs {x, w0, b0, w1, b1, …}; attrs {@link MlpForwardKernelAttrs};
   * outputs every layer's output [y1, …, yL], each exactly what `matMul` gives for that layer
   * (act(y_{i−1}·W_i + b_i), y0 = x). Saves a kernel call per layer.
   */
  mlpForward: 'TsganMlpForward',
  /**
   * A whole MLP's batch-major backward pass: inputs {dy, a0, …, aL, w0, …, w(L−1)} (a0 the input, a_{i+1}
   * layer i's output); attrs {@link MlpBackwardKernelAttrs}; outputs [∂W0, ∂b0, …] when `weights`, then
   * [∂a0] when `input`: each exactly what `denseDelta` and `matMul` give layer by layer.
   */
  mlpBackward: 'TsganMlpBackward',
} as const;

/** The activations the bias-activation kernel applies (others: the kernel with 'linear', then TF.js). */
export const BIAS_ACTIVATION_ACTIVATIONS = ['relu', 'leakyRelu', 'linear'] as const;
export type BiasActivationActivation = (typeof BIAS_ACTIVATION_ACTIVATIONS)[number];

/** The activations the dense-delta kernel handles (others use the reference ops). */
export const DENSE_DELTA_ACTIVATIONS = ['relu', 'leakyRelu', 'tanh', 'sigmoid', 'linear'] as const;
export type DenseDeltaActivation = (typeof DENSE_DELTA_ACTIVATIONS)[number];

/** Scalars of one Adam update, already combined as the reference uses them (all cast to float32). */
export interface AdamKernelAttrs {
  readonly beta1: number;
  readonly oneMinusBeta1: number;
  readonly beta2: number;
  readonly oneMinusBeta2: number;
  /** √(1 − β2^t). */
  readonly sqrtBiasCorrection2: number;
  readonly epsilon: number;
  /** lr / (1 − β1^t). */
  readonly stepSize: number;
}

export interface BiasActivationKernelAttrs {
  readonly activation: BiasActivationActivation;
  /** Slope of leakyRelu for x < 0. */
  readonly alpha: number;
}

export interface DenseDeltaKernelAttrs {
  readonly activation: DenseDeltaActivation;
  /** batch-major: [n, units], the bias gradient sums columns; feature-major: [units, n], it sums rows. */
  readonly layout: 'batch-major' | 'feature-major';
  /** Slope of leakyRelu for y ≤ 0. */
  readonly alpha: number;
}

/** The weights of one update of an exponential moving average, each already a float32 value. */
export interface AverageKernelAttrs {
  readonly decay: number;
  readonly oneMinusDecay: number;
}

/** Activations the matMul kernel applies after the bias (names as in TF.js's fused matMul, plus tanh). */
export const MATMUL_ACTIVATIONS = ['linear', 'relu', 'leakyrelu', 'sigmoid', 'elu', 'tanh'] as const;
export type MatMulActivation = (typeof MATMUL_ACTIVATIONS)[number];

export interface MatMulKernelAttrs {
  readonly transposeA: boolean;
  readonly transposeB: boolean;
  /** Default linear. */
  readonly activation?: MatMulActivation;
  /** Slope of leakyrelu for x < 0. */
  readonly alpha?: number;
}

export interface MlpForwardKernelAttrs {
  /** Each layer's activation, as the matMul kernel names it. */
  readonly activations: readonly MatMulActivation[];
  /** Slope of leakyrelu for x < 0. */
  readonly alpha: number;
}

export interface MlpBackwardKernelAttrs {
  /** Each layer's activation, as the dense-delta kernel names it. */
  readonly activations: readonly DenseDeltaActivation[];
  /** Slope of leakyRelu for y ≤ 0. */
  readonly alpha: number;
  /** Output the weight and bias gradients. */
  readonly weights: boolean;
  /** Output the input's gradient. */
  readonly input: boolean;
}

/** The convolution y = conv2d(x, W, stride, padding) (NHWC, TF's padding rule) whose filter gradient is wanted. */
export interface Conv2dFilterGradKernelAttrs {
  /** [kh, kw]. */
  readonly kernelSize: readonly [number, number];
  readonly stride: number;
  readonly padding: 'same' | 'valid';
}

/** The convolution y = conv2d(x, W, stride, padding) (NHWC, TF's padding rule) whose input gradient is wanted. */
export interface Conv2dInputGradKernelAttrs {
  /** x's shape [n, h, w, inChannels]. */
  readonly inputShape: readonly [number, number, number, number];
  readonly stride: number;
  readonly padding: 'same' | 'valid';
}

/** Batch normalization's training-mode forward pass (src/models/batch-norm.ts), with a ReLU after it or not. */
export interface BatchNormKernelAttrs {
  readonly epsilon: number;
  readonly activation: 'linear' | 'relu';
}

/** True while a gradient tape records (inside tf.grad, tf.variableGrads…): only differentiable ops then. */
export function gradientTapeActive(): boolean {
  return tf.engine().state.gradientDepth > 0;
}

/** True when `kernelName` is registered for the active backend and no gradient tape is recording. */
export function fusedKernelUsable(kernelName: string): boolean {
  return tf.getKernel(kernelName, tf.getBackend()) !== undefined && !gradientTapeActive();
}

/**
 * True when a product with transposed operands is one kernel as fast as a plain product (the host
 * registered FUSED_KERNELS.matMul, as the native engine does) and no gradient tape records: callers then
 * use `transposedProduct` (src/models/dense-ops.ts) instead of explicit transposes, and train in the
 * batch-major layout (src/models/batch-layout.ts).
 */
export function transposedProductsFast(): boolean {
  return fusedKernelUsable(FUSED_KERNELS.matMul);
}

/** Runs a registered fused kernel (see {@link fusedKernelUsable}). */
export function runFusedKernel<T extends tf.Tensor | tf.Tensor[]>(kernelName: string, inputs: Record<string, tf.Tensor>, attrs: object = {}): T {
  return tf.engine().runKernel(kernelName, inputs as tf.NamedTensorMap, attrs as tf.NamedAttrMap) as T;
}
