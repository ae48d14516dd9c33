/**
 * Issue #21, the native per-channel kernels of convolutional layers (native/cpu/channels.h):
 * TsganChannelSums (src/models/channel-sums.ts) and TsganBatchNorm / TsganBatchNormGrad
 * (src/models/batch-norm.ts, with and without the ReLU folded in):
 *
 * - channel sums against float64 sums (error relative to Σ|x|) ≤ 1e-5, and against the wasm engine;
 * - batch norm's training forward (output, x̂, 1/σ, the moved running statistics) and backward (∂L/∂x,
 *   ∂L/∂γ, ∂L/∂β) against the wasm engine's TF.js reference, each tensor's largest error relative to
 *   its largest value ≤ 1e-5; sizes 1, 7, 33, a 784-pixel image, and the DCGAN's [64, 14, 14, 32];
 * - the kernels run on the native engine only, and give the same bits on 1 and 2 threads.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { nativeThreads, useBackend } from '../../src/node/backend/backend.js';
import { loadNativeAddon, type NativeAddon } from '../../src/node/backend/native/addon.js';
import { BatchNorm } from '../../src/models/batch-norm.js';
import { channelSums } from '../../src/models/channel-sums.js';
import { FUSED_KERNELS, fusedKernelUsable } from '../../src/ops/fused-kernels.js';
import { createRng } from '../../src/random/rng.js';

const load = loadNativeAddon();
const skip = load.addon === undefined ? `the native addon is not available: ${load.reason}` : false;
const addon = load.addon as NativeAddon;
const TOL = 1e-5;
const rng = createRng(2123);
const size = (shape: readonly number[]) => shape.reduce((p, d) => p * d, 1);
const values = (t: tf.Tensor) => (t.dataSync() as Float32Array).slice();
const sameBits = (x: Float32Array, y: Float32Array) => Buffer.from(x.buffer, x.byteOffset, x.byteLength).equals(Buffer.from(y.buffer, y.byteOffset, y.byteLength));

/** Largest |a − b| over the largest |b| (0 for two zero tensors). */
function relativeError(a: Float32Array, b: Float32Array): number {
  assert.equal(a.length, b.length);
  let d = 0, m = 0;
  for (let i = 0; i < a.length; i++) {
    d = Math.max(d, Math.abs(a[i] - b[i]));
    m = Math.max(m, Math.abs(b[i]));
  }
  return m === 0 ? d : d / m;
}

const SUM_SHAPES = [[1], [7, 33], [3, 28, 28, 1], [128, 14, 14, 32], [5, 1, 1, 300]];

test('native channel sums: within 1e-5 of float64 sums and of the wasm engine', { skip }, async () => {
  const inputs = SUM_SHAPES.map((s) => rng.fillUniform(new Float32Array(size(s)), -1, 1));
  const run = () => SUM_SHAPES.map((s, i) => tf.tidy(() => values(channelSums(tf.tensor(inputs[i], s)))));
  await useBackend('wasm');
  const wasm = run();
  await useBackend('native');
  assert.ok(fusedKernelUsable(FUSED_KERNELS.channelSums));
  const native = run();
  SUM_SHAPES.forEach((s, i) => {
    const c = s[s.length - 1];
    for (let ch = 0; ch < c; ch++) {
      let sum = 0, abs = 0;
      for (let e = ch; e < inputs[i].length; e += c) {
        sum += inputs[i][e];
        abs += Math.abs(inputs[i][e]);
      }
      assert.ok(Math.abs(native[i][ch] - sum) <= TOL * abs, `[${s}] channel ${ch}: native ${native[i][ch]}, float64 ${sum}`);
      assert.ok(Math.abs(native[i][ch] - wasm[i][ch]) <= TOL * abs, `[${s}] channel ${ch}: native ${native[i][ch]}, wasm ${wasm[i][ch]}`);
    }
  });
});

const BN_SHAPES = [[2, 7], [7, 1, 1, 33], [1, 28, 28, 1], [64, 14, 14, 32]];

/** One training forward and backward pass of a fresh batch norm (γ, β set) per shape: every tensor it yields. */
function batchNormRun(inputs: { x: Float32Array; dy: Float32Array; gamma: Float32Array; beta: Float32Array }[], activation: 'linear' | 'relu'): Record<string, Float32Array>[] {
  return BN_SHAPES.map((s, i) =>
    tf.tidy(() => {
      const c = s[s.length - 1];
      const bn = BatchNorm.create(c, 'bn');
      bn.gamma.assign(tf.tensor1d(inputs[i].gamma));
      bn.beta.assign(tf.tensor1d(inputs[i].beta));
      const { output, cache } = bn.forwardWithCache(tf.tensor(inputs[i].x, s), activation);
      const { grads, dInput } = bn.backward(cache, tf.tensor(inputs[i].dy, s), { weights: true, input: true }, activation === 'relu' ? output : undefined);
      const r = {
        output: values(output), xHat: values(cache.xHat), invStd: values(cache.invStd), runningMean: values(bn.runningMean), runningVar: values(bn.runningVar),
        dInput: values(dInput!), gamma: values(grads!.gamma), beta: values(grads!.beta),
      };
      bn.dispose();
      return r;
    }),
  );
}

test('native batch norm (training forward and backward, with and without a ReLU): within 1e-5 of the wasm engine', { skip }, async () => {
  const inputs = BN_SHAPES.map((s) => {
    const c = s[s.length - 1];
    return { x: rng.fillUniform(new Float32Array(size(s)), -2, 3), dy: rng.fillUniform(new Float32Array(size(s)), -1, 1), gamma: rng.fillUniform(new Float32Array(c), 0.5, 1.5), beta: rng.fillUniform(new Float32Array(c), -0.5, 0.5) };
  });
  for (const activation of ['linear', 'relu'] as const) {
    await useBackend('wasm');
    assert.equal(fusedKernelUsable(FUSED_KERNELS.batchNorm), false);
    const wasm = batchNormRun(inputs, activation);
    await useBackend('native');
    assert.ok(fusedKernelUsable(FUSED_KERNELS.batchNorm) && fusedKernelUsable(FUSED_KERNELS.batchNormGrad));
    const native = batchNormRun(inputs, activation);
    BN_SHAPES.forEach((s, i) => {
      for (const key of Object.keys(wasm[i])) {
        const e = relativeError(native[i][key], wasm[i][key]);
        assert.ok(e <= TOL, `[${s}] ${activation} ${key}: native against wasm ${e}`);
      }
    });
  }
});

test('native channel sums and batch norm: the same bits on 1 and 2 threads', { skip }, async () => {
  const s = [128, 14, 14, 32];
  const c = 32;
  const inputs = [{ x: rng.fillUniform(new Float32Array(size(s)), -2, 3), dy: rng.fillUniform(new Float32Array(size(s)), -1, 1), gamma: rng.fillUniform(new Float32Array(c), 0.5, 1.5), beta: rng.fillUniform(new Float32Array(c), -0.5, 0.5) }];
  await useBackend('native');
  const run = (threads: number) => {
    addon.setThreads(threads);
    try {
      return tf.tidy(() => {
        const bn = BatchNorm.create(c, 'bn');
        bn.gamma.assign(tf.tensor1d(inputs[0].gamma));
        const x = tf.tensor(inputs[0].x, s);
        const { output, cache } = bn.forwardWithCache(x, 'relu');
        const { grads, dInput } = bn.backward(cache, tf.tensor(inputs[0].dy, s), { weights: true, input: true }, output);
        const r = [channelSums(x), output, cache.xHat, cache.invStd, bn.runningVar, dInput!, grads!.gamma, grads!.beta].map(values);
        bn.dispose();
        return r;
      });
    } finally {
      addon.setThreads(nativeThreads());
    }
  };
  const one = run(1), two = run(2);
  one.forEach((v, i) => assert.ok(sameBits(v, two[i]), `tensor ${i}: 1 thread vs 2`));
});
