/**
 * The native engine inside TF.js: the wasm backend keeps every tensor in its heap and runs the ops tsgan
 * does not route; the hot kernels are replaced, for the `wasm` backend, by ones that call the native
 * addon on the same heap memory in place (the heap is an ArrayBuffer; a tensor is a byte offset in it),
 * so nothing is copied. See docs/native.md for why this design rather than a TF.js backend of its own.
 *
 * {@link useNativeKernels} swaps the registrations in, {@link useWasmKernels} puts TF.js's own back:
 * a process can run one engine, then the other (tests compare them that way). A kernel given what it
 * does not handle (other dtypes, batch shapes that broadcast, PReLU) runs the wasm kernel it replaced.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { NATIVE_ACTIVATIONS, type NativeAddon } from './addon.js';

/** A native kernel: the replaced wasm kernel's function is passed for the cases it does not handle. */
export interface NativeKernel {
  readonly kernelName: string;
  make(addon: NativeAddon, fallback: tf.KernelFunc): tf.KernelFunc;
}

/** The heap of the wasm backend's module (a plain ArrayBuffer: the single-threaded build). */
export function wasmHeap(backend: BackendWasm): ArrayBuffer {
  const module = backend.wasm as unknown as { wasmMemory?: WebAssembly.Memory; asm?: { memory?: WebAssembly.Memory }; HEAPU8?: Uint8Array };
  const memory = module.wasmMemory ?? module.asm?.memory;
  const buffer = memory?.buffer ?? module.HEAPU8?.buffer;
  if (!(buffer instanceof ArrayBuffer)) throw new Error('the wasm backend runs on shared memory (its threaded build): the native kernels need the single-threaded one');
  return buffer;
}

/** Byte offset of a tensor in the wasm heap. */
export const heapOffset = (b: BackendWasm, t: tf.TensorInfo): number => b.dataIdMap.get(t.dataId).memoryOffset;
export const sizeOf = (shape: readonly number[]): number => shape.reduce((a, d) => a * d, 1);

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
      const outer = batchA >= batchB ? outerA : outerB;
      if (batchA === batchB && outerA.join() !== outerB.join()) return fallback(args);
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

/** Every kernel the native engine replaces. */
export const NATIVE_KERNELS: readonly NativeKernel[] = [matMulKernel('BatchMatMul', false), matMulKernel('_FusedMatMul', true)];

/** The wasm backend's own configs of the replaced kernels, saved when first replaced. */
const originals = new Map<string, tf.KernelConfig>();
let active: NativeAddon | undefined;

/**
 * Routes the kernels of {@link NATIVE_KERNELS} to `addon` on the active wasm backend. Returns why not,
 * if it cannot (then nothing changed).
 */
export function useNativeKernels(addon: NativeAddon): string | undefined {
  if (tf.getBackend() !== 'wasm') return 'the wasm backend is not active';
  try {
    wasmHeap(tf.backend() as BackendWasm);
  } catch (e) {
    return (e as Error).message;
  }
  if (active === addon) return undefined;
  useWasmKernels();
  for (const k of NATIVE_KERNELS) {
    const original = tf.getKernel(k.kernelName, 'wasm');
    if (original === undefined) continue;
    originals.set(k.kernelName, original);
    tf.unregisterKernel(k.kernelName, 'wasm');
    tf.registerKernel({ kernelName: k.kernelName, backendName: 'wasm', kernelFunc: k.make(addon, original.kernelFunc) });
  }
  active = addon;
  return undefined;
}

/** Puts back TF.js's own wasm kernels (a no-op when the native ones are not in use). */
export function useWasmKernels(): void {
  for (const [name, config] of originals) {
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel(config);
  }
  originals.clear();
  active = undefined;
}

/** True while the native kernels are registered. */
export function nativeKernelsActive(): boolean {
  return active !== undefined;
}
