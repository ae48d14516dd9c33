/**
 * Activation functions of tsgan's networks, each with its derivative written explicitly.
 *
 * The derivative is expressed through the activation's OUTPUT y = act(x), which is all the forward
 * pass keeps (it lets the forward pass use TF.js's fused matMul+bias+activation kernel):
 *   relu' = 1[y > 0];  leakyRelu' = 1 if y > 0 else α;  tanh' = 1 − y²;  sigmoid' = y(1 − y);
 *   softplus'(x) = sigmoid(x) = 1 − e^(−y);  elu'(x) = 1 if y > 0 else y + 1;  linear' = 1.
 */
import * as tf from '@tensorflow/tfjs-core';
import { FUSED_KERNELS, fusedKernelUsable, runFusedKernel, type MatMulActivation, type MatMulKernelAttrs } from '../ops/fused-kernels.js';

/** Names of the activations a network layer can use. */
export const ACTIVATIONS = ['relu', 'leakyRelu', 'tanh', 'sigmoid', 'softplus', 'elu', 'linear'] as const;
export type ActivationName = (typeof ACTIVATIONS)[number];

/** Slope of leakyRelu for negative inputs (the DCGAN / WGAN-GP value). */
export const LEAKY_RELU_ALPHA = 0.2;

type FusedName = 'linear' | 'relu' | 'leakyrelu' | 'sigmoid' | 'elu';
const FUSED: Partial<Record<ActivationName, FusedName>> = {
  linear: 'linear',
  relu: 'relu',
  leakyRelu: 'leakyrelu',
  sigmoid: 'sigmoid',
  elu: 'elu',
};

/** The activations tsgan's matMul kernel (../ops/fused-kernels.ts) applies itself. */
const KERNEL: Partial<Record<ActivationName, MatMulActivation>> = { ...FUSED, tanh: 'tanh' };

/** `act` as tsgan's matMul kernel names it, or undefined when the kernel does not apply it itself. */
export function matMulKernelActivation(act: ActivationName): MatMulActivation | undefined {
  return KERNEL[act];
}

/**
 * y = act(x·W + b) for a batch x of shape [n, in], W [in, out], b [out]: one kernel where the host
 * registered tsgan's matMul kernel (no gradient tape), else TF.js's fused kernel where it has one for
 * this activation, else matMul, add and the activation.
 */
export function denseForward(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D, act: ActivationName): tf.Tensor2D {
  const kernelAct = KERNEL[act];
  if (kernelAct !== undefined && x.dtype === 'float32' && fusedKernelUsable(FUSED_KERNELS.matMul)) {
    const attrs: MatMulKernelAttrs = { transposeA: false, transposeB: false, activation: kernelAct, alpha: LEAKY_RELU_ALPHA };
    return runFusedKernel<tf.Tensor2D>(FUSED_KERNELS.matMul, { a: x, b: w, bias: b }, attrs);
  }
  const fused = FUSED[act];
  if (fused !== undefined) {
    return tf.fused.matMul({ a: x, b: w, bias: b, activation: fused, leakyreluAlpha: LEAKY_RELU_ALPHA }) as tf.Tensor2D;
  }
  return tf.tidy(() => applyActivation(tf.add(tf.matMul(x, w), b) as tf.Tensor2D, act));
}

/** act(x), elementwise. */
export function applyActivation<T extends tf.Tensor>(x: T, act: ActivationName): T {
  switch (act) {
    case 'relu':
      return tf.relu(x);
    case 'leakyRelu':
      return tf.leakyRelu(x, LEAKY_RELU_ALPHA);
    case 'tanh':
      return tf.tanh(x);
    case 'sigmoid':
      return tf.sigmoid(x);
    case 'softplus':
      return tf.softplus(x);
    case 'elu':
      return tf.elu(x);
    case 'linear':
      return x.clone();
  }
}

/** act'(x) from y = act(x), elementwise (see the file comment for each formula). */
export function activationDerivative<T extends tf.Tensor>(y: T, act: ActivationName): T {
  return tf.tidy(() => {
    switch (act) {
      case 'relu':
        return tf.step(y, 0);
      case 'leakyRelu':
        return tf.step(y, LEAKY_RELU_ALPHA);
      case 'tanh':
        return tf.sub(1, tf.square(y));
      case 'sigmoid':
        return tf.mul(y, tf.sub(1, y));
      case 'softplus':
        return tf.sub(1, tf.exp(tf.neg(y)));
      case 'elu':
        return tf.where(tf.greater(y, 0), tf.onesLike(y), tf.add(y, 1));
      case 'linear':
        return tf.onesLike(y);
    }
  }) as T;
}
