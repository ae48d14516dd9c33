/**
 * An MLP's batch-major training passes as one kernel call each, where the host registered the
 * whole-network kernels (FUSED_KERNELS.mlpForward / mlpBackward, ../ops/fused-kernels.ts; the native
 * engine does). They compute exactly what mlp.ts's layer-by-layer passes compute with the one-layer
 * kernels (same products, same order, same bits); they only save TF.js's cost per kernel call. Each
 * function returns undefined when the kernels cannot run these inputs (not registered, a gradient tape
 * recording, another dtype, an empty batch, an activation the kernels do not apply): the caller then
 * runs its layer-by-layer pass.
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  DENSE_DELTA_ACTIVATIONS,
  FUSED_KERNELS,
  fusedKernelUsable,
  runFusedKernel,
  type DenseDeltaActivation,
  type MatMulActivation,
  type MlpBackwardKernelAttrs,
  type MlpForwardKernelAttrs,
} from '../ops/fused-kernels.js';
import { type ActivationName, LEAKY_RELU_ALPHA, matMulKernelActivation } from './activations.js';
import type { DenseGrads, DenseParams } from './mlp-layers.js';

const DELTA_ACTIVATIONS: ReadonlySet<string> = new Set(DENSE_DELTA_ACTIVATIONS);

/** Every tensor float32 and the batch (rows of `x`) not empty. */
const runnable = (x: tf.Tensor2D, layers: readonly DenseParams[]): boolean => x.dtype === 'float32' && x.shape[0] > 0 && layers.every((l) => l.w.dtype === 'float32' && l.b.dtype === 'float32');

/** Every layer's output [y1, …, yL] for a batch x [n, inputDim] (new tensors), or undefined (see the file comment). */
export function fusedMlpForward(x: tf.Tensor2D, layers: readonly DenseParams[], activations: readonly ActivationName[]): tf.Tensor2D[] | undefined {
  if (!fusedKernelUsable(FUSED_KERNELS.mlpForward) || !runnable(x, layers)) return undefined;
  const kernelActs = activations.map(matMulKernelActivation);
  if (kernelActs.some((a) => a === undefined)) return undefined;
  const inputs: Record<string, tf.Tensor> = { x };
  layers.forEach((l, i) => {
    inputs[`w${i}`] = l.w;
    inputs[`b${i}`] = l.b;
  });
  const attrs: MlpForwardKernelAttrs = { activations: kernelActs as MatMulActivation[], alpha: LEAKY_RELU_ALPHA };
  return runFusedKernel<tf.Tensor2D[]>(FUSED_KERNELS.mlpForward, inputs, attrs);
}

/**
 * Backpropagation of dOutput = ∂L/∂output [n, outputDim] through the network whose batch-major forward
 * pass kept `outputs` (outputs[0] the input, outputs[i + 1] layer i's output): the weight and bias
 * gradients when `want.weights`, ∂L/∂input when `want.input` (new tensors), or undefined (see the file comment).
 */
export function fusedMlpBackward(
  outputs: readonly tf.Tensor2D[],
  layers: readonly DenseParams[],
  activations: readonly ActivationName[],
  dOutput: tf.Tensor2D,
  want: { weights: boolean; input: boolean },
): { grads?: DenseGrads[]; dInput?: tf.Tensor2D } | undefined {
  if (!fusedKernelUsable(FUSED_KERNELS.mlpBackward) || !runnable(dOutput, layers) || outputs.some((t) => t.dtype !== 'float32')) return undefined;
  if (!activations.every((a) => DELTA_ACTIVATIONS.has(a))) return undefined;
  if (!want.weights && !want.input) return {};
  const inputs: Record<string, tf.Tensor> = { dy: dOutput };
  outputs.forEach((t, i) => (inputs[`a${i}`] = t));
  layers.forEach((l, i) => (inputs[`w${i}`] = l.w));
  const attrs: MlpBackwardKernelAttrs = { activations: activations as DenseDeltaActivation[], alpha: LEAKY_RELU_ALPHA, weights: want.weights, input: want.input };
  const out = runFusedKernel<tf.Tensor[]>(FUSED_KERNELS.mlpBackward, inputs, attrs);
  const grads = want.weights ? layers.map((_, i) => ({ w: out[2 * i] as tf.Tensor2D, b: out[2 * i + 1] as tf.Tensor1D })) : undefined;
  return { grads, dInput: want.input ? (out[out.length - 1] as tf.Tensor2D) : undefined };
}
