/**
 * Native kernels that do many of tsgan's fused steps in one TF.js kernel call (src/ops/fused-kernels.ts):
 * a whole MLP's forward pass (TsganMlpForward), its backward pass (TsganMlpBackward) and all of a
 * player's Adam updates (TsganAdamMany). Each makes exactly the addon calls, in the same order and on
 * the same values, that the one-layer kernels (matmul-kernel.ts, fused-kernels.ts) make when called
 * layer by layer, so the results are the same bits; what goes is TF.js's cost per kernel call (engine
 * bookkeeping, tensor objects, scopes: ~4–6 µs each, a third of a small MLP's step — docs/speed.md).
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { FUSED_KERNELS, type AdamKernelAttrs, type MlpBackwardKernelAttrs, type MlpForwardKernelAttrs } from '../../../ops/fused-kernels.js';
import { NATIVE_ACTIVATIONS } from './addon.js';
import { DENSE_ACTIVATIONS } from './fused-kernels.js';
import { heapOffset, sizeOf, wasmHeap, type NativeKernel } from './heap.js';

const tensors = (inputs: tf.NamedTensorInfoMap): Record<string, tf.TensorInfo> => inputs as unknown as Record<string, tf.TensorInfo>;

/** inputs[`${prefix}${i}`] for i = 0 … count − 1 (a missing one is the caller's bug). */
function numbered(inputs: Record<string, tf.TensorInfo>, prefix: string, count: number): tf.TensorInfo[] {
  return Array.from({ length: count }, (_, i) => {
    const t = inputs[`${prefix}${i}`];
    if (t === undefined) throw new Error(`missing input ${prefix}${i}`);
    return t;
  });
}

/** matmul flags: bit 0 transA, bit 1 transB, bits 2–3 the bias kind (1: one value per column). */
const FLAGS = { plain: 0, transA: 1, transB: 2, perColumnBias: 1 << 2 } as const;

export const NATIVE_NETWORK_KERNELS: readonly NativeKernel[] = [
  {
    kernelName: FUSED_KERNELS.mlpForward,
    make: (addon) => ({ inputs, backend, attrs }) => {
      const b = backend as BackendWasm;
      const named = tensors(inputs);
      const { activations, alpha } = attrs as unknown as MlpForwardKernelAttrs;
      const layers = activations.length;
      const x = named.x;
      const ws = numbered(named, 'w', layers);
      const bs = numbered(named, 'b', layers);
      const n = x.shape[0];
      const outs = ws.map((w) => b.makeOutput([n, w.shape[1]], 'float32'));
      const heap = wasmHeap(b); // after every makeOutput (which may grow the heap)
      let a = x;
      for (let i = 0; i < layers; i++) {
        const [k, units] = ws[i].shape;
        if (n * units > 0) {
          addon.matmul(heap, heapOffset(b, a), heapOffset(b, ws[i]), heapOffset(b, outs[i]), heapOffset(b, bs[i]), n, units, k, FLAGS.perColumnBias, NATIVE_ACTIVATIONS[activations[i]], alpha);
        }
        a = outs[i];
      }
      return outs;
    },
  },
  {
    kernelName: FUSED_KERNELS.mlpBackward,
    make: (addon) => ({ inputs, backend, attrs }) => {
      const b = backend as BackendWasm;
      const named = tensors(inputs);
      const { activations, alpha, weights, input } = attrs as unknown as MlpBackwardKernelAttrs;
      const layers = activations.length;
      const as = numbered(named, 'a', layers + 1);
      const ws = numbered(named, 'w', layers);
      const n = named.dy.shape[0];
      // Outputs first, then the temporaries (δ of each layer, ∂L/∂a of each hidden layer), then the heap.
      const grads = weights ? ws.flatMap((w) => [b.makeOutput([...w.shape], 'float32'), b.makeOutput([w.shape[1]], 'float32')]) : [];
      const dInput = input ? b.makeOutput([n, ws[0].shape[0]], 'float32') : undefined;
      const deltas = ws.map((w) => b.makeOutput([n, w.shape[1]], 'float32'));
      const hidden = ws.slice(1).map((w) => b.makeOutput([n, w.shape[0]], 'float32')); // ∂L/∂a_i for i = 1 … L−1
      const biasScratch = weights ? undefined : ws.map((w) => b.makeOutput([w.shape[1]], 'float32'));
      const heap = wasmHeap(b);
      let dA = named.dy;
      for (let i = layers - 1; i >= 0; i--) {
        const [k, units] = ws[i].shape;
        const biasGrad = weights ? grads[2 * i + 1] : biasScratch![i];
        if (n * units > 0) {
          addon.denseDelta(heap, heapOffset(b, dA), heapOffset(b, as[i + 1]), heapOffset(b, deltas[i]), heapOffset(b, biasGrad), n, units, DENSE_ACTIVATIONS[activations[i]], alpha, 1);
        } else if (units > 0) {
          new Float32Array(heap, heapOffset(b, biasGrad), units).fill(0);
        }
        if (weights && k * units > 0) {
          // ∂L/∂W_i = a_iᵀ·δ_i (a k×units product over the batch; zeros for an empty batch)
          if (n > 0) addon.matmul(heap, heapOffset(b, as[i]), heapOffset(b, deltas[i]), heapOffset(b, grads[2 * i]), 0, k, units, n, FLAGS.transA, NATIVE_ACTIVATIONS.linear, 0);
          else new Float32Array(heap, heapOffset(b, grads[2 * i]), k * units).fill(0);
        }
        if (i > 0 || input) {
          const out = i > 0 ? hidden[i - 1] : dInput!;
          // ∂L/∂a_i = δ_i·W_iᵀ (an n×k product over the units; zeros when there are none)
          if (n * k > 0) {
            if (units > 0) addon.matmul(heap, heapOffset(b, deltas[i]), heapOffset(b, ws[i]), heapOffset(b, out), 0, n, k, units, FLAGS.transB, NATIVE_ACTIVATIONS.linear, 0);
            else new Float32Array(heap, heapOffset(b, out), n * k).fill(0);
          }
          dA = out;
        }
      }
      for (const t of [...deltas, ...hidden, ...(biasScratch ?? [])]) b.disposeData(t.dataId);
      return dInput === undefined ? grads : [...grads, dInput];
    },
  },
  {
    kernelName: FUSED_KERNELS.adamMany,
    make: (addon) => ({ inputs, backend, attrs }) => {
      const b = backend as BackendWasm;
      const named = tensors(inputs);
      const a = attrs as unknown as AdamKernelAttrs;
      const groups = Object.keys(named).length / 4;
      const [ps, ms, vs, gs] = ['p', 'm', 'v', 'g'].map((prefix) => numbered(named, prefix, groups));
      const outs = ps.flatMap((p) => [0, 1, 2].map(() => b.makeOutput([...p.shape], 'float32')));
      const heap = wasmHeap(b);
      for (let i = 0; i < groups; i++) {
        const n = sizeOf(ps[i].shape);
        if (n === 0) continue;
        const [p1, m1, v1] = outs.slice(3 * i, 3 * i + 3);
        addon.adam(heap, heapOffset(b, ps[i]), heapOffset(b, ms[i]), heapOffset(b, vs[i]), heapOffset(b, gs[i]), heapOffset(b, p1), heapOffset(b, m1), heapOffset(b, v1), n,
          a.beta1, a.oneMinusBeta1, a.beta2, a.oneMinusBeta2, a.sqrtBiasCorrection2, a.epsilon, a.stepSize);
      }
      return outs;
    },
  },
];
