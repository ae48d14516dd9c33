/**
 * The global L2 norm of a list of tensors (e.g. all of a player's gradients), as a scalar tensor:
 * one fused kernel (summing in float64) when the host registered it (../ops/fused-kernels.ts), else
 * TF.js ops in float32 ({@link globalNormReference}). The two agree to float32 rounding, not bit for bit.
 */
import * as tf from '@tensorflow/tfjs-core';
import { FUSED_KERNELS, fusedKernelUsable, runFusedKernel } from '../ops/fused-kernels.js';

/** √(Σ_i Σ t_i²) with TF.js ops. */
export function globalNormReference(ts: readonly tf.Tensor[]): tf.Scalar {
  return tf.tidy(() => tf.sqrt(tf.addN(ts.map((t) => tf.sum(tf.square(t))))) as tf.Scalar);
}

/** √(Σ_i Σ t_i²) (see the file comment). */
export function globalNorm(ts: readonly tf.Tensor[]): tf.Scalar {
  if (ts.length > 0 && ts.every((t) => t.dtype === 'float32') && fusedKernelUsable(FUSED_KERNELS.globalNorm)) {
    return runFusedKernel<tf.Scalar>(FUSED_KERNELS.globalNorm, Object.fromEntries(ts.map((t, i) => [String(i), t])));
  }
  return globalNormReference(ts);
}
