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
import type { NativeAddon } from './addon.js';
import { wasmHeap, type NativeKernel } from './heap.js';
import { CONV_KERNELS } from './conv-kernels.js';
import { NATIVE_FUSED_KERNELS } from './fused-kernels.js';
import { MATMUL_KERNELS } from './matmul-kernel.js';
import { NATIVE_NETWORK_KERNELS } from './network-kernels.js';

/** Every kernel the native engine replaces. */
export const NATIVE_KERNELS: readonly NativeKernel[] = [...MATMUL_KERNELS, ...NATIVE_FUSED_KERNELS, ...NATIVE_NETWORK_KERNELS, ...CONV_KERNELS];

/** The wasm backend's own configs of the replaced kernels (undefined: the kernel is new), saved when replaced. */
const originals = new Map<string, tf.KernelConfig | undefined>();
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
    originals.set(k.kernelName, original);
    if (original !== undefined) tf.unregisterKernel(k.kernelName, 'wasm');
    const fallback: tf.KernelFunc =
      original?.kernelFunc ??
      (() => {
        throw new Error(`${k.kernelName}: the native kernel cannot run these inputs and the wasm backend has no such kernel`);
      });
    tf.registerKernel({ kernelName: k.kernelName, backendName: 'wasm', kernelFunc: k.make(addon, fallback) });
  }
  active = addon;
  return undefined;
}

/** Puts back TF.js's own wasm kernels (a no-op when the native ones are not in use). */
export function useWasmKernels(): void {
  for (const [name, config] of originals) {
    tf.unregisterKernel(name, 'wasm');
    if (config !== undefined) tf.registerKernel(config);
  }
  originals.clear();
  active = undefined;
}

/** True while the native kernels are registered. */
export function nativeKernelsActive(): boolean {
  return active !== undefined;
}
