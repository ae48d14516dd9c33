/**
 * `tsgan bench --kernels`: the speed of the hot compute kernels, as training calls them (TF.js ops on
 * the native engine, one thread and every thread, and on the wasm backend), in GFLOP/s beside the
 * machine's one-core float32 peak at the native kernel level (native/cpu/peak.h).
 */
import * as tf from '@tensorflow/tfjs-core';
import { conv2dFilterGradient, conv2dInputGradient } from '../../../models/conv2d-gradients.js';
import { nativeThreads, useBackend } from '../backend.js';
import { loadNativeAddon, type NativeAddon } from './addon.js';
import { useNativeKernels, useWasmKernels } from './kernels.js';

/** One kernel to time: `run` makes its result from inputs made once. */
interface KernelCase {
  readonly kernel: string;
  readonly shape: string;
  /** Floating-point operations of one call (2 per multiply-add). */
  readonly flops: number;
  readonly run: () => tf.Tensor;
}

/** One row of the report. */
export interface KernelTiming {
  readonly kernel: string;
  readonly shape: string;
  /** GFLOP/s on the native engine with one thread, with every thread, and on the wasm backend. */
  readonly native1?: number;
  readonly native?: number;
  readonly wasm: number;
}

/** What `tsgan bench --kernels` measured: the kernel level and threads, the machine's peak, and every kernel's timing. */
export interface KernelReport {
  /** The native kernel level, or undefined when the addon is not available (see `nativeMissing`). */
  readonly level?: string;
  readonly threads: number;
  /** GFLOP/s of one core's multiply-add peak at that level. */
  readonly peakPerCore?: number;
  readonly nativeMissing?: string;
  readonly rows: readonly KernelTiming[];
}

const random = (shape: number[]): tf.Tensor => tf.randomUniform(shape, -1, 1, 'float32', 1);

function cases(): KernelCase[] {
  const mm = (m: number, k: number, n: number, transposeA: boolean, transposeB: boolean): KernelCase => {
    const a = random(transposeA ? [k, m] : [m, k]) as tf.Tensor2D;
    const b = random(transposeB ? [n, k] : [k, n]) as tf.Tensor2D;
    const op = `${transposeA ? 'Aᵀ' : 'A'}·${transposeB ? 'Bᵀ' : 'B'}`;
    return { kernel: `matMul ${op}`, shape: `${m}×${k}×${n}`, flops: 2 * m * k * n, run: () => tf.matMul(a, b, transposeA, transposeB) };
  };
  // The DCGAN discriminator's second convolution (batch 64, 14×14×32 → 7×7×64, 4×4, stride 2).
  const x = random([64, 14, 14, 32]) as tf.Tensor4D;
  const w = random([4, 4, 32, 64]) as tf.Tensor4D;
  const dy = random([64, 7, 7, 64]) as tf.Tensor4D;
  const convFlops = 2 * 64 * 7 * 7 * 64 * 4 * 4 * 32;
  const x1 = random([64, 28, 28, 1]) as tf.Tensor4D;
  const w1 = random([4, 4, 1, 32]) as tf.Tensor4D;
  return [
    mm(64, 784, 1024, false, false),
    mm(64, 1024, 784, false, false),
    mm(256, 128, 128, false, false),
    mm(784, 64, 1024, true, false),
    mm(64, 1024, 784, false, true),
    { kernel: 'conv2d', shape: '64×28×28×1 → 32, 4×4/2', flops: 2 * 64 * 14 * 14 * 32 * 16, run: () => tf.conv2d(x1, w1, 2, 'same') },
    { kernel: 'conv2d', shape: '64×14×14×32 → 64, 4×4/2', flops: convFlops, run: () => tf.conv2d(x, w, 2, 'same') },
    { kernel: 'conv2d filter gradient', shape: '64×14×14×32 → 64, 4×4/2', flops: convFlops, run: () => conv2dFilterGradient(x, dy, [4, 4], 2, 'same') },
    { kernel: 'conv2d input gradient', shape: '64×14×14×32 → 64, 4×4/2', flops: convFlops, run: () => conv2dInputGradient(dy, w, [64, 14, 14, 32], 2, 'same') },
  ];
}

/**
 * GFLOP/s of `c`: the best of three windows of at least `seconds` / 3 each (after two untimed calls).
 * The wasm and native kernels run synchronously, so a call's time is spent when it returns: results are
 * not downloaded inside the windows (a download of a multi-megabyte result costs more than the product
 * itself — fresh pages for the copy — and would measure the download, not the kernel).
 */
function time(c: KernelCase, seconds: number): number {
  for (let i = 0; i < 2; i++) tf.tidy(() => void c.run().dataSync());
  let best = 0;
  for (let w = 0; w < 3; w++) {
    let reps = 0;
    const t0 = performance.now();
    let elapsed = 0;
    while (elapsed < (seconds * 1000) / 3) {
      tf.tidy(() => void c.run());
      reps++;
      elapsed = performance.now() - t0;
    }
    best = Math.max(best, (c.flops * reps) / elapsed / 1e6);
  }
  tf.tidy(() => void c.run().dataSync());
  return best;
}

/** Times every kernel (see the file comment), each for about `seconds` per setting. */
export async function benchKernels(seconds = 0.6): Promise<KernelReport> {
  const info = await useBackend('native');
  const load = loadNativeAddon();
  const addon: NativeAddon | undefined = info.active === 'native' ? load.addon : undefined;
  const threads = addon === undefined ? 1 : nativeThreads();
  const list = cases();
  const rows: KernelTiming[] = [];
  // One core's peak, measured before and after the kernels (the best of both): on a busy machine a
  // single measurement can land in a moment when the core is shared, and every ratio to it would be wrong.
  const peakNow = (): number | undefined => (addon === undefined ? undefined : Math.max(...[0, 1, 2].map(() => addon.peakGflops(Math.max(0.05, seconds / 3)))));
  let peakPerCore = peakNow();
  for (const c of list) {
    let native1: number | undefined;
    let native: number | undefined;
    if (addon !== undefined) {
      useNativeKernels(addon);
      addon.setThreads(1);
      native1 = time(c, seconds);
      addon.setThreads(threads);
      native = threads === 1 ? native1 : time(c, seconds);
    }
    useWasmKernels();
    const wasm = time(c, seconds);
    rows.push({ kernel: c.kernel, shape: c.shape, native1, native, wasm });
  }
  if (addon !== undefined) {
    useNativeKernels(addon);
    peakPerCore = Math.max(peakPerCore ?? 0, peakNow() ?? 0);
  }
  return { level: info.kernelLevel, threads, peakPerCore, nativeMissing: addon === undefined ? (info.fallbackReason ?? 'the native engine did not start') : undefined, rows };
}
