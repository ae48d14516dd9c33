/**
 * Issue #21, the native convolution gradients (native/cpu/conv.h): the fused kernels
 * TsganConv2DFilterGrad / TsganConv2DInputGrad that src/models/conv2d-gradients.ts (and the DCGAN's
 * transposed convolution) run where registered, and TF.js's Conv2DBackpropFilter / Conv2DBackpropInput
 * (autodiff of conv2d, tf.conv2dTranspose) on the native engine:
 *
 * - against a float64 reference computed here (test/helpers/native-conv-reference.ts; error relative to
 *   the scale Σ|terms| a float32 sum is rounded at) ≤ 1e-5, and against the wasm engine's result (the
 *   forward-convolution formulation of conv2d-gradients.ts, the sub-pixel transposed convolution,
 *   TF.js's own gradient kernels); sizes 1, 7, 33 and a 784-pixel image, strides 1–3 (also wider than
 *   the kernel: pixels no tap reads), 'same' and 'valid', products cut into several chunks;
 * - the fused kernels are registered on the native engine only (the wasm engine keeps the reference);
 * - the same bits on 1 and 2 threads and at the avx2 and avx512 levels.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { nativeThreads, useBackend } from '../../src/node/backend/backend.js';
import { loadNativeAddon, type NativeAddon, type NativeLevel } from '../../src/node/backend/native/addon.js';
import { conv2dFilterGradient, conv2dInputGradient } from '../../src/models/conv2d-gradients.js';
import { transposedConv2d } from '../../src/models/dcgan-transposed-conv.js';
import { FUSED_KERNELS, fusedKernelUsable } from '../../src/ops/fused-kernels.js';
import { createRng } from '../../src/random/rng.js';
import '../helpers/tf-gradients.js';
import { worstError } from '../helpers/native-reference.js';
import { convGeometry, referenceFilterGrad, referenceInputGrad } from '../helpers/native-conv-reference.js';

const load = loadNativeAddon();
const skip = load.addon === undefined ? `the native addon is not available: ${load.reason}` : false;
const addon = load.addon as NativeAddon;
const TOL = 1e-5;
const rng = createRng(2122);
const size = (shape: readonly number[]) => shape.reduce((p, d) => p * d, 1);
const uniform = (n: number) => rng.fillUniform(new Float32Array(n), -1, 1);
const sameBits = (x: Float32Array, y: Float32Array) => Buffer.from(x.buffer, x.byteOffset, x.byteLength).equals(Buffer.from(y.buffer, y.byteOffset, y.byteLength));

type Shape4 = [number, number, number, number];

/** y = conv2d(x, W, stride, padding) with x, W and an upstream gradient dy of y's shape. */
interface Case {
  readonly label: string;
  readonly xShape: Shape4;
  readonly wShape: Shape4;
  readonly stride: number;
  readonly padding: 'same' | 'valid';
  readonly x: Float32Array;
  readonly w: Float32Array;
  readonly dy: Float32Array;
  readonly dyShape: Shape4;
}

function makeCase(label: string, xShape: Shape4, wShape: Shape4, stride: number, padding: 'same' | 'valid'): Case {
  const g = convGeometry(xShape, wShape, [stride, stride], padding);
  const dyShape: Shape4 = [g.n, g.oh, g.ow, g.o];
  return { label, xShape, wShape, stride, padding, x: uniform(size(xShape)), w: uniform(size(wShape)), dy: uniform(size(dyShape)), dyShape };
}

const CASES: Case[] = [
  makeCase('DCGAN D conv1 (K 1176 pixels, several chunks)', [24, 14, 14, 32], [4, 4, 32, 64], 2, 'same'),
  makeCase('DCGAN D conv0: 784-pixel images', [6, 28, 28, 1], [4, 4, 1, 32], 2, 'same'),
  makeCase('one pixel, 1×1', [1, 1, 1, 1], [1, 1, 1, 1], 1, 'valid'),
  makeCase('3×3 same on one pixel', [2, 1, 1, 7], [3, 3, 7, 1], 1, 'same'),
  makeCase('1×1 stride 1 (pointwise), 33 channels', [2, 7, 7, 33], [1, 1, 33, 7], 1, 'same'),
  makeCase('1×1 stride 2 valid (every other pixel unread)', [2, 7, 7, 3], [1, 1, 3, 5], 2, 'valid'),
  makeCase('33×33, 5×5 stride 3 same', [1, 33, 33, 3], [5, 5, 3, 4], 3, 'same'),
  makeCase('33 channels, 5×5 stride 1 same (K 825 columns, several chunks)', [2, 33, 33, 33], [5, 5, 33, 7], 1, 'same'),
  makeCase('7×7, 3×3 stride 2 valid', [3, 7, 7, 5], [3, 3, 5, 7], 2, 'valid'),
  makeCase('stride 3 wider than the 2×2 kernel, 784 pixels', [2, 28, 28, 7], [2, 2, 7, 33], 3, 'valid'),
];

interface Result {
  readonly dw: Float32Array;
  readonly dx: Float32Array;
  /** The same gradients by autodiff of tf.conv2d (Conv2DBackpropFilter / Conv2DBackpropInput). */
  readonly autodiff?: { dw: Float32Array; dx: Float32Array };
}

const values = (t: tf.Tensor) => (t.dataSync() as Float32Array).slice();

/** conv2dFilterGradient, conv2dInputGradient (and, with `autodiff`, tf.grads of conv2d) of a case on the active backend. */
function onTf(c: Case, autodiff: boolean): Result {
  return tf.tidy(() => {
    const x = tf.tensor4d(c.x, c.xShape), w = tf.tensor4d(c.w, c.wShape), dy = tf.tensor4d(c.dy, c.dyShape);
    const dw = conv2dFilterGradient(x, dy, [c.wShape[0], c.wShape[1]], c.stride, c.padding);
    const dx = conv2dInputGradient(dy, w, c.xShape, c.stride, c.padding);
    assert.deepEqual(dw.shape, c.wShape, `${c.label}: dW shape`);
    assert.deepEqual(dx.shape, c.xShape, `${c.label}: dx shape`);
    if (!autodiff) return { dw: values(dw), dx: values(dx) };
    const [gx, gw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.stride, c.padding))([x, w], dy);
    return { dw: values(dw), dx: values(dx), autodiff: { dw: values(gw), dx: values(gx) } };
  });
}

function check(label: string, got: Float32Array, ref: { value: Float64Array; scale: Float64Array }): void {
  const e = worstError(got, ref.value, ref.scale);
  assert.ok(e.error <= TOL, `${label}: ${JSON.stringify(e)}`);
}

test('native convolution gradients: the fused kernels are registered on the native engine only', { skip }, async () => {
  await useBackend('wasm');
  assert.equal(fusedKernelUsable(FUSED_KERNELS.conv2dFilterGrad), false);
  assert.equal(fusedKernelUsable(FUSED_KERNELS.conv2dInputGrad), false);
  await useBackend('native');
  assert.equal(fusedKernelUsable(FUSED_KERNELS.conv2dFilterGrad), true);
  assert.equal(fusedKernelUsable(FUSED_KERNELS.conv2dInputGrad), true);
  // Under a gradient tape the differentiable reference runs.
  tf.grad((x: tf.Tensor) => {
    assert.equal(fusedKernelUsable(FUSED_KERNELS.conv2dFilterGrad), false);
    return tf.sum(x);
  })(tf.scalar(1));
});

test('native convolution gradients: ∂L/∂W and ∂L/∂x within 1e-5 of float64 and of the wasm engine (fused kernels and autodiff of conv2d)', { skip }, async () => {
  await useBackend('wasm');
  // On wasm autodiff needs Conv2DBackpropFilter, which that backend lacks: only the reference forms.
  const wasm = CASES.map((c) => onTf(c, false));
  await useBackend('native');
  const native = CASES.map((c) => onTf(c, true));
  CASES.forEach((c, i) => {
    const g = convGeometry(c.xShape, c.wShape, [c.stride, c.stride], c.padding);
    const rw = referenceFilterGrad(g, c.x, c.dy);
    const rx = referenceInputGrad(g, c.dy, c.w);
    check(`${c.label}: wasm ∂L/∂W against float64 (the reference is wrong?)`, wasm[i].dw, rw);
    check(`${c.label}: wasm ∂L/∂x against float64 (the reference is wrong?)`, wasm[i].dx, rx);
    check(`${c.label}: native ∂L/∂W against float64`, native[i].dw, rw);
    check(`${c.label}: native ∂L/∂x against float64`, native[i].dx, rx);
    check(`${c.label}: native ∂L/∂W against wasm`, native[i].dw, { value: Float64Array.from(wasm[i].dw), scale: rw.scale });
    check(`${c.label}: native ∂L/∂x against wasm`, native[i].dx, { value: Float64Array.from(wasm[i].dx), scale: rx.scale });
    check(`${c.label}: native Conv2DBackpropFilter against float64`, native[i].autodiff!.dw, rw);
    check(`${c.label}: native Conv2DBackpropInput against float64`, native[i].autodiff!.dx, rx);
  });
});

/** The transposed convolutions of the DCGAN (G's upsamplings, D's backward) and odd ones: x [n, h, w, in], W [k, k, out, in], stride. */
const TRANSPOSED: { label: string; x: Shape4; w: Shape4; s: number }[] = [
  { label: 'G deconv0: 7×7×64 → 14×14×32', x: [5, 7, 7, 64], w: [4, 4, 32, 64], s: 2 },
  { label: 'G deconv1: 14×14×32 → 28×28×1 (784 pixels)', x: [3, 14, 14, 32], w: [4, 4, 1, 32], s: 2 },
  { label: '1×1 input, 3×3 stride 3, 7 → 33', x: [2, 1, 1, 7], w: [3, 3, 33, 7], s: 3 },
  { label: '5×5 stride 1', x: [2, 7, 7, 3], w: [5, 5, 4, 3], s: 1 },
];

test('native transposed convolution (the input-gradient kernel) and tf.conv2dTranspose: within 1e-5 of float64 and of the wasm engine', { skip }, async () => {
  const inputs = TRANSPOSED.map((t) => ({ x: uniform(size(t.x)), w: uniform(size(t.w)) }));
  const run = () =>
    TRANSPOSED.map((t, i) =>
      tf.tidy(() => {
        const x = tf.tensor4d(inputs[i].x, t.x), w = tf.tensor4d(inputs[i].w, t.w);
        const out: Shape4 = [t.x[0], t.x[1] * t.s, t.x[2] * t.s, t.w[2]];
        return { ours: values(transposedConv2d(x, w, t.s)), tfjs: values(tf.conv2dTranspose(x, w, out, t.s, 'same')) };
      }),
    );
  await useBackend('wasm');
  const wasm = run();
  await useBackend('native');
  const native = run();
  TRANSPOSED.forEach((t, i) => {
    // Aᵀx is the input gradient of the convolution [n, s·h, s·w, out] → [n, h, w, in] for dy = x.
    const g = convGeometry([t.x[0], t.x[1] * t.s, t.x[2] * t.s, t.w[2]], t.w, [t.s, t.s], 'same');
    const ref = referenceInputGrad(g, inputs[i].x, inputs[i].w);
    check(`${t.label}: wasm sub-pixel against float64 (the reference is wrong?)`, wasm[i].ours, ref);
    check(`${t.label}: native against float64`, native[i].ours, ref);
    check(`${t.label}: native tf.conv2dTranspose against float64`, native[i].tfjs, ref);
    check(`${t.label}: native against wasm`, native[i].ours, { value: Float64Array.from(wasm[i].ours), scale: ref.scale });
  });
});

const DETERMINISM = [
  makeCase('D conv1 at batch 128 (13 chunks of the filter gradient)', [128, 14, 14, 32], [4, 4, 32, 64], 2, 'same'),
  makeCase('D conv0 at batch 128', [128, 28, 28, 1], [4, 4, 1, 32], 2, 'same'),
  makeCase('33 channels, 5×5', [2, 33, 33, 33], [5, 5, 33, 7], 1, 'same'),
];

async function nativeRun(threads: number, level: NativeLevel): Promise<Result[]> {
  await useBackend('native');
  addon.setThreads(threads);
  addon.setLevel(level);
  try {
    return DETERMINISM.map((c) => onTf(c, true));
  } finally {
    addon.setThreads(nativeThreads());
    addon.setLevel(addon.info().detected);
  }
}

test('native convolution gradients: the same bits on 1 and 2 threads, and at the avx2 and avx512 levels', { skip }, async () => {
  const detected = addon.info().detected;
  const runs: [string, Result[]][] = [['1 thread', await nativeRun(1, detected)], ['2 threads', await nativeRun(2, detected)]];
  if (detected === 'avx512') runs.push(['avx2', await nativeRun(2, 'avx2')]);
  const [base, ...others] = runs;
  for (const [label, r] of others) {
    DETERMINISM.forEach((c, i) => {
      assert.ok(sameBits(r[i].dw, base[1][i].dw), `${c.label}: ∂L/∂W, ${label} vs ${base[0]}`);
      assert.ok(sameBits(r[i].dx, base[1][i].dx), `${c.label}: ∂L/∂x, ${label} vs ${base[0]}`);
      assert.ok(sameBits(r[i].autodiff!.dw, base[1][i].autodiff!.dw), `${c.label}: Conv2DBackpropFilter, ${label} vs ${base[0]}`);
      assert.ok(sameBits(r[i].autodiff!.dx, base[1][i].autodiff!.dx), `${c.label}: Conv2DBackpropInput, ${label} vs ${base[0]}`);
    });
  }
});
