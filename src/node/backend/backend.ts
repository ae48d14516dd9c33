/**
 * Choosing the TF.js backend in Node (the library core never does: the host picks).
 *
 * - `native` (default): the wasm backend (single-threaded build) with its hot kernels (matrix products,
 *   convolutions, fused updates) run by tsgan's native addon on the same memory (./native/). If the
 *   addon is not built or cannot load, the `wasm` backend as below, and `fallbackReason` says why.
 * - `wasm` (default): `@tensorflow/tfjs-backend-wasm`. With `threads` > 1 (or `TSGAN_WASM_THREADS`)
 *   its threaded build runs, so that matrix products use several cores (see ./wasm-threads.ts); if
 *   that cannot start, the single-threaded build; if wasm cannot start at all, `cpu`. tsgan's own
 *   wasm kernels (./wasm-kernels) are registered on it.
 * - `cpu`: the pure-JavaScript backend (slow, always available).
 * - `tensorflow`: `@tensorflow/tfjs-node`, only if the user installed it (it downloads TensorFlow at
 *   install time, so it is never a dependency of tsgan).
 */
import { availableParallelism } from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import type { BackendName, TrainConfig } from '../../training/config.js';
import { MODELS } from '../../training/models.js';
import { loadNativeAddon, type NativeLevel } from './native/addon.js';
import { useNativeKernels, useWasmKernels } from './native/kernels.js';
import { startThreadedWasm } from './wasm-threads.js';

/** A backend that cannot be used, with a one-line message that says how to fix it. */
export class BackendError extends Error {
  override readonly name = 'BackendError';
}

/** What {@link useBackend} ended up with. */
export interface BackendInfo {
  readonly requested: BackendName;
  /** The backend actually in use (differs from `requested` only after the wasm → cpu fallback). */
  readonly active: string;
  /** Threads the backend's matrix products run on (1 unless the threaded wasm build runs). */
  readonly threads: number;
  /** Why the fallback happened, if it did. */
  readonly fallbackReason?: string;
  /** Why the wasm backend runs on one thread although more were asked for, if it does. */
  readonly threadsNote?: string;
  /** The native kernels' instruction-set level (avx512, avx2, portable), when they run. */
  readonly kernelLevel?: NativeLevel;
}

export interface BackendOptions {
  /**
   * Threads for the wasm backend (at most 8, the size of the build's worker pool; 1 = the
   * single-threaded build): `TSGAN_WASM_THREADS` if set, else this, else 1. See
   * {@link wasmThreadsForTraining} for a count that suits a training config.
   */
  readonly threads?: number;
  /** For the native engine: the single-threaded wasm build, ignoring `threads` and TSGAN_WASM_THREADS. */
  readonly singleThreadedBuild?: boolean;
  /**
   * Threads for the native engine's kernels: `TSGAN_NATIVE_THREADS` if set, else this, else every core
   * (at most 16). See {@link nativeThreadsForTraining} for a count that suits a training config.
   */
  readonly nativeThreads?: number;
}

/** The wasm thread count from the environment, the options, or the machine. */
function wasmThreads(o: BackendOptions): number {
  const env = process.env.TSGAN_WASM_THREADS;
  const fromEnv = env !== undefined && env.trim() !== '';
  const n = fromEnv ? Number(env) : (o.threads ?? 1);
  if (!Number.isInteger(n) || n < 1) throw new BackendError(`wasm threads must be a whole number ≥ 1, got ${fromEnv ? env : o.threads}${fromEnv ? ': fix TSGAN_WASM_THREADS' : ''}`);
  return Math.min(n, 8);
}

/**
 * Multiply-adds per matrix product (averaged over a training step's products) from which the wasm
 * backend uses every core. Each product split over threads ends in a wait for the slowest thread:
 * ~50 µs on a quiet machine, a scheduler time slice (milliseconds) when other processes compete for
 * the cores. Measured on 2 cores: the mnist-mlp preset (~18 M per product) gains 25–40 % from 2
 * threads; the toy2d preset (~2.4 M) gains nothing on a quiet machine and loses up to 70 % under load.
 */
export const THREADED_PRODUCT_SIZE = 10_000_000;

/**
 * The wasm thread count for training `config` on data of dimension `dataDim`: every core (at most 8)
 * for a DCGAN or when an MLP's matrix products are large (see {@link THREADED_PRODUCT_SIZE}), else 1.
 */
export function wasmThreadsForTraining(config: TrainConfig, dataDim: number): number {
  const size = meanProductSize(config, dataDim);
  return size === undefined || size >= THREADED_PRODUCT_SIZE ? Math.min(availableParallelism(), 8) : 1;
}

/**
 * Multiply-adds per matrix product from which the native engine uses every core for a training run.
 * Below it the products are a few tens of µs, and splitting them costs more than it gains: each thread
 * writes half of a layer's output, which the next kernels read from the other core's cache. Measured
 * idle on 2 cores (2026-12-04, the same bits either way): the toy2d preset (~2.1 M per product) ran
 * 406–430 steps/s on one thread and 353–392 on two; grid25's recipe (~4.2 M) 6.0 ms a step on one and
 * 5.7 on two; the ring8 recipe (~17 M) 8.2–8.3 ms on one and 6.7–7.4 on two.
 */
export const NATIVE_THREADED_PRODUCT_SIZE = 3_000_000;

/**
 * The native engine's thread count for training `config` on data of dimension `dataDim` when
 * TSGAN_NATIVE_THREADS does not set one: every core (at most 16) for a DCGAN or when an MLP's products
 * are large (see {@link NATIVE_THREADED_PRODUCT_SIZE}), else 1.
 */
export function nativeThreadsForTraining(config: TrainConfig, dataDim: number): number {
  const size = meanProductSize(config, dataDim);
  return size === undefined || size >= NATIVE_THREADED_PRODUCT_SIZE ? Math.min(availableParallelism(), 16) : 1;
}

/** The backend options (wasm and native thread counts) that suit training `config` on data of dimension `dataDim`. */
export function trainingThreads(config: TrainConfig, dataDim: number): BackendOptions {
  return { threads: wasmThreadsForTraining(config, dataDim), nativeThreads: nativeThreadsForTraining(config, dataDim) };
}

/**
 * Multiply-adds per matrix product of a training step of `config`, averaged over its networks' layers
 * at the config's batch size (the model registry's estimate, ../../training/models.ts); undefined for
 * large products (a DCGAN's convolutions: tens of millions of multiply-adds at batch 64 — the
 * mnist-dcgan preset ran 4.85 steps/s on 2 wasm threads against 3.7–3.9 on one).
 */
function meanProductSize(config: TrainConfig, dataDim: number): number | undefined {
  return MODELS[config.model].productSize(config, dataDim);
}

/** The threaded wasm build, once per process (later calls reuse it or its failure). */
let threaded: { threads: number; failure?: string } | undefined;

/** Makes `name` the active TF.js backend (see the file comment for the fallback rule). */
export async function useBackend(name: BackendName, options: BackendOptions = {}): Promise<BackendInfo> {
  if (name === 'tensorflow') {
    const moduleName = '@tensorflow/tfjs-node';
    try {
      await import(moduleName);
    } catch {
      throw new BackendError(
        'backend "tensorflow" needs @tensorflow/tfjs-node, which is not installed: run `npm install @tensorflow/tfjs-node` on a machine with internet access, or use --backend wasm',
      );
    }
    if (!(await tf.setBackend('tensorflow'))) throw new BackendError('@tensorflow/tfjs-node is installed but its backend did not start: use --backend wasm');
    return { requested: name, active: tf.getBackend(), threads: 1 };
  }
  if (name === 'native') return useNative(options);
  useWasmKernels();
  if (name === 'wasm') {
    // The native engine needs the single-threaded build (unshared memory), whatever TSGAN_WASM_THREADS says.
    const want = options.singleThreadedBuild === true ? 1 : wasmThreads(options);
    try {
      await import('@tensorflow/tfjs-backend-wasm');
      let threadsNote: string | undefined;
      if (want > 1 && threaded === undefined) {
        const failure = await startThreadedWasm(want);
        threaded = { threads: failure === undefined ? want : 1, failure };
      }
      if (threaded !== undefined && want > 1 && threaded.failure !== undefined) threadsNote = `one thread: ${threaded.failure}`;
      if (await tf.setBackend('wasm')) {
        await tf.ready();
        const { getThreadsCount } = await import('@tensorflow/tfjs-backend-wasm');
        const { registerWasmKernels } = await import('./wasm-kernels/register.js');
        registerWasmKernels();
        return { requested: name, active: 'wasm', threads: getThreadsCount(), threadsNote };
      }
    } catch (e) {
      await import('@tensorflow/tfjs-backend-cpu');
      await tf.setBackend('cpu');
      return { requested: name, active: 'cpu', threads: 1, fallbackReason: `wasm backend failed to start (${(e as Error).message.split('\n')[0]})` };
    }
  }
  await import('@tensorflow/tfjs-backend-cpu');
  if (!(await tf.setBackend('cpu'))) throw new BackendError('the cpu backend did not start');
  return { requested: name, active: 'cpu', threads: 1, fallbackReason: name === 'wasm' ? 'wasm backend did not start' : undefined };
}

/**
 * The environment of one of `jobs` training processes run at once (`tsgan benchmark --jobs`): each gets
 * an equal share of the cores for its native kernels (at least one), unless `TSGAN_NATIVE_THREADS` is
 * set. Without it every process would start a thread per core, and the waits of the surplus threads
 * would slow them all. Results do not depend on the thread count (docs/native.md).
 */
export function nativeThreadsEnvForJobs(jobs: number, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  if (env.TSGAN_NATIVE_THREADS !== undefined && env.TSGAN_NATIVE_THREADS.trim() !== '') return env;
  return { ...env, TSGAN_NATIVE_THREADS: String(Math.max(1, Math.min(16, Math.floor(availableParallelism() / Math.max(1, jobs))))) };
}

/** Threads for the native kernels: `TSGAN_NATIVE_THREADS` if set, else `preferred`, else every core (at most 16). */
export function nativeThreads(preferred?: number): number {
  const env = process.env.TSGAN_NATIVE_THREADS;
  if (env === undefined || env.trim() === '') return Math.max(1, Math.min(preferred ?? availableParallelism(), 16));
  const n = Number(env);
  if (!Number.isInteger(n) || n < 1 || n > 16) throw new BackendError(`TSGAN_NATIVE_THREADS must be a whole number from 1 to 16, got ${env}`);
  return n;
}

/**
 * The native engine (see the file comment): the single-threaded wasm build with the native kernels, or,
 * when the addon is not available, the wasm backend with `options` and a `fallbackReason`.
 */
async function useNative(options: BackendOptions): Promise<BackendInfo> {
  const threads = nativeThreads(options.nativeThreads);
  const load = loadNativeAddon();
  let reason = load.reason;
  if (load.addon !== undefined) {
    const wasm = await useBackend('wasm', { singleThreadedBuild: true });
    if (wasm.active === 'wasm') {
      reason = useNativeKernels(load.addon);
      if (reason === undefined) {
        load.addon.setThreads(threads);
        return { requested: 'native', active: 'native', threads, kernelLevel: load.addon.info().level };
      }
    } else {
      reason = wasm.fallbackReason ?? 'the wasm backend did not start';
    }
  }
  const wasm = await useBackend('wasm', options);
  return { ...wasm, requested: 'native', fallbackReason: wasm.fallbackReason ?? reason };
}

/**
 * The one line a command prints (on stderr) when the backend in use is not the one asked for, e.g.
 * "tsgan: running on the wasm backend: the native addon is not built (…)"; undefined when it is.
 */
export function backendNotice(info: BackendInfo): string | undefined {
  return info.fallbackReason === undefined ? undefined : `tsgan: running on the ${info.active} backend: ${info.fallbackReason}`;
}
