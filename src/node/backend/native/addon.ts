/**
 * Loading tsgan's native addon (native/cpu, built by `npm install` through scripts/build-native.mjs into
 * build/Release/tsgan_native.node). Loading never throws: {@link loadNativeAddon} returns the addon or
 * the one-line reason it is not available (not built, another OS or architecture, hidden on purpose),
 * and callers then run on the wasm backend.
 *
 * Environment:
 * - `TSGAN_NATIVE=off` hides the addon (the wasm path, as on a machine where it could not build);
 * - `TSGAN_NATIVE_LEVEL=avx512|avx2|portable` runs the kernels at that instruction-set level instead of
 *   the best one the CPU reports (at most that one).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { packageRoot } from '../../files/package-root.js';

/** Instruction-set levels of the native kernels, best last. */
export const NATIVE_LEVELS = ['portable', 'avx2', 'avx512'] as const;
export type NativeLevel = (typeof NATIVE_LEVELS)[number];

/** What {@link NativeAddon.info} reports. */
export interface NativeInfo {
  /** The level the kernels run at. */
  readonly level: NativeLevel;
  /** The best level this CPU supports. */
  readonly detected: NativeLevel;
  /** Threads the kernels use (caller included). */
  readonly threads: number;
  /** The matrix-product micro-kernel's tile (rows × columns of C). */
  readonly tileRows: number;
  readonly tileCols: number;
}

/**
 * The addon's functions (native/cpu/addon.c). Arrays are float32 at byte offsets into one ArrayBuffer
 * (the wasm heap); every offset is checked against it (a RangeError otherwise).
 */
export interface NativeAddon {
  info(): NativeInfo;
  setLevel(level: NativeLevel): void;
  setThreads(threads: number): void;
  /** GFLOP/s of one core's float32 multiply-add peak at the current level, timed for `seconds` (native/cpu/peak.h). */
  peakGflops(seconds: number): number;
  /** The thread pool's stress check (native/cpu/pool-check.h): runs `jobs` small jobs, returns how many went wrong. */
  poolCheck(jobs: number): number;
  /**
   * C = act(op(A)·op(B) + bias) (native/cpu/gemm.h): flags bit 0 transA, bit 1 transB, bits 2–3 the
   * bias kind (0 none, 1 per column, 2 scalar); activation codes {@link NATIVE_ACTIVATIONS}.
   */
  matmul(buffer: ArrayBuffer, a: number, b: number, c: number, bias: number, m: number, n: number, k: number, flags: number, activation: number, alpha: number): void;
  /** Adam (native/cpu/elementwise.h): p1, m1, v1 from p, m, v, g, all of n values. */
  adam(buffer: ArrayBuffer, p: number, m: number, v: number, g: number, p1: number, m1: number, v1: number, n: number, beta1: number, oneMinusBeta1: number, beta2: number, oneMinusBeta2: number, s: number, eps: number, step: number): void;
  /** Σ x² over n values, in float64. */
  sumSquares(buffer: ArrayBuffer, x: number, n: number): number;
  transpose(buffer: ArrayBuffer, x: number, out: number, rows: number, cols: number): void;
  biasAct(buffer: ArrayBuffer, z: number, b: number, y: number, units: number, n: number, activation: number, alpha: number): void;
  /** out = a·d + l·o over n values (the averaged generator's update). */
  average(buffer: ArrayBuffer, a: number, l: number, out: number, n: number, d: number, o: number): void;
  /** out = tanh(x) over n values. */
  tanh(buffer: ArrayBuffer, x: number, out: number, n: number): void;
  denseDelta(buffer: ArrayBuffer, dy: number, y: number, delta: number, bias: number, rows: number, cols: number, activation: number, alpha: number, batchMajor: number): void;
}

/** Activation codes of native/cpu/gemm.h. */
export const NATIVE_ACTIVATIONS = { linear: 0, relu: 1, leakyrelu: 2, sigmoid: 3, tanh: 4, elu: 5, relu6: 6 } as const;

export type NativeLoad = { readonly addon: NativeAddon; readonly reason?: undefined } | { readonly addon?: undefined; readonly reason: string };

let loaded: NativeLoad | undefined;

/** The addon, loaded once per process (see the file comment), or why it is not available. */
export function loadNativeAddon(): NativeLoad {
  if (loaded === undefined) loaded = load();
  return loaded;
}

function load(): NativeLoad {
  const hide = process.env.TSGAN_NATIVE?.trim().toLowerCase();
  if (hide === 'off' || hide === '0' || hide === 'false') return { reason: 'the native addon is turned off (TSGAN_NATIVE=off)' };
  if (process.arch !== 'x64' && process.arch !== 'arm64') return { reason: `no native kernels for ${process.arch}` };
  const root = packageRoot();
  const file = root === undefined ? undefined : join(root, 'build', 'Release', 'tsgan_native.node');
  if (file === undefined || !existsSync(file)) {
    return { reason: 'the native addon is not built (run `npm run build:native` to see why: it needs python3, make and a C compiler)' };
  }
  let addon: NativeAddon;
  try {
    addon = createRequire(import.meta.url)(file) as NativeAddon;
  } catch (e) {
    return { reason: `the native addon did not load (${(e as Error).message.split('\n')[0]}): rebuild it with \`npm run build:native\`` };
  }
  const level = process.env.TSGAN_NATIVE_LEVEL?.trim();
  if (level !== undefined && level !== '') {
    if (!(NATIVE_LEVELS as readonly string[]).includes(level)) return { reason: `TSGAN_NATIVE_LEVEL must be one of ${NATIVE_LEVELS.join(', ')}, got "${level}"` };
    try {
      addon.setLevel(level as NativeLevel);
    } catch {
      return { reason: `this CPU cannot run the ${level} kernels (TSGAN_NATIVE_LEVEL): it supports ${addon.info().detected}` };
    }
  }
  return { addon };
}
