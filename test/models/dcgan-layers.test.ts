/**
 * The DCGAN's layers with hand-written backward passes, against TF.js autodiff (cpu backend: the wasm
 * backend cannot differentiate convolutions) and central finite differences: the transposed
 * convolution (sub-pixel forward) and batch norm (training and evaluation modes, running statistics).
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import '../helpers/tf-gradients.js';
import * as tf from '@tensorflow/tfjs-core';
import { setupBackend } from '../helpers/backend.js';
import { maxRelErr } from '../helpers/compare.js';
import { TransposedConv2d, transposedConv2d } from '../../src/models/dcgan-transposed-conv.js';
import { BatchNorm, BATCH_NORM_EPSILON, BATCH_NORM_MOMENTUM } from '../../src/models/batch-norm.js';
import { createRng } from '../../src/random/rng.js';

await setupBackend();

const CASES = [
  { n: 2, h: 7, c: 3, o: 2, k: 4, s: 2 },
  { n: 2, h: 4, c: 2, o: 3, k: 5, s: 2 },
  { n: 1, h: 5, c: 2, o: 2, k: 3, s: 2 },
  { n: 2, h: 3, c: 4, o: 1, k: 4, s: 2 },
  { n: 2, h: 3, c: 2, o: 2, k: 2, s: 2 },
  { n: 1, h: 3, c: 2, o: 2, k: 6, s: 3 },
  { n: 2, h: 4, c: 2, o: 2, k: 3, s: 1 },
  // ≥ 8 output channels: one convolution per phase
  { n: 2, h: 3, c: 3, o: 8, k: 4, s: 2 },
  { n: 2, h: 3, c: 2, o: 9, k: 5, s: 2 },
  { n: 1, h: 2, c: 2, o: 8, k: 3, s: 3 },
];

for (const t of CASES) {
  test(`transposed conv ${t.c} → ${t.o}, ${t.k}×${t.k}, ×${t.s}: forward = tf.conv2dTranspose, backward = TF.js autodiff`, async () => {
    const rng = createRng(5);
    const layer = TransposedConv2d.create({ inChannels: t.c, outChannels: t.o, kernelSize: t.k, stride: t.s, bias: true }, rng.fillNormal(new Float32Array(t.k * t.k * t.c * t.o)), 'test');
    tf.tidy(() => layer.b!.assign(tf.tensor1d(rng.fillNormal(new Float32Array(t.o)))));
    const xv = rng.fillNormal(new Float32Array(t.n * t.h * t.h * t.c));
    const x = tf.tensor4d(xv, [t.n, t.h, t.h, t.c]);
    const outShape = layer.outputShape(x.shape);
    assert.deepEqual(outShape, [t.n, t.h * t.s, t.h * t.s, t.o]);
    const upv = rng.fillNormal(new Float32Array(outShape.reduce((a, b) => a * b, 1)));
    const mine = tf.tidy(() => {
      const y = layer.forward(x);
      const { grads, dInput } = layer.backward(x, tf.tensor4d(upv, outShape), { weights: true, input: true });
      return { y: y.dataSync(), dilated: layer.forwardDilated(x).dataSync(), dx: dInput!.dataSync(), dw: grads!.w.dataSync(), db: grads!.b!.dataSync() };
    });
    const wv = layer.w.dataSync() as Float32Array;
    const bv = layer.b!.dataSync() as Float32Array;
    await tf.setBackend('cpu');
    const ref = tf.tidy(() => {
      const f = (xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) => tf.add(tf.conv2dTranspose(xx as tf.Tensor4D, ww as tf.Tensor4D, outShape, t.s, 'same'), bb);
      const args = [tf.tensor4d(xv, x.shape), tf.tensor4d(wv, layer.w.shape), tf.tensor1d(bv)];
      const y = f(args[0], args[1], args[2]).dataSync();
      const [gx, gw, gb] = tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => tf.sum(tf.mul(f(a, b, c), tf.tensor4d(upv, outShape))))(args);
      return { y, dx: gx.dataSync(), dw: gw.dataSync(), db: gb.dataSync() };
    });
    await tf.setBackend('wasm');
    assert.ok(maxRelErr(mine.y, ref.y) < 1e-5, `forward vs conv2dTranspose: ${maxRelErr(mine.y, ref.y)}`);
    assert.ok(maxRelErr(mine.dilated, ref.y) < 1e-5, `dilated forward vs conv2dTranspose: ${maxRelErr(mine.dilated, ref.y)}`);
    for (const key of ['dx', 'dw', 'db'] as const) assert.ok(maxRelErr(mine[key], ref[key]) < 1e-5, `${key} vs autodiff: ${maxRelErr(mine[key], ref[key])}`);
    x.dispose();
    layer.dispose();
  });
}

test('transposedConv2d is the input gradient of a stride-2 convolution (the discriminator\'s use of it)', () => {
  const rng = createRng(8);
  tf.tidy(() => {
    const w = tf.tensor4d(rng.fillNormal(new Float32Array(4 * 4 * 3 * 5)), [4, 4, 3, 5]);
    const u = tf.tensor4d(rng.fillNormal(new Float32Array(2 * 8 * 8 * 3)), [2, 8, 8, 3]);
    const dy = tf.tensor4d(rng.fillNormal(new Float32Array(2 * 4 * 4 * 5)), [2, 4, 4, 5]);
    // ⟨dy, conv(u)⟩ = ⟨transposedConv2d(dy), u⟩ for every u: check on this u and against the finite difference of the linear map.
    const lhs = tf.sum(tf.mul(dy, tf.conv2d(u, w, 2, 'same'))).dataSync()[0];
    const rhs = tf.sum(tf.mul(transposedConv2d(dy, w, 2), u)).dataSync()[0];
    assert.ok(Math.abs(lhs - rhs) < 1e-4 * Math.abs(lhs), `${lhs} vs ${rhs}`);
  });
});

/** The batch-norm formulas in float64 for one channel's values. */
function bnRef(x: number[], gamma: number, beta: number): number[] {
  const n = x.length;
  const mu = x.reduce((a, b) => a + b, 0) / n;
  const v = x.reduce((a, b) => a + (b - mu) ** 2, 0) / n;
  return x.map((xi) => (gamma * (xi - mu)) / Math.sqrt(v + BATCH_NORM_EPSILON) + beta);
}

for (const shape of [[3, 4, 5, 3], [6, 4]] as const) {
  test(`batch norm [${shape}]: training forward, backward vs TF.js autodiff and finite differences, running statistics`, async () => {
    const rng = createRng(3);
    const c = shape[shape.length - 1];
    const size = shape.reduce((a, b) => a * b, 1);
    const bn = BatchNorm.create(c, 'bn');
    const gv = Float32Array.from({ length: c }, () => 1 + 0.5 * rng.normal());
    const bv = Float32Array.from({ length: c }, () => rng.normal());
    tf.tidy(() => {
      bn.gamma.assign(tf.tensor1d(gv));
      bn.beta.assign(tf.tensor1d(bv));
    });
    const xv = Float32Array.from({ length: size }, () => 2 + 3 * rng.normal());
    const upv = rng.fillNormal(new Float32Array(size));
    const x = tf.tensor(xv, [...shape]);
    const mine = tf.tidy(() => {
      const { output, cache } = bn.forwardWithCache(x);
      const { grads, dInput } = bn.backward(cache, tf.tensor(upv, [...shape]), { weights: true, input: true });
      return { y: output.dataSync(), dx: dInput!.dataSync(), dg: grads!.gamma.dataSync(), db: grads!.beta.dataSync() };
    });
    // Forward against the formula, channel by channel (float64).
    const perChannel = Array.from({ length: c }, (_, ch) => Array.from({ length: size / c }, (_, i) => xv[i * c + ch]));
    const yRef = new Float64Array(size);
    perChannel.forEach((vals, ch) => bnRef(vals, gv[ch], bv[ch]).forEach((y, i) => (yRef[i * c + ch] = y)));
    assert.ok(maxRelErr(mine.y, yRef) < 1e-5, `forward: ${maxRelErr(mine.y, yRef)}`);
    // Running statistics after one step from (0, 1): m·μ and (1 − m) + m·unbiased variance.
    const m = BATCH_NORM_MOMENTUM;
    const rm = bn.runningMean.dataSync();
    const rv = bn.runningVar.dataSync();
    perChannel.forEach((vals, ch) => {
      const n = vals.length;
      const mu = vals.reduce((a, b) => a + b, 0) / n;
      const unbiased = vals.reduce((a, b) => a + (b - mu) ** 2, 0) / (n - 1);
      assert.ok(Math.abs(rm[ch] - m * mu) < 1e-5 * (1 + Math.abs(mu)));
      assert.ok(Math.abs(rv[ch] - ((1 - m) + m * unbiased)) < 1e-4 * (1 + unbiased));
    });
    // Evaluation mode uses the running statistics.
    const evalY = tf.tidy(() => bn.forward(x).dataSync());
    const evalRef = Array.from(xv, (v, i) => (gv[i % c] * (v - rm[i % c])) / Math.sqrt(rv[i % c] + BATCH_NORM_EPSILON) + bv[i % c]);
    assert.ok(maxRelErr(evalY, evalRef) < 1e-5, `eval forward: ${maxRelErr(evalY, evalRef)}`);
    // Backward against TF.js autodiff of the same formulas (cpu backend).
    await tf.setBackend('cpu');
    const ref = tf.tidy(() => {
      const axes = shape.map((_, i) => i).slice(0, -1);
      const f = (xx: tf.Tensor, gg: tf.Tensor, bb: tf.Tensor) => {
        const { mean, variance } = tf.moments(xx, axes);
        return tf.sum(tf.mul(tf.add(tf.mul(tf.div(tf.sub(xx, mean), tf.sqrt(tf.add(variance, BATCH_NORM_EPSILON))), gg), bb), tf.tensor(upv, [...shape])));
      };
      const [gx, gg, gb] = tf.grads(f)([tf.tensor(xv, [...shape]), tf.tensor1d(gv), tf.tensor1d(bv)]);
      return { dx: gx.dataSync(), dg: gg.dataSync(), db: gb.dataSync() };
    });
    await tf.setBackend('wasm');
    assert.ok(maxRelErr(mine.dx, ref.dx) < 1e-4, `dx vs autodiff: ${maxRelErr(mine.dx, ref.dx)}`);
    assert.ok(maxRelErr(mine.dg, ref.dg) < 1e-5, `dγ vs autodiff: ${maxRelErr(mine.dg, ref.dg)}`);
    assert.ok(maxRelErr(mine.db, ref.db) < 1e-5, `dβ vs autodiff: ${maxRelErr(mine.db, ref.db)}`);
    // And ∂L/∂x against central differences of the float64 formula.
    const loss = (xa: Float64Array) => {
      let s = 0;
      for (let ch = 0; ch < c; ch++) {
        const vals = Array.from({ length: size / c }, (_, i) => xa[i * c + ch]);
        bnRef(vals, gv[ch], bv[ch]).forEach((y, i) => (s += y * upv[i * c + ch]));
      }
      return s;
    };
    const x64 = Float64Array.from(xv);
    const eps = 1e-5;
    for (const i of [0, 1, Math.floor(size / 2), size - 1]) {
      const keep = x64[i];
      x64[i] = keep + eps;
      const p = loss(x64);
      x64[i] = keep - eps;
      const q = loss(x64);
      x64[i] = keep;
      const num = (p - q) / (2 * eps);
      assert.ok(Math.abs(num - mine.dx[i]) < 1e-3 * (1 + Math.abs(num)), `dx[${i}] ${mine.dx[i]} vs ${num}`);
    }
    x.dispose();
    bn.dispose();
  });
}

test('batch norm and transposed conv: weights round-trip, no leaked tensors', () => {
  const bn = BatchNorm.create(3, 'a');
  const x = tf.randomNormal([4, 2, 2, 3]) as tf.Tensor4D;
  tf.tidy(() => {
    bn.forwardWithCache(x);
  });
  const saved = bn.getWeights('bn0');
  assert.deepEqual(saved.map((w) => w.name), ['bn0/gamma', 'bn0/beta', 'bn0/runningMean', 'bn0/runningVar']);
  const other = BatchNorm.create(3, 'b');
  other.setWeights(saved, 'bn0');
  assert.deepEqual(other.getWeights('bn0'), saved);
  assert.throws(() => BatchNorm.create(4, 'c').setWeights(saved, 'bn0'), /shape \[3\] but the layer needs \[4\]/);
  const layer = TransposedConv2d.create({ inChannels: 3, outChannels: 2, kernelSize: 4, stride: 2, bias: false }, new Float32Array(4 * 4 * 3 * 2).fill(0.1), 't');
  assert.deepEqual(layer.getWeights('d').map((w) => w.name), ['d/w']);
  const before = tf.memory().numTensors;
  for (let i = 0; i < 3; i++) {
    tf.tidy(() => {
      const { output, cache } = bn.forwardWithCache(x);
      bn.backward(cache, tf.onesLike(output), { weights: true, input: true });
      layer.backward(x, tf.onesLike(layer.forward(x)), { weights: true, input: true });
    });
  }
  assert.equal(tf.memory().numTensors, before);
  for (const t of [bn, other, layer]) t.dispose();
  x.dispose();
});
