/**
 * Issue #21, the native convolution (native/cpu/conv.h, routed as TF.js's Conv2D and FusedConv2D by
 * src/node/backend/native/conv-kernels.ts):
 *
 * - the native backend and the wasm kernel it replaces, each against a float64 convolution computed here
 *   (test/helpers/native-conv-reference.ts; error relative to the scale Σ|x·W| + |bias| a float32 sum is
 *   rounded at) ≤ 1e-5, and against each other; sizes 1, 7, 33 and a 784-pixel image, strides 1–3,
 *   'same', 'valid' and explicit padding, square and oblong kernels from 1×1 to 5×5, products long enough
 *   to be cut into several chunks, every fused activation, bias per channel and one value;
 * - the native backend's values are addon.convForward's, bit for bit (so the native kernel did run);
 * - the same bits on 1 and 2 threads and at the avx2 and avx512 levels; the portable level within 1e-5;
 * - what the native kernel does not run (dilation 2, prelu) is the wasm kernel's result, bit for bit;
 * - an array outside the buffer, or a bad shape, is a RangeError and nothing is written.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { nativeThreads, useBackend } from '../../src/node/backend/backend.js';
import { loadNativeAddon, NATIVE_ACTIVATIONS, type NativeAddon, type NativeLevel } from '../../src/node/backend/native/addon.js';
import { convAddon } from '../../src/node/backend/native/conv-addon.js';
import { createRng } from '../../src/random/rng.js';
import { worstError, type FusedActivation } from '../helpers/native-reference.js';
import { convGeometry, referenceConv, type ConvGeometry, type ConvPad } from '../helpers/native-conv-reference.js';

const load = loadNativeAddon();
const skip = load.addon === undefined ? `the native addon is not available: ${load.reason}` : false;
const addon = load.addon as NativeAddon;
const TOL = 1e-5;
const rng = createRng(2121);
const size = (shape: readonly number[]) => shape.reduce((p, d) => p * d, 1);
const uniform = (n: number) => rng.fillUniform(new Float32Array(n), -1, 1);
const sameBits = (x: Float32Array, y: Float32Array) => Buffer.from(x.buffer, x.byteOffset, x.byteLength).equals(Buffer.from(y.buffer, y.byteOffset, y.byteLength));

interface Case {
  readonly label: string;
  readonly xShape: [number, number, number, number];
  readonly wShape: [number, number, number, number];
  readonly strides: [number, number];
  readonly pad: ConvPad;
  readonly x: Float32Array;
  readonly w: Float32Array;
  /** Through tf.fused.conv2d (FusedConv2D) rather than tf.conv2d (Conv2D). */
  readonly fused: boolean;
  readonly bias?: Float32Array;
  readonly activation: FusedActivation;
}

function makeCase(label: string, xShape: Case['xShape'], wShape: Case['wShape'], strides: number | [number, number], pad: ConvPad, o: { fused?: boolean; bias?: 'channel' | 'scalar'; activation?: FusedActivation } = {}): Case {
  return {
    label, xShape, wShape, pad,
    strides: typeof strides === 'number' ? [strides, strides] : strides,
    x: uniform(size(xShape)),
    w: uniform(size(wShape)),
    fused: o.fused ?? (o.bias !== undefined || o.activation !== undefined),
    bias: o.bias === 'channel' ? uniform(wShape[3]) : o.bias === 'scalar' ? uniform(1) : undefined,
    activation: o.activation ?? 'linear',
  };
}

const CASES: Case[] = [
  makeCase('DCGAN D conv0: 784-pixel images, 4×4 stride 2 same, leakyrelu', [5, 28, 28, 1], [4, 4, 1, 32], 2, 'same', { bias: 'channel', activation: 'leakyrelu' }),
  makeCase('DCGAN D conv1: 14×14×32 → 7×7×64 (K 512, several chunks)', [24, 14, 14, 32], [4, 4, 32, 64], 2, 'same', { bias: 'channel', activation: 'leakyrelu' }),
  makeCase('DCGAN G backward: 7×7×64 → 14×14×32, unfused', [6, 14, 14, 32], [4, 4, 32, 64], 2, 'same'),
  makeCase('one pixel, 1×1', [1, 1, 1, 1], [1, 1, 1, 1], 1, 'valid'),
  makeCase('3×3 same on one pixel (only the centre tap reads x)', [2, 1, 1, 7], [3, 3, 7, 1], 1, 'same', { bias: 'channel', activation: 'relu' }),
  makeCase('1×1 stride 1 (x is its own column matrix), 33 channels', [2, 7, 7, 33], [1, 1, 33, 7], 1, 'same', { bias: 'channel', activation: 'sigmoid' }),
  makeCase('1×1 stride 2 valid', [2, 7, 7, 3], [1, 1, 3, 5], 2, 'valid'),
  makeCase('33×33, 5×5 stride 3 same, relu', [1, 33, 33, 3], [5, 5, 3, 4], 3, 'same', { bias: 'channel', activation: 'relu' }),
  makeCase('33 channels, 5×5 stride 1 same (K 825, several chunks), elu', [2, 33, 33, 33], [5, 5, 33, 7], 1, 'same', { bias: 'channel', activation: 'elu' }),
  makeCase('oblong 2×3 kernel, strides 2, 1 valid, relu6', [3, 7, 9, 5], [2, 3, 5, 7], [2, 1], 'valid', { bias: 'channel', activation: 'relu6' }),
  makeCase('explicit padding [[1, 2], [0, 3]], stride 2', [2, 9, 8, 4], [3, 3, 4, 6], 2, [[1, 2], [0, 3]], { bias: 'channel' }),
  makeCase('stride 3 wider than the 2×2 kernel (unread pixels), 784 pixels', [2, 28, 28, 7], [2, 2, 7, 33], 3, 'valid', { bias: 'channel', activation: 'leakyrelu' }),
  makeCase('one bias value for every channel', [2, 7, 7, 3], [3, 3, 3, 5], 1, 'same', { bias: 'scalar', activation: 'relu' }),
];

const tfPad = (p: ConvPad): 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]] => (p === 'same' || p === 'valid' ? p : [[0, 0], p[0], p[1], [0, 0]]);

function applyActivation(y: tf.Tensor, act: FusedActivation): tf.Tensor {
  switch (act) {
    case 'linear': return y;
    case 'relu': return tf.relu(y);
    case 'leakyrelu': return tf.leakyRelu(y, 0.2);
    case 'sigmoid': return tf.sigmoid(y);
    case 'elu': return tf.elu(y);
    case 'relu6': return tf.relu6(y);
  }
}

/** The case on the active backend: its values and shape (the wasm kernel takes no one-value bias: unfused there). */
function onTf(c: Case, wasm: boolean): { values: Float32Array; shape: number[] } {
  return tf.tidy(() => {
    const x = tf.tensor4d(c.x, c.xShape), w = tf.tensor4d(c.w, c.wShape);
    const bias = c.bias && tf.tensor1d(c.bias);
    const pad = tfPad(c.pad);
    const y = !c.fused
      ? tf.conv2d(x, w, c.strides, pad)
      : wasm && c.bias?.length === 1
        ? applyActivation(tf.add(tf.conv2d(x, w, c.strides, pad), bias!), c.activation)
        : tf.fused.conv2d({ x, filter: w, strides: c.strides, pad, bias, activation: c.activation, leakyreluAlpha: 0.2 });
    return { values: (y.dataSync() as Float32Array).slice(), shape: y.shape };
  });
}

async function onBackend(name: 'wasm' | 'native', cases: readonly Case[]) {
  const info = await useBackend(name);
  assert.equal(info.active, name, `${name} backend: ${info.fallbackReason}`);
  return cases.map((c) => onTf(c, name === 'wasm'));
}

const shapeArray = (g: ConvGeometry) => Int32Array.from([g.n, g.h, g.w, g.c, g.kh, g.kw, g.o, g.sh, g.sw, g.top, g.left, g.oh, g.ow]);

/** The case through addon.convForward directly, on an ArrayBuffer of its own. */
function onAddon(c: Case): Float32Array {
  const g = convGeometry(c.xShape, c.wShape, c.strides, c.pad);
  const nb = c.bias?.length ?? 0;
  const xo = 8, wo = xo + 4 * c.x.length + 4, bo = wo + 4 * c.w.length + 12, yo = bo + 4 * nb + 4;
  const buffer = new ArrayBuffer(yo + 4 * g.n * g.oh * g.ow * g.o);
  new Float32Array(buffer, xo, c.x.length).set(c.x);
  new Float32Array(buffer, wo, c.w.length).set(c.w);
  if (c.bias !== undefined) new Float32Array(buffer, bo, nb).set(c.bias);
  const kind = c.bias === undefined ? 0 : c.bias.length === 1 ? 2 : 1;
  convAddon(addon).convForward(buffer, shapeArray(g), xo, wo, yo, bo, kind, NATIVE_ACTIVATIONS[c.activation], 0.2);
  return new Float32Array(buffer, yo);
}

test('native Conv2D / FusedConv2D: within 1e-5 of float64 and of the wasm kernel, and the addon\'s own bits', { skip }, async () => {
  const wasm = await onBackend('wasm', CASES);
  const native = await onBackend('native', CASES);
  for (const [i, c] of CASES.entries()) {
    const g = convGeometry(c.xShape, c.wShape, c.strides, c.pad);
    const ref = referenceConv(g, c.x, c.w, c.bias, c.activation);
    assert.deepEqual(wasm[i].shape, [g.n, g.oh, g.ow, g.o], `${c.label}: wasm output shape`);
    assert.deepEqual(native[i].shape, wasm[i].shape, `${c.label}: native output shape`);
    const ew = worstError(wasm[i].values, ref.value, ref.scale);
    const en = worstError(native[i].values, ref.value, ref.scale);
    const ex = worstError(native[i].values, wasm[i].values, ref.scale);
    assert.ok(ew.error <= TOL, `${c.label}: the wasm kernel against float64: ${JSON.stringify(ew)} (the reference is wrong?)`);
    assert.ok(en.error <= TOL, `${c.label}: native against float64: ${JSON.stringify(en)}`);
    assert.ok(ex.error <= TOL, `${c.label}: native against wasm: ${JSON.stringify(ex)}`);
    assert.ok(sameBits(native[i].values, onAddon(c)), `${c.label}: the native backend's values are addon.convForward's, bit for bit`);
  }
});

/** The native backend's outputs of `cases` with `threads` threads at `level`. */
async function nativeRun(cases: readonly Case[], threads: number, level: NativeLevel): Promise<Float32Array[]> {
  await useBackend('native');
  addon.setThreads(threads);
  addon.setLevel(level);
  try {
    return cases.map((c) => onTf(c, false).values);
  } finally {
    addon.setThreads(nativeThreads());
    addon.setLevel(addon.info().detected);
  }
}

const DETERMINISM = [
  makeCase('D conv1 at batch 64 (7 chunks)', [64, 14, 14, 32], [4, 4, 32, 64], 2, 'same', { bias: 'channel', activation: 'leakyrelu' }),
  makeCase('D conv0 at batch 64', [64, 28, 28, 1], [4, 4, 1, 32], 2, 'same', { bias: 'channel', activation: 'leakyrelu' }),
  makeCase('33 channels, 5×5', [2, 33, 33, 33], [5, 5, 33, 7], 1, 'same'),
];

test('native Conv2D / FusedConv2D: the same bits on 1 and 2 threads, and at the avx2 and avx512 levels', { skip }, async () => {
  const detected = addon.info().detected;
  const one = await nativeRun(DETERMINISM, 1, detected);
  const two = await nativeRun(DETERMINISM, 2, detected);
  DETERMINISM.forEach((c, i) => assert.ok(sameBits(one[i], two[i]), `${c.label}: 1 thread vs 2`));
  if (detected === 'avx512') {
    const avx2 = await nativeRun(DETERMINISM, 2, 'avx2');
    DETERMINISM.forEach((c, i) => assert.ok(sameBits(two[i], avx2[i]), `${c.label}: avx512 vs avx2`));
  }
  const portable = await nativeRun(DETERMINISM, 2, 'portable');
  DETERMINISM.forEach((c, i) => {
    const ref = referenceConv(convGeometry(c.xShape, c.wShape, c.strides, c.pad), c.x, c.w, c.bias, c.activation);
    const e = worstError(portable[i], ref.value, ref.scale);
    assert.ok(e.error <= TOL, `${c.label}: portable level against float64: ${JSON.stringify(e)}`);
  });
});

test('native Conv2D / FusedConv2D: dilation 2 and prelu run the wasm kernel (the same bits as on wasm)', { skip }, async () => {
  const x = uniform(2 * 9 * 9 * 3), w = uniform(3 * 3 * 3 * 4), alphaW = uniform(4), bias = uniform(4);
  const run = () =>
    tf.tidy(() => {
      const xt = tf.tensor4d(x, [2, 9, 9, 3]), wt = tf.tensor4d(w, [3, 3, 3, 4]);
      return [
        tf.conv2d(xt, wt, 1, 'same', 'NHWC', 2),
        tf.fused.conv2d({ x: xt, filter: wt, strides: 1, pad: 'same', dilations: 2, bias: tf.tensor1d(bias), activation: 'relu' }),
        tf.fused.conv2d({ x: xt, filter: wt, strides: 1, pad: 'same', bias: tf.tensor1d(bias), activation: 'prelu', preluActivationWeights: tf.tensor1d(alphaW) }),
      ].map((t) => (t.dataSync() as Float32Array).slice());
    });
  await useBackend('wasm');
  const wasm = run();
  await useBackend('native');
  const native = run();
  ['dilation 2', 'fused, dilation 2', 'prelu'].forEach((label, i) => assert.ok(sameBits(native[i], wasm[i]), `${label}: the wasm kernel's bits`));
});

test('addon.convForward / convFilterGrad / convInputGrad: an array outside the buffer or a bad shape is a RangeError, nothing written', { skip }, () => {
  const conv = convAddon(addon);
  const g = convGeometry([2, 5, 5, 3], [3, 3, 3, 4], [1, 1], 'same');
  const shape = shapeArray(g);
  const xs = 2 * 5 * 5 * 3, ws = 3 * 3 * 3 * 4, ys = 2 * 5 * 5 * 4;
  const buffer = new ArrayBuffer(4 * (xs + ws + ys));
  const bytes = new Uint8Array(buffer);
  bytes.fill(7);
  const before = bytes.slice();
  const yo = 4 * (xs + ws);
  const calls: [string, () => void][] = [
    ['y past the end', () => conv.convForward(buffer, shape, 0, 4 * xs, yo + 4, 0, 0, 0, 0)],
    ['x at a negative offset', () => conv.convForward(buffer, shape, -4, 4 * xs, yo, 0, 0, 0, 0)],
    ['a misaligned filter', () => conv.convForward(buffer, shape, 0, 4 * xs + 2, yo, 0, 0, 0, 0)],
    ['a bias past the end', () => conv.convForward(buffer, shape, 0, 4 * xs, yo, buffer.byteLength, 1, 0, 0)],
    ['an unknown activation', () => conv.convForward(buffer, shape, 0, 4 * xs, yo, 0, 0, 99, 0)],
    ['a shape of 12 values', () => conv.convForward(buffer, shape.subarray(0, 12), 0, 4 * xs, yo, 0, 0, 0, 0)],
    ['a shape that is not an Int32Array', () => conv.convForward(buffer, Float32Array.from(shape) as unknown as Int32Array, 0, 4 * xs, yo, 0, 0, 0, 0)],
    ['a negative padding', () => conv.convForward(buffer, Int32Array.from([...shape.slice(0, 9), -1, 0, 5, 5]), 0, 4 * xs, yo, 0, 0, 0, 0)],
    ['a zero stride', () => conv.convForward(buffer, Int32Array.from([...shape.slice(0, 7), 0, 1, 1, 1, 5, 5]), 0, 4 * xs, yo, 0, 0, 0, 0)],
    ['dw past the end', () => conv.convFilterGrad(buffer, shape, 0, yo, buffer.byteLength - 4 * ws + 4)],
    ['dx past the end', () => conv.convInputGrad(buffer, shape, yo, 4 * xs, buffer.byteLength - 4 * xs + 4)],
  ];
  for (const [label, call] of calls) {
    assert.throws(call, RangeError, label);
    assert.ok(Buffer.from(bytes).equals(Buffer.from(before)), `${label}: nothing written`);
  }
});
