/**
 * The convolution layer's hand-written backward pass against TF.js autodiff (cpu backend: the wasm
 * backend has no Conv2DBackpropFilter kernel, so TF.js cannot differentiate conv2d there), against
 * central finite differences of a float64 convolution written out in loops, and the max-pool's.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import '../helpers/tf-gradients.js';
import * as tf from '@tensorflow/tfjs-core';
import { setupBackend } from '../helpers/backend.js';
import { maxRelErr } from '../helpers/compare.js';
import { Conv2d } from '../../src/models/conv2d.js';
import { convAxisGeometry, type ConvPadding } from '../../src/models/conv2d-gradients.js';
import { maxPool2d, maxPool2dBackward } from '../../src/models/max-pool.js';
import { applyActivation, type ActivationName } from '../../src/models/activations.js';
import { createRng } from '../../src/random/rng.js';

await setupBackend();

interface Case {
  n: number; h: number; w: number; c: number; o: number; k: number; s: number; padding: ConvPadding; act: ActivationName;
}
const CASES: Case[] = [
  { n: 2, h: 7, w: 6, c: 2, o: 3, k: 3, s: 1, padding: 'same', act: 'relu' },
  { n: 2, h: 8, w: 8, c: 3, o: 4, k: 5, s: 2, padding: 'same', act: 'linear' },
  { n: 3, h: 9, w: 7, c: 2, o: 3, k: 3, s: 2, padding: 'valid', act: 'tanh' },
  { n: 2, h: 6, w: 6, c: 1, o: 2, k: 4, s: 1, padding: 'same', act: 'leakyRelu' },
  { n: 2, h: 10, w: 11, c: 2, o: 2, k: 3, s: 3, padding: 'valid', act: 'linear' },
  { n: 2, h: 5, w: 5, c: 2, o: 2, k: 1, s: 2, padding: 'valid', act: 'sigmoid' },
  { n: 1, h: 7, w: 7, c: 2, o: 3, k: 4, s: 2, padding: 'same', act: 'elu' },
];
const label = (t: Case) => `${t.n}×${t.h}×${t.w}×${t.c} → ${t.o}, ${t.k}×${t.k}, stride ${t.s}, ${t.padding}, ${t.act}`;

/** conv2d in float64 loops (TF's padding rule), the finite-difference reference. */
function convRef(t: Case, x: Float64Array, w: Float64Array, b: Float64Array): { y: Float64Array; oh: number; ow: number } {
  const gy = convAxisGeometry(t.h, t.k, t.s, t.padding);
  const gx = convAxisGeometry(t.w, t.k, t.s, t.padding);
  const y = new Float64Array(t.n * gy.out * gx.out * t.o);
  for (let n = 0; n < t.n; n++) for (let i = 0; i < gy.out; i++) for (let j = 0; j < gx.out; j++) for (let o = 0; o < t.o; o++) {
    let z = b[o];
    for (let a = 0; a < t.k; a++) for (let bb = 0; bb < t.k; bb++) {
      const r = i * t.s + a - gy.before;
      const q = j * t.s + bb - gx.before;
      if (r < 0 || r >= t.h || q < 0 || q >= t.w) continue;
      for (let c = 0; c < t.c; c++) z += x[((n * t.h + r) * t.w + q) * t.c + c] * w[((a * t.k + bb) * t.c + c) * t.o + o];
    }
    y[((n * gy.out + i) * gx.out + j) * t.o + o] = z;
  }
  return { y, oh: gy.out, ow: gx.out };
}

function act64(v: number, act: ActivationName): number {
  switch (act) {
    case 'relu': return Math.max(v, 0);
    case 'leakyRelu': return v > 0 ? v : 0.2 * v;
    case 'tanh': return Math.tanh(v);
    case 'sigmoid': return 1 / (1 + Math.exp(-v));
    case 'elu': return v > 0 ? v : Math.expm1(v);
    case 'softplus': return Math.log1p(Math.exp(v));
    case 'linear': return v;
  }
}

for (const t of CASES) {
  test(`conv2d backward equals TF.js autodiff and finite differences: ${label(t)}`, async () => {
    const rng = createRng(11);
    const layer = Conv2d.create({ inChannels: t.c, outChannels: t.o, kernelSize: t.k, stride: t.s, padding: t.padding, activation: t.act }, rng, 'test');
    const xv = rng.fillNormal(new Float32Array(t.n * t.h * t.w * t.c));
    const x = tf.tensor4d(xv, [t.n, t.h, t.w, t.c]);
    const outShape = layer.outputShape(x.shape);
    assert.deepEqual(outShape, [t.n, convAxisGeometry(t.h, t.k, t.s, t.padding).out, convAxisGeometry(t.w, t.k, t.s, t.padding).out, t.o]);
    const upv = rng.fillNormal(new Float32Array(outShape.reduce((a, b) => a * b, 1)));
    const up = tf.tensor4d(upv, outShape);
    const { output, cache } = layer.forwardWithCache(x);
    assert.deepEqual(output.shape, outShape);
    const { grads, dInput } = layer.backward(cache, up, { weights: true, input: true });
    const mine = { y: output.dataSync(), dx: dInput!.dataSync(), dw: grads!.w.dataSync(), db: grads!.b.dataSync() };
    const wv = layer.w.dataSync() as Float32Array;
    const bv = layer.b.dataSync() as Float32Array;

    // TF.js autodiff of L = Σ up ⊙ act(conv2d(x, W) + b), on the cpu backend.
    await tf.setBackend('cpu');
    const ref = tf.tidy(() => {
      const f = (xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) =>
        tf.sum(tf.mul(applyActivation(tf.add(tf.conv2d(xx as tf.Tensor4D, ww as tf.Tensor4D, t.s, t.padding), bb), t.act), tf.tensor4d(upv, outShape)));
      const [gx, gw, gb] = tf.grads(f)([tf.tensor4d(xv, x.shape), tf.tensor4d(wv, layer.w.shape), tf.tensor1d(bv)]);
      return { dx: gx.dataSync(), dw: gw.dataSync(), db: gb.dataSync() };
    });
    await tf.setBackend('wasm');
    assert.ok(maxRelErr(mine.dx, ref.dx) < 1e-5, `dx vs autodiff: ${maxRelErr(mine.dx, ref.dx)}`);
    assert.ok(maxRelErr(mine.dw, ref.dw) < 1e-5, `dW vs autodiff: ${maxRelErr(mine.dw, ref.dw)}`);
    assert.ok(maxRelErr(mine.db, ref.db) < 1e-5, `db vs autodiff: ${maxRelErr(mine.db, ref.db)}`);

    // Forward and central differences in float64.
    const x64 = Float64Array.from(xv);
    const w64 = Float64Array.from(wv);
    const b64 = Float64Array.from(bv);
    const lossOf = (xa: Float64Array, wa: Float64Array, ba: Float64Array) => {
      const { y } = convRef(t, xa, wa, ba);
      let s = 0;
      for (let i = 0; i < y.length; i++) s += upv[i] * act64(y[i], t.act);
      return s;
    };
    const yRef = convRef(t, x64, w64, b64).y.map((v) => act64(v, t.act));
    assert.ok(maxRelErr(mine.y, yRef) < 1e-5, 'forward equals the loop convolution');
    const eps = 1e-6;
    const fd = (arr: Float64Array, i: number) => {
      const keep = arr[i];
      arr[i] = keep + eps;
      const p = lossOf(x64, w64, b64);
      arr[i] = keep - eps;
      const m = lossOf(x64, w64, b64);
      arr[i] = keep;
      return (p - m) / (2 * eps);
    };
    for (const [name, arr, g] of [['x', x64, mine.dx], ['W', w64, mine.dw], ['b', b64, mine.db]] as const) {
      const idx = Array.from({ length: Math.min(arr.length, 12) }, (_, j) => Math.floor((j * arr.length) / Math.min(arr.length, 12)));
      const num = idx.map((i) => fd(arr, i));
      const an = idx.map((i) => g[i]);
      assert.ok(maxRelErr(an, num) < 1e-3, `∂L/∂${name} vs finite differences: ${maxRelErr(an, num)} (${an.slice(0, 3)} vs ${num.slice(0, 3)})`);
    }
    tf.dispose([x, up, output, grads!.w, grads!.b, dInput!]);
    layer.dispose();
  });
}

test('max-pool 2×2 backward routes each gradient to its window\'s maximum (equals TF.js autodiff), also for negative maxima', async () => {
  const rng = createRng(3);
  const xv = rng.fillNormal(new Float32Array(2 * 6 * 7 * 3));
  const upv = rng.fillNormal(new Float32Array(2 * 3 * 3 * 3));
  const x = tf.tensor4d(xv, [2, 6, 7, 3]);
  const y = maxPool2d(x, 2);
  assert.deepEqual(y.shape, [2, 3, 3, 3]);
  const dx = maxPool2dBackward(x, y, tf.tensor4d(upv, [2, 3, 3, 3]), 2).dataSync();
  // By hand: every nonzero of dx sits at a window maximum and carries that window's dy.
  let nonzero = 0;
  for (let i = 0; i < dx.length; i++) if (dx[i] !== 0) nonzero++;
  assert.equal(nonzero, 2 * 3 * 3 * 3, 'one position per window (the 7th column is never read)');
  await tf.setBackend('cpu');
  const ref = tf.tidy(() => tf.grad((xx: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(xx as tf.Tensor4D, 2, 2, 'valid'), tf.tensor4d(upv, [2, 3, 3, 3]))))(tf.tensor4d(xv, [2, 6, 7, 3])).dataSync());
  await tf.setBackend('wasm');
  assert.deepEqual(Array.from(dx, (v) => v + 0), Array.from(ref, (v) => v + 0));
  // Ties share the gradient: a window of four equal values gets dy/4 at each.
  const tie = maxPool2dBackward(tf.zeros([1, 2, 2, 1]) as tf.Tensor4D, tf.zeros([1, 1, 1, 1]) as tf.Tensor4D, tf.ones([1, 1, 1, 1]) as tf.Tensor4D, 2).dataSync();
  assert.deepEqual(Array.from(tie), [0.25, 0.25, 0.25, 0.25]);
});

test('conv2d: getWeights/setWeights round-trip, PyTorch-style init bounds, no leaked tensors', () => {
  const shape = { inChannels: 3, outChannels: 4, kernelSize: 3, activation: 'relu' } as const;
  const a = Conv2d.create(shape, createRng(1), 'a');
  const b = Conv2d.create(shape, createRng(2), 'b');
  const wa = a.getWeights('conv0');
  assert.deepEqual(wa.map((w) => w.name), ['conv0/w', 'conv0/b']);
  const bound = 1 / Math.sqrt(27);
  assert.ok(Math.max(...wa[0].values.map(Math.abs)) <= bound && Math.max(...wa[0].values.map(Math.abs)) > 0.8 * bound);
  b.setWeights(wa, 'conv0');
  const x = tf.randomNormal([2, 5, 5, 3]) as tf.Tensor4D;
  assert.deepEqual(Array.from(b.forward(x).dataSync()), Array.from(a.forward(x).dataSync()));
  const wide = Conv2d.create({ ...shape, outChannels: 5 }, createRng(1), 'w');
  assert.throws(() => wide.setWeights(wa, 'conv0'), /shape \[3,3,3,4\] but the layer needs \[3,3,3,5\]/);
  const before = tf.memory().numTensors;
  for (let i = 0; i < 3; i++) {
    tf.tidy(() => {
      const { output, cache } = a.forwardWithCache(x);
      a.backward(cache, tf.onesLike(output), { weights: true, input: true });
    });
  }
  assert.equal(tf.memory().numTensors, before);
  for (const l of [a, b, wide]) l.dispose();
  x.dispose();
});
