/**
 * The native engine's fused and element-wise kernels (src/node/backend/native/fused-kernels.ts):
 * - test/ops/fused-kernels.test.ts runs unchanged on native (Adam, transpose, bias-activation, dense delta
 *   give the same bits as their TF.js references; the global norm the same value to float32 rounding);
 * - the averaged generator's update gives the same bits as its TF.js ops; Tanh is tanh rounded once to
 *   float32 (TF.js's within two roundings); TsganMatMul equals explicit transposes and a plain product;
 *   on both sides of the threads' split sizes, at 1 and 2 threads.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend/backend.js';
import { loadNativeAddon } from '../../src/node/backend/native/addon.js';
import { FUSED_KERNELS, runFusedKernel } from '../../src/ops/fused-kernels.js';
import { createRng } from '../../src/random/rng.js';
import { runOnNative } from '../helpers/on-native.js';
import { applyActivation, denseForward, type ActivationName } from '../../src/models/activations.js';

const load = loadNativeAddon();
const skip = load.addon === undefined ? `the native addon is not available: ${load.reason}` : false;

test('test/ops/fused-kernels.test.ts passes on the native backend, through the native kernels', { skip }, () => {
  const r = runOnNative('test/ops/fused-kernels.test.ts');
  assert.equal(r.count('fail'), 0, r.failures());
  assert.ok(r.count('pass') >= 8, `its tests ran: ${r.count('pass')}`);
  assert.equal(r.count('skipped') + r.count('todo') + r.count('cancelled'), 0);
  assert.equal(r.code, 0);
  for (const k of [FUSED_KERNELS.adam, FUSED_KERNELS.globalNorm, FUSED_KERNELS.transpose2d, FUSED_KERNELS.biasActivation, FUSED_KERNELS.denseDelta]) {
    assert.ok(r.calls[k] > 0, `${k} ran natively: ${JSON.stringify(r.calls)}`);
  }
});

const rng = createRng(5);
const normal = (n: number, scale = 1): Float32Array => rng.fillNormal(new Float32Array(n)).map((v) => v * scale);

/** Calls of kernel `name` so far (TF.js's profiler-free count: the engine's kernel call log is not public). */
const calls = new Map<string, number>();
function countKernel(name: string): number {
  return calls.get(name) ?? 0;
}
/** Wraps the registered native kernel `name` to count its calls (after useBackend('native')). */
function watch(name: string): void {
  const config = tf.getKernel(name, 'wasm');
  if (config === undefined || (config as { watched?: boolean }).watched) return;
  tf.unregisterKernel(name, 'wasm');
  tf.registerKernel({ ...config, kernelFunc: (args) => (calls.set(name, countKernel(name) + 1), config.kernelFunc(args)), watched: true } as tf.KernelConfig);
}

/** Values computed on the native engine at `threads` threads, then on the wasm backend. */
async function both<T>(threads: number, f: (native: boolean) => T): Promise<{ native: T; wasm: T }> {
  const info = await useBackend('native');
  assert.equal(info.active, 'native');
  load.addon!.setThreads(threads);
  watch(FUSED_KERNELS.matMul);
  const native = f(true);
  await useBackend('wasm');
  const wasm = f(false);
  return { native, wasm };
}

for (const threads of [1, 2]) {
  test(`TsganAverage, the averaged generator's update, gives the bits of average·β + live·(1 − β) written with TF.js ops (${threads} thread${threads > 1 ? 's' : ''})`, { skip }, async () => {
    for (const n of [1, 7, 33, 70_001, 300_000]) {
      const a = normal(n), l = normal(n);
      for (const beta of [0.999, 0.5, 1 / 3]) {
        const { native, wasm } = await both(threads, (isNative) =>
          tf.tidy(() => {
            const [avg, live] = [tf.tensor1d(a), tf.tensor1d(l)];
            if (!isNative) return tf.add(tf.mul(avg, beta), tf.mul(live, 1 - beta)).dataSync();
            return runFusedKernel<tf.Tensor>(FUSED_KERNELS.average, { average: avg, live }, { decay: Math.fround(beta), oneMinusDecay: Math.fround(1 - beta) }).dataSync();
          }),
        );
        assert.deepEqual(native, wasm, `n ${n}, β ${beta}`);
        // and the value is what the formula says (a swapped operand or a missing term would be far off)
        const i = n - 1;
        assert.ok(Math.abs(native[i] - (a[i] * beta + l[i] * (1 - beta))) <= 1e-6 * (Math.abs(a[i]) + Math.abs(l[i]) + 1));
      }
    }
  });

  test(`Tanh on native is tanh rounded once to float32 (TF.js's wasm Tanh within two roundings), saturating at ±1 (${threads} thread${threads > 1 ? 's' : ''})`, { skip }, async () => {
    for (const n of [1, 5, 8_191, 8_193, 100_000]) {
      const x = normal(n, 4);
      if (n > 4) x.set([0, -0, 30, -30, 1e-8]);
      const { native, wasm } = await both(threads, () => tf.tidy(() => tf.tanh(tf.tensor1d(x)).dataSync()));
      for (let i = 0; i < n; i++) {
        assert.ok(Math.abs(native[i] - Math.tanh(x[i])) <= 2 ** -23 * Math.max(Math.abs(Math.tanh(x[i])), 2 ** -10), `tanh(${x[i]}) = ${native[i]}`);
        assert.ok(Math.abs(native[i] - wasm[i]) <= 2 ** -22 * Math.max(Math.abs(wasm[i]), 2 ** -10), `[${i}] native ${native[i]} wasm ${wasm[i]}`);
      }
      if (n > 4) assert.deepEqual([...native.subarray(2, 4)], [1, -1]);
    }
  });

  test(`TsganMatMul equals explicit transposes and a plain product, in every layout (${threads} thread${threads > 1 ? 's' : ''})`, { skip }, async () => {
    for (const [m, k, n] of [[1, 1, 1], [7, 33, 5], [64, 784, 257], [130, 64, 1]]) {
      for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]] as const) {
        const av = normal(m * k), bv = normal(k * n);
        const { native, wasm } = await both(threads, (isNative) =>
          tf.tidy(() => {
            const a = tf.tensor2d(av, ta ? [k, m] : [m, k]);
            const b = tf.tensor2d(bv, tb ? [n, k] : [k, n]);
            if (isNative) return runFusedKernel<tf.Tensor>(FUSED_KERNELS.matMul, { a, b }, { transposeA: ta, transposeB: tb }).dataSync();
            return tf.matMul(ta ? tf.transpose(a) : a, tb ? tf.transpose(b) : b).dataSync();
          }),
        );
        assert.equal(native.length, m * n);
        for (let i = 0; i < native.length; i++) {
          assert.ok(Math.abs(native[i] - wasm[i]) <= 1e-5 * (Math.sqrt(k) + Math.abs(wasm[i])), `${m}×${k}×${n} ${ta}/${tb} [${i}]: ${native[i]} vs ${wasm[i]}`);
        }
      }
    }
  });
}

test('a dense layer on native is one TsganMatMul call with the bias and activation (tanh included), and equals act(x·W + b) with TF.js ops on wasm', { skip }, async () => {
  const acts: ActivationName[] = ['linear', 'relu', 'leakyRelu', 'sigmoid', 'elu', 'tanh'];
  for (const [n, k, m] of [[1, 1, 1], [7, 33, 5], [64, 100, 257]]) {
    const xv = normal(n * k), wv = normal(k * m, 1 / Math.sqrt(k)), bv = normal(m);
    for (const act of acts) {
      const { native, wasm } = await both(2, (isNative) =>
        tf.tidy(() => {
          const x = tf.tensor2d(xv, [n, k]), w = tf.tensor2d(wv, [k, m]), b = tf.tensor1d(bv);
          if (!isNative) return applyActivation(tf.add(tf.matMul(x, w), b) as tf.Tensor2D, act).dataSync();
          const kernelsBefore = countKernel(FUSED_KERNELS.matMul);
          const y = denseForward(x, w, b, act).dataSync();
          assert.equal(countKernel(FUSED_KERNELS.matMul) - kernelsBefore, 1, `${act}: one TsganMatMul call`);
          return y;
        }),
      );
      for (let i = 0; i < native.length; i++) {
        assert.ok(Math.abs(native[i] - wasm[i]) <= 1e-5 * (1 + Math.abs(wasm[i])), `${act} ${n}×${k}×${m} [${i}]: ${native[i]} vs ${wasm[i]}`);
      }
    }
  }
});
