/**
 * What every native kernel uses: the wasm backend's heap (where TF.js keeps tensors) and a tensor's
 * place in it, and the shape of a kernel that replaces a wasm one.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { NativeAddon } from './addon.js';

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

