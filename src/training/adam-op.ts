/**
 * One Adam update of one parameter (PyTorch's rule, see optimizers.ts), as one fused kernel when the
 * host registered it (../ops/fused-kernels.ts), else TF.js ops ({@link adamUpdateReference}). Both do
 * the same float32 operations in the same order. {@link adamUpdates} does a player's parameters at once
 * (one kernel call for all where the host registered FUSED_KERNELS.adamMany: the same values).
 */
import * as tf from '@tensorflow/tfjs-core';
import { FUSED_KERNELS, fusedKernelUsable, runFusedKernel, type AdamKernelAttrs } from '../ops/fused-kernels.js';

/** The new parameter and moments (new tensors, owned by the caller). */
export interface AdamResult {
  readonly p: tf.Tensor;
  readonly m: tf.Tensor;
  readonly v: tf.Tensor;
}

/**
 * m1 = m·β1 + g·(1 − β1);  v1 = v·β2 + g²·(1 − β2);  p1 = p − (m1 / (√v1 / s + ε))·step
 * with s = √(1 − β2^t) and step = lr / (1 − β1^t) given in `a` (computed in float64 by the caller).
 */
export function adamUpdateReference(p: tf.Tensor, m: tf.Tensor, v: tf.Tensor, g: tf.Tensor, a: AdamKernelAttrs): AdamResult {
  return tf.tidy(() => {
    const m1 = tf.add(tf.mul(m, a.beta1), tf.mul(g, a.oneMinusBeta1));
    const v1 = tf.add(tf.mul(v, a.beta2), tf.mul(tf.square(g), a.oneMinusBeta2));
    const denom = tf.add(tf.div(tf.sqrt(v1), a.sqrtBiasCorrection2), a.epsilon);
    return { p: tf.sub(p, tf.mul(tf.div(m1, denom), a.stepSize)), m: m1, v: v1 };
  });
}

/** {@link adamUpdateReference}, fused where possible. */
export function adamUpdate(p: tf.Tensor, m: tf.Tensor, v: tf.Tensor, g: tf.Tensor, a: AdamKernelAttrs): AdamResult {
  const sameShape = [m, v, g].every((t) => t.size === p.size && t.dtype === 'float32') && p.dtype === 'float32';
  if (sameShape && fusedKernelUsable(FUSED_KERNELS.adam)) {
    const [p1, m1, v1] = runFusedKernel<tf.Tensor[]>(FUSED_KERNELS.adam, { p, m, v, g }, a);
    return { p: p1, m: m1, v: v1 };
  }
  return adamUpdateReference(p, m, v, g, a);
}

/** One parameter's tensors for {@link adamUpdates}: the parameter, its two moments and its gradient. */
export interface AdamGroup {
  readonly p: tf.Tensor;
  readonly m: tf.Tensor;
  readonly v: tf.Tensor;
  readonly g: tf.Tensor;
}

/** {@link adamUpdate} of every group with the same scalars, in one kernel call where possible. */
export function adamUpdates(groups: readonly AdamGroup[], a: AdamKernelAttrs): AdamResult[] {
  const fusable = groups.every(({ p, m, v, g }) => [p, m, v, g].every((t) => t.dtype === 'float32' && t.size === p.size));
  if (groups.length > 1 && fusable && fusedKernelUsable(FUSED_KERNELS.adamMany)) {
    const inputs: Record<string, tf.Tensor> = {};
    groups.forEach((t, i) => {
      inputs[`p${i}`] = t.p;
      inputs[`m${i}`] = t.m;
      inputs[`v${i}`] = t.v;
      inputs[`g${i}`] = t.g;
    });
    const out = runFusedKernel<tf.Tensor[]>(FUSED_KERNELS.adamMany, inputs, a);
    return groups.map((_, i) => ({ p: out[3 * i], m: out[3 * i + 1], v: out[3 * i + 2] }));
  }
  return groups.map(({ p, m, v, g }) => adamUpdate(p, m, v, g, a));
}
