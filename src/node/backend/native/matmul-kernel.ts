/**
 * The native matrix products: TF.js's BatchMatMul and _FusedMatMul (bias + activation) on the wasm heap,
 * through the addon's matmul (native/cpu/gemm.h), in all four transpose layouts.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { NATIVE_ACTIVATIONS } from './addon.js';
import { heapOffset, sizeOf, wasmHeap, type NativeKernel } from './heap.js';

/** BatchMatMul and _FusedMatMul: rank ≥ 2, batch dims equal or one side's of size 1. */
function matMulKernel(kernelName: string, fused: boolean): NativeKernel {
  return {
    kernelName,
    make: (addon, fallback) => (args) => {
      const b = args.backend as BackendWasm;
      const { a, b: bt, bias, preluActivationWeights } = args.inputs as Record<string, tf.TensorInfo | undefined>;
      const attrs = args.attrs as { transposeA: boolean; transposeB: boolean; activation?: string; leakyreluAlpha?: number };
      const activation = fused ? (attrs.activation ?? 'linear') : 'linear';
      const act = (NATIVE_ACTIVATIONS as Record<string, number>)[activation];
      if (a === undefined || bt === undefined || a.dtype !== 'float32' || bt.dtype !== 'float32' || act === undefined || preluActivationWeights !== undefined) return fallback(args);
      const ra = a.shape.length, rb = bt.shape.length;
      if (ra < 2 || rb < 2) return fallback(args);
      const m = attrs.transposeA ? a.shape[ra - 1] : a.shape[ra - 2];
      const k = attrs.transposeA ? a.shape[ra - 2] : a.shape[ra - 1];
      const kb = attrs.transposeB ? bt.shape[rb - 1] : bt.shape[rb - 2];
      const n = attrs.transposeB ? bt.shape[rb - 2] : bt.shape[rb - 1];
      const outerA = a.shape.slice(0, -2), outerB = bt.shape.slice(0, -2);
      const batchA = sizeOf(outerA), batchB = sizeOf(outerB);
      if (k !== kb || (batchA !== batchB && batchA !== 1 && batchB !== 1)) return fallback(args);
      let outer: number[];
      try {
        outer = tf.broadcast_util.assertAndGetBroadcastShape(outerA, outerB);
      } catch {
        return fallback(args); // the wasm kernel throws TF.js's own message
      }
      // Batches pair up one to one, or one side's single matrix serves every batch of the other.
      if (sizeOf(outer) !== Math.max(batchA, batchB)) return fallback(args);
      let biasKind = 0;
      if (bias !== undefined) {
        const size = sizeOf(bias.shape);
        if (bias.dtype !== 'float32') return fallback(args);
        if (size === n && bias.shape.slice(0, -1).every((d) => d === 1) && (bias.shape.length > 0 && bias.shape[bias.shape.length - 1] === n)) biasKind = 1;
        else if (size === 1) biasKind = 2;
        else return fallback(args);
      }
      const out = b.makeOutput([...outer, m, n], 'float32');
      const batch = Math.max(batchA, batchB);
      if (m * n > 0) {
        const heap = wasmHeap(b); // after makeOutput, which may have grown the heap
        const ao = heapOffset(b, a), bo = heapOffset(b, bt), co = heapOffset(b, out), biaso = bias === undefined ? 0 : heapOffset(b, bias);
        const flags = (attrs.transposeA ? 1 : 0) | (attrs.transposeB ? 2 : 0) | (biasKind << 2);
        const alpha = attrs.leakyreluAlpha ?? 0.2;
        for (let i = 0; i < batch; i++) {
          addon.matmul(heap, ao + (batchA === 1 ? 0 : i * m * k * 4), bo + (batchB === 1 ? 0 : i * k * n * 4), co + i * m * n * 4, biaso, m, n, k, flags, act, alpha);
        }
      }
      return out;
    },
  };
}

export const MATMUL_KERNELS: readonly NativeKernel[] = [matMulKernel('BatchMatMul', false), matMulKernel('_FusedMatMul', true)];
