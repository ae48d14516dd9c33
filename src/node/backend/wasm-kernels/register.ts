/**
 * Registers tsgan's fused kernels (../../../ops/fused-kernels.ts) for TF.js's `wasm` backend.
 *
 * The kernels are a small WebAssembly module of our own (native/kernels.c, embedded in ./binary.ts)
 * that imports the memory of the backend's module, so it reads and writes the backend's tensors in
 * place: a kernel here allocates its outputs with the backend (`makeOutput`) and passes byte offsets.
 * It never writes to an input: TF.js's matrix product caches packed weights by tensor id, so a tensor
 * must not change once made.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { FUSED_KERNELS, type AdamKernelAttrs, type BiasActivationKernelAttrs, type DenseDeltaKernelAttrs } from '../../../ops/fused-kernels.js';
import { KERNELS_WASM_PLAIN, KERNELS_WASM_SHARED } from './binary.js';

/** The exports of native/kernels.c (pointers are byte offsets into the backend's memory). */
interface KernelExports {
  adam(p: number, m: number, v: number, g: number, p1: number, m1: number, v1: number, n: number, beta1: number, oneMinusBeta1: number, beta2: number, oneMinusBeta2: number, s: number, eps: number, step: number): void;
  sum_squares(x: number, n: number): number;
  transpose(x: number, out: number, rows: number, cols: number): void;
  bias_act(z: number, b: number, y: number, units: number, n: number, act: number, alpha: number): void;
  dense_delta_fm(dy: number, y: number, delta: number, bias: number, units: number, n: number, act: number, alpha: number): void;
  dense_delta_bm(dy: number, y: number, delta: number, bias: number, n: number, units: number, act: number, alpha: number): void;
}

const ACTIVATION_CODES: Record<DenseDeltaKernelAttrs['activation'] | BiasActivationKernelAttrs['activation'], number> = { relu: 0, leakyRelu: 1, tanh: 2, sigmoid: 3, linear: 4 };

/** One instance of the kernels per backend module (its memory), made on first use. */
const instances = new WeakMap<object, KernelExports>();

function kernelsOf(backend: BackendWasm): KernelExports {
  const module = backend.wasm as unknown as { wasmMemory?: WebAssembly.Memory; asm?: { memory?: WebAssembly.Memory } };
  let k = instances.get(module);
  if (k === undefined) {
    // The threaded build exposes its (imported, shared) memory as `wasmMemory`; the plain one exports it.
    const memory = module.wasmMemory ?? module.asm?.memory;
    if (!(memory instanceof WebAssembly.Memory)) throw new Error('the wasm backend does not expose its memory');
    const shared = typeof SharedArrayBuffer === 'function' && memory.buffer instanceof SharedArrayBuffer;
    const bytes = Buffer.from(shared ? KERNELS_WASM_SHARED : KERNELS_WASM_PLAIN, 'base64');
    k = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports as unknown as KernelExports;
    instances.set(module, k);
  }
  return k;
}

const offset = (b: BackendWasm, t: tf.TensorInfo): number => b.dataIdMap.get(t.dataId).memoryOffset;
const size = (t: tf.TensorInfo): number => t.shape.reduce((a, d) => a * d, 1);

const kernels: tf.KernelConfig[] = [
  {
    kernelName: FUSED_KERNELS.adam,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const b = backend as BackendWasm;
      const { p, m, v, g } = inputs as Record<'p' | 'm' | 'v' | 'g', tf.TensorInfo>;
      const a = attrs as unknown as AdamKernelAttrs;
      const out = [p, m, v].map((t) => b.makeOutput([...t.shape], 'float32'));
      if (size(p) > 0) {
        kernelsOf(b).adam(offset(b, p), offset(b, m), offset(b, v), offset(b, g), offset(b, out[0]), offset(b, out[1]), offset(b, out[2]), size(p),
          a.beta1, a.oneMinusBeta1, a.beta2, a.oneMinusBeta2, a.sqrtBiasCorrection2, a.epsilon, a.stepSize);
      }
      return out;
    },
  },
  {
    kernelName: FUSED_KERNELS.globalNorm,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend }) => {
      const b = backend as BackendWasm;
      const k = kernelsOf(b);
      let total = 0;
      for (const t of Object.values(inputs) as tf.TensorInfo[]) if (size(t) > 0) total += k.sum_squares(offset(b, t), size(t));
      return b.makeOutput([], 'float32', undefined, new Float32Array([Math.sqrt(total)]));
    },
  },
  {
    kernelName: FUSED_KERNELS.transpose2d,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend }) => {
      const b = backend as BackendWasm;
      const x = (inputs as { x: tf.TensorInfo }).x;
      const [rows, cols] = x.shape;
      const out = b.makeOutput([cols, rows], 'float32');
      if (rows * cols > 0) kernelsOf(b).transpose(offset(b, x), offset(b, out), rows, cols);
      return out;
    },
  },
  {
    kernelName: FUSED_KERNELS.biasActivation,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const b = backend as BackendWasm;
      const { z, b: bias } = inputs as Record<'z' | 'b', tf.TensorInfo>;
      const a = attrs as unknown as BiasActivationKernelAttrs;
      const [units, n] = z.shape;
      const y = b.makeOutput([units, n], 'float32');
      if (units * n > 0) kernelsOf(b).bias_act(offset(b, z), offset(b, bias), offset(b, y), units, n, ACTIVATION_CODES[a.activation], a.alpha);
      return y;
    },
  },
  {
    kernelName: FUSED_KERNELS.denseDelta,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const b = backend as BackendWasm;
      const { dy, y } = inputs as Record<'dy' | 'y', tf.TensorInfo>;
      const a = attrs as unknown as DenseDeltaKernelAttrs;
      const [rows, cols] = dy.shape;
      const delta = b.makeOutput([rows, cols], 'float32');
      const units = a.layout === 'batch-major' ? cols : rows;
      const bias = b.makeOutput([units], 'float32');
      if (units > 0) {
        const f = a.layout === 'batch-major' ? kernelsOf(b).dense_delta_bm : kernelsOf(b).dense_delta_fm;
        f(offset(b, dy), offset(b, y), offset(b, delta), offset(b, bias), rows, cols, ACTIVATION_CODES[a.activation], a.alpha);
      }
      return [delta, bias];
    },
  },
];

/** The fused kernels (../../../ops/fused-kernels.ts) this module registers for `wasm`. */
export const WASM_FUSED_KERNEL_NAMES: readonly string[] = kernels.map((k) => k.kernelName);

/**
 * Registers the kernels for `wasm` (once per process), after checking that they instantiate on the
 * active wasm backend. Returns why not, if they cannot be used (the ops then use TF.js ops).
 */
export function registerWasmKernels(): string | undefined {
  if (tf.getBackend() !== 'wasm') return 'the wasm backend is not active';
  try {
    kernelsOf(tf.backend() as BackendWasm);
  } catch (e) {
    return `tsgan's wasm kernels did not load (${(e as Error).message})`;
  }
  for (const k of kernels) if (tf.getKernel(k.kernelName, 'wasm') === undefined) tf.registerKernel(k);
  return undefined;
}
