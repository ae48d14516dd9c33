/**
 * The steps of the MLP's training passes besides matrix products, in either batch layout (see
 * batch-layout.ts). Each is one fused kernel when the host registered it (see
 * ../ops/fused-kernels.ts), else TF.js ops (the `…Reference` functions, which the kernels match bit
 * for bit).
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  BIAS_ACTIVATION_ACTIVATIONS,
  DENSE_DELTA_ACTIVATIONS,
  FUSED_KERNELS,
  fusedKernelUsable,
  runFusedKernel,
  transposedProductsFast,
  type BiasActivationActivation,
  type DenseDeltaActivation,
  type MatMulKernelAttrs,
} from '../ops/fused-kernels.js';
import { type ActivationName, activationDerivative, applyActivation, LEAKY_RELU_ALPHA } from './activations.js';
import type { BatchLayout } from './batch-layout.js';

/** xᵀ for a 2-D x (a new tensor). */
export function transpose2d(x: tf.Tensor2D): tf.Tensor2D {
  if (x.dtype === 'float32' && fusedKernelUsable(FUSED_KERNELS.transpose2d)) return runFusedKernel<tf.Tensor2D>(FUSED_KERNELS.transpose2d, { x });
  return tf.transpose(x);
}

// Defined beside the kernels it asks about (a fact about the host's registrations, which batch-layout.ts
// needs too); exported from here, with the products it decides between, as before.
export { transposedProductsFast };

/** op(a)·op(b) for 2-D float32 a, b (op = transpose where asked), in one kernel: only when {@link transposedProductsFast}. */
export function transposedProduct(a: tf.Tensor2D, b: tf.Tensor2D, transposeA: boolean, transposeB: boolean): tf.Tensor2D {
  const attrs: MatMulKernelAttrs = { transposeA, transposeB };
  return runFusedKernel<tf.Tensor2D>(FUSED_KERNELS.matMul, { a, b }, attrs);
}

/** {@link biasActivation} with TF.js ops only. */
export function biasActivationReference(z: tf.Tensor2D, b: tf.Tensor1D, act: ActivationName): tf.Tensor2D {
  return tf.tidy(() => applyActivation(tf.add(z, tf.reshape(b, [b.size, 1])) as tf.Tensor2D, act));
}

const BIAS_KERNEL_ACTIVATIONS: ReadonlySet<string> = new Set(BIAS_ACTIVATION_ACTIVATIONS);

/** y = act(z + b) for a feature-major z of shape [units, n] and b of shape [units] (added to every column). */
export function biasActivation(z: tf.Tensor2D, b: tf.Tensor1D, act: ActivationName): tf.Tensor2D {
  if (z.dtype !== 'float32' || b.dtype !== 'float32' || !fusedKernelUsable(FUSED_KERNELS.biasActivation)) return biasActivationReference(z, b, act);
  const kernelAct = (BIAS_KERNEL_ACTIVATIONS.has(act) ? act : 'linear') as BiasActivationActivation;
  const y = runFusedKernel<tf.Tensor2D>(FUSED_KERNELS.biasActivation, { z, b }, { activation: kernelAct, alpha: LEAKY_RELU_ALPHA });
  if (kernelAct === act) return y;
  const out = applyActivation(y, act);
  y.dispose();
  return out;
}

/** δ and the bias gradient of a dense layer, see {@link denseDelta}. */
export interface DenseDelta {
  readonly delta: tf.Tensor2D;
  readonly biasGrad: tf.Tensor1D;
}

/** {@link denseDelta} with TF.js ops only. */
export function denseDeltaReference(dy: tf.Tensor2D, y: tf.Tensor2D, act: ActivationName, layout: BatchLayout): DenseDelta {
  return tf.tidy(() => {
    const delta: tf.Tensor2D = act === 'linear' ? dy.clone() : tf.mul(dy, activationDerivative(y, act));
    return { delta, biasGrad: tf.sum(delta, layout === 'batch-major' ? 0 : 1) as tf.Tensor1D };
  });
}

const DELTA_KERNEL_ACTIVATIONS: ReadonlySet<string> = new Set(DENSE_DELTA_ACTIVATIONS);

/**
 * For a dense layer y = act(z) (z = a·W + b) and dy = ∂L/∂y, both batches in `layout`:
 * δ = ∂L/∂z = dy ⊙ act'(y) (act' written through y, see activations.ts) and ∂L/∂b = δ summed over the
 * batch. New tensors, owned by the caller.
 */
export function denseDelta(dy: tf.Tensor2D, y: tf.Tensor2D, act: ActivationName, layout: BatchLayout): DenseDelta {
  if (DELTA_KERNEL_ACTIVATIONS.has(act) && dy.dtype === 'float32' && y.dtype === 'float32' && fusedKernelUsable(FUSED_KERNELS.denseDelta)) {
    const [delta, biasGrad] = runFusedKernel<tf.Tensor[]>(FUSED_KERNELS.denseDelta, { dy, y }, { activation: act as DenseDeltaActivation, alpha: LEAKY_RELU_ALPHA, layout });
    return { delta: delta as tf.Tensor2D, biasGrad: biasGrad as tf.Tensor1D };
  }
  return denseDeltaReference(dy, y, act, layout);
}
