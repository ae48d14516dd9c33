/**
 * Native versions of tsgan's fused kernels (src/ops/fused-kernels.ts): the Adam update, the global
 * gradient norm, the 2-D transpose, a feature-major dense layer's bias + activation and the dense
 * backward step (native/cpu/elementwise.h: the same float32 arithmetic as the wasm kernels), the
 * averaged generator's update, TF.js's Tanh (libm's tanhf, split over threads), and TsganMatMul, a
 * product with transposed operands (native/cpu/gemm.h).
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { FUSED_KERNELS, type AdamKernelAttrs, type AverageKernelAttrs, type BiasActivationKernelAttrs, type DenseDeltaKernelAttrs, type MatMulKernelAttrs } from '../../../ops/fused-kernels.js';
import { NATIVE_ACTIVATIONS } from './addon.js';
import { heapOffset, sizeOf, wasmHeap, type NativeKernel } from './heap.js';

/** Activation codes of elementwise.h's dense kernels. */
export const DENSE_ACTIVATIONS: Record<DenseDeltaKernelAttrs['activation'] | BiasActivationKernelAttrs['activation'], number> = { relu: 0, leakyRelu: 1, tanh: 2, sigmoid: 3, linear: 4 };

const tensors = (inputs: tf.NamedTensorInfoMap): Record<string, tf.TensorInfo> => inputs as unknown as Record<string, tf.TensorInfo>;

export const NATIVE_FUSED_KERNELS: readonly NativeKernel[] = [
  {
    kernelName: FUSED_KERNELS.adam,
    make: (addon) => ({ inputs, backend, attrs }) => {
      const b = backend as BackendWasm;
      const { p, m, v, g } = tensors(inputs);
      const a = attrs as unknown as AdamKernelAttrs;
      const out = [p, m, v].map((t) => b.makeOutput([...t.shape], 'float32'));
      const n = sizeOf(p.shape);
      if (n > 0) {
        addon.adam(wasmHeap(b), heapOffset(b, p), heapOffset(b, m), heapOffset(b, v), heapOffset(b, g), heapOffset(b, out[0]), heapOffset(b, out[1]), heapOffset(b, out[2]), n,
          a.beta1, a.oneMinusBeta1, a.beta2, a.oneMinusBeta2, a.sqrtBiasCorrection2, a.epsilon, a.stepSize);
      }
      return out;
    },
  },
  {
    kernelName: FUSED_KERNELS.globalNorm,
    make: (addon) => ({ inputs, backend }) => {
      const b = backend as BackendWasm;
      const heap = wasmHeap(b);
      let total = 0;
      for (const t of Object.values(tensors(inputs))) {
        const n = sizeOf(t.shape);
        if (n > 0) total += addon.sumSquares(heap, heapOffset(b, t), n);
      }
      return b.makeOutput([], 'float32', undefined, new Float32Array([Math.sqrt(total)]));
    },
  },
  {
    kernelName: FUSED_KERNELS.transpose2d,
    make: (addon) => ({ inputs, backend }) => {
      const b = backend as BackendWasm;
      const { x } = tensors(inputs);
      const [rows, cols] = x.shape;
      const out = b.makeOutput([cols, rows], 'float32');
      if (rows * cols > 0) addon.transpose(wasmHeap(b), heapOffset(b, x), heapOffset(b, out), rows, cols);
      return out;
    },
  },
  {
    kernelName: FUSED_KERNELS.biasActivation,
    make: (addon) => ({ inputs, backend, attrs }) => {
      const b = backend as BackendWasm;
      const { z, b: bias } = tensors(inputs);
      const a = attrs as unknown as BiasActivationKernelAttrs;
      const [units, n] = z.shape;
      const y = b.makeOutput([units, n], 'float32');
      if (units * n > 0) addon.biasAct(wasmHeap(b), heapOffset(b, z), heapOffset(b, bias), heapOffset(b, y), units, n, DENSE_ACTIVATIONS[a.activation], a.alpha);
      return y;
    },
  },
  {
    kernelName: FUSED_KERNELS.denseDelta,
    make: (addon) => ({ inputs, backend, attrs }) => {
      const b = backend as BackendWasm;
      const { dy, y } = tensors(inputs);
      const a = attrs as unknown as DenseDeltaKernelAttrs;
      const [rows, cols] = dy.shape;
      const batchMajor = a.layout === 'batch-major';
      const delta = b.makeOutput([rows, cols], 'float32');
      const bias = b.makeOutput([batchMajor ? cols : rows], 'float32');
      if (rows * cols > 0) {
        addon.denseDelta(wasmHeap(b), heapOffset(b, dy), heapOffset(b, y), heapOffset(b, delta), heapOffset(b, bias), rows, cols, DENSE_ACTIVATIONS[a.activation], a.alpha, batchMajor ? 1 : 0);
      } else if (sizeOf(bias.shape) > 0) {
        new Float32Array(wasmHeap(b), heapOffset(b, bias), sizeOf(bias.shape)).fill(0);
      }
      return [delta, bias];
    },
  },
  {
    kernelName: FUSED_KERNELS.average,
    make: (addon) => ({ inputs, backend, attrs }) => {
      const b = backend as BackendWasm;
      const { average, live } = tensors(inputs);
      const a = attrs as unknown as AverageKernelAttrs;
      const out = b.makeOutput([...average.shape], 'float32');
      const n = sizeOf(average.shape);
      if (n > 0) addon.average(wasmHeap(b), heapOffset(b, average), heapOffset(b, live), heapOffset(b, out), n, a.decay, a.oneMinusDecay);
      return out;
    },
  },
  {
    // TF.js's Tanh: the wasm kernel computes one value at a time, ~10 ns each.
    kernelName: 'Tanh',
    make: (addon, fallback) => (args) => {
      const b = args.backend as BackendWasm;
      const { x } = tensors(args.inputs);
      if (x.dtype !== 'float32') return fallback(args);
      const out = b.makeOutput([...x.shape], 'float32');
      const n = sizeOf(x.shape);
      if (n > 0) addon.tanh(wasmHeap(b), heapOffset(b, x), heapOffset(b, out), n);
      return out;
    },
  },
  {
    kernelName: FUSED_KERNELS.matMul,
    make: (addon) => ({ inputs, backend, attrs }) => {
      const b = backend as BackendWasm;
      const { a, b: bt, bias } = tensors(inputs);
      const { transposeA, transposeB, activation = 'linear', alpha = 0 } = attrs as unknown as MatMulKernelAttrs;
      const m = transposeA ? a.shape[1] : a.shape[0], k = transposeA ? a.shape[0] : a.shape[1];
      const n = transposeB ? bt.shape[0] : bt.shape[1];
      const kb = transposeB ? bt.shape[1] : bt.shape[0];
      if (k !== kb) throw new Error(`TsganMatMul: inner sizes ${k} and ${kb} differ`);
      if (bias !== undefined && sizeOf(bias.shape) !== n) throw new Error(`TsganMatMul: a bias of ${sizeOf(bias.shape)} values for ${n} columns`);
      const out = b.makeOutput([m, n], 'float32');
      if (m * n > 0) {
        const flags = (transposeA ? 1 : 0) | (transposeB ? 2 : 0) | ((bias === undefined ? 0 : 1) << 2);
        addon.matmul(wasmHeap(b), heapOffset(b, a), heapOffset(b, bt), heapOffset(b, out), bias === undefined ? 0 : heapOffset(b, bias), m, n, k, flags, NATIVE_ACTIVATIONS[activation], alpha);
      }
      return out;
    },
  },
];
