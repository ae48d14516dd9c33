/**
 * Issue #21, correctness and determinism of the native matrix product (native/cpu/gemm.c, routed as
 * TF.js's BatchMatMul and _FusedMatMul by src/node/backend/native/matmul-kernel.ts):
 *
 * - the native backend and the wasm kernel it replaces, each against a float64 product computed here
 *   (test/helpers/native-reference.ts: error relative to the scale Σ|a·b| + |bias| a float32 sum is
 *   rounded at), ≤ 1e-5, and against each other, on shapes with sizes 1, 7, 33, 257 and 784 in M, N
 *   and K, all four layouts, fused bias (per column and scalar) and every fused activation, and batched
 *   inputs with one side broadcast; the output shape is the wasm kernel's;
 * - the native backend's values are the addon's own, bit for bit (so the native kernel did run);
 * - narrow products (C with at most 4 columns or rows: native/cpu/gemm-narrow.c), the toy2d MLP's shapes
 *   and odd sizes, in all four layouts, with bias and activations;
 * - the same bits on 1 and 2 threads and at the avx2 and avx512 levels (narrow products included); the
 *   portable level within 1e-5;
 * - out-of-bounds offsets are a RangeError, and nothing is written.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { nativeThreads, useBackend } from '../../src/node/backend/backend.js';
import { nativeKernelsActive } from '../../src/node/backend/native/kernels.js';
import { loadNativeAddon, NATIVE_ACTIVATIONS, type NativeAddon, type NativeLevel } from '../../src/node/backend/native/addon.js';
import { createRng } from '../../src/random/rng.js';
import { referenceProduct, worstError, type FusedActivation } from '../helpers/native-reference.js';

const load = loadNativeAddon();
const skip = load.addon === undefined ? `the native addon is not available: ${load.reason}` : false;
const addon = load.addon as NativeAddon;
const TOL = 1e-5;
const SIZES = [1, 7, 33, 257, 784];
const rng = createRng(21);

/** One product as TF.js is asked for it: shapes with batch dimensions, layout, bias, activation. */
interface Case {
  readonly label: string;
  readonly aShape: number[];
  readonly bShape: number[];
  readonly transposeA: boolean;
  readonly transposeB: boolean;
  readonly a: Float32Array;
  readonly b: Float32Array;
  readonly biasShape?: number[];
  readonly bias?: Float32Array;
  /** Through tf.fused.matMul (_FusedMatMul) rather than tf.matMul (BatchMatMul). */
  readonly fused: boolean;
  readonly activation: FusedActivation;
  readonly alpha: number;
}

const size = (shape: readonly number[]) => shape.reduce((p, d) => p * d, 1);
const uniform = (n: number) => rng.fillUniform(new Float32Array(n), -1, 1);

function makeCase(label: string, outerA: number[], outerB: number[], m: number, n: number, k: number, o: Partial<Pick<Case, 'transposeA' | 'transposeB' | 'fused' | 'activation' | 'alpha'>> & { bias?: 'column' | 'scalar' } = {}): Case {
  const transposeA = o.transposeA ?? false;
  const transposeB = o.transposeB ?? false;
  const aShape = [...outerA, ...(transposeA ? [k, m] : [m, k])];
  const bShape = [...outerB, ...(transposeB ? [n, k] : [k, n])];
  const biasShape = o.bias === 'column' ? [n] : o.bias === 'scalar' ? [1] : undefined; // the wasm kernel takes rank-1 biases only
  return {
    label,
    aShape,
    bShape,
    transposeA,
    transposeB,
    a: uniform(size(aShape)),
    b: uniform(size(bShape)),
    biasShape,
    bias: biasShape === undefined ? undefined : uniform(size(biasShape)),
    fused: o.fused ?? o.bias !== undefined,
    activation: o.activation ?? 'linear',
    alpha: o.alpha ?? 0.2,
  };
}

/** M, N, K and the batch sizes of a case. */
function dims(c: Case) {
  const ra = c.aShape.length, rb = c.bShape.length;
  const m = c.transposeA ? c.aShape[ra - 1] : c.aShape[ra - 2];
  const k = c.transposeA ? c.aShape[ra - 2] : c.aShape[ra - 1];
  const n = c.transposeB ? c.bShape[rb - 2] : c.bShape[rb - 1];
  const batchA = size(c.aShape.slice(0, -2)), batchB = size(c.bShape.slice(0, -2));
  return { m, n, k, batchA, batchB, batch: Math.max(batchA, batchB) };
}

/** The float64 reference of every batch entry, one after the other (see test/helpers/native-reference.ts). */
function reference(c: Case): { value: Float64Array; scale: Float64Array } {
  const { m, n, k, batchA, batchB, batch } = dims(c);
  const value = new Float64Array(batch * m * n);
  const scale = new Float64Array(batch * m * n);
  for (let i = 0; i < batch; i++) {
    const r = referenceProduct({
      m, n, k, transposeA: c.transposeA, transposeB: c.transposeB, activation: c.activation, alpha: c.alpha, bias: c.bias,
      a: c.a.subarray((batchA === 1 ? 0 : i) * m * k, (batchA === 1 ? 1 : i + 1) * m * k),
      b: c.b.subarray((batchB === 1 ? 0 : i) * k * n, (batchB === 1 ? 1 : i + 1) * k * n),
    });
    value.set(r.value, i * m * n);
    scale.set(r.scale, i * m * n);
  }
  return { value, scale };
}

/**
 * TF.js 4.22's wasm _FusedMatMul is wrong when a side is transposed: it adds the bias at the wrong place
 * (A = [[1,2],[3,4],[5,6]], B = [[1,0],[0,1],[1,1]], Aᵀ·B + [10, 20] gives [[16,28],[28,30]] instead of
 * [[16,28],[18,30]]), and with K = 257, M = 1 its relu is off by up to 4.6 in every transposed layout.
 * And a one-value bias is read as a per-column one, past its end (NaN or garbage from column 1 on).
 * tsgan's models only fuse untransposed products with a per-column bias, so they never met either. The
 * wasm side of such a case is the same product unfused (BatchMatMul, then add, then the activation),
 * which the wasm backend gets right.
 */
const wasmFusesWrongly = (c: Case) =>
  c.fused && (c.transposeA || c.transposeB || (c.bias?.length === 1 && dims(c).n > 1)) && tf.getBackend() === 'wasm' && !nativeKernelsActive();

function activation(x: tf.Tensor, c: Case): tf.Tensor {
  switch (c.activation) {
    case 'linear':
      return x;
    case 'relu':
      return tf.relu(x);
    case 'leakyrelu':
      return tf.leakyRelu(x, c.alpha);
    case 'sigmoid':
      return tf.sigmoid(x);
    case 'elu':
      return tf.elu(x);
    case 'relu6':
      return tf.relu6(x);
  }
}

/** The case's product on the active TF.js backend: its values and shape. */
function onTf(c: Case): { values: Float32Array; shape: number[] } {
  return tf.tidy(() => {
    const a = tf.tensor(c.a, c.aShape), b = tf.tensor(c.b, c.bShape);
    const bias = c.bias && tf.tensor(c.bias, c.biasShape);
    const y = wasmFusesWrongly(c)
      ? activation(bias === undefined ? tf.matMul(a, b, c.transposeA, c.transposeB) : tf.add(tf.matMul(a, b, c.transposeA, c.transposeB), bias), c)
      : c.fused
        ? tf.fused.matMul({ a, b, transposeA: c.transposeA, transposeB: c.transposeB, bias, activation: c.activation, leakyreluAlpha: c.alpha })
        : tf.matMul(a, b, c.transposeA, c.transposeB);
    return { values: (y.dataSync() as Float32Array).slice(), shape: y.shape };
  });
}

async function onBackend(name: 'wasm' | 'native', cases: readonly Case[]) {
  const info = await useBackend(name);
  assert.equal(info.active, name, `${name} backend: ${info.fallbackReason}`);
  return cases.map(onTf);
}

/**
 * The case through addon.matmul directly, on an ArrayBuffer of its own (arrays at offsets other than
 * the wasm heap's), one call per batch entry as the kernel makes them.
 */
function onAddon(c: Case): Float32Array {
  const { m, n, k, batchA, batchB, batch } = dims(c);
  const nb = c.bias?.length ?? 0;
  const ao = 4, bo = ao + 4 * c.a.length + 12, biaso = bo + 4 * c.b.length + 4, co = biaso + 4 * nb + 20;
  const buffer = new ArrayBuffer(co + 4 * batch * m * n);
  new Float32Array(buffer, ao, c.a.length).set(c.a);
  new Float32Array(buffer, bo, c.b.length).set(c.b);
  if (c.bias !== undefined) new Float32Array(buffer, biaso, nb).set(c.bias);
  const biasKind = c.bias === undefined ? 0 : c.bias.length === 1 ? 2 : 1; // as the kernel: a single value is scalar (same values when N = 1)
  const flags = (c.transposeA ? 1 : 0) | (c.transposeB ? 2 : 0) | (biasKind << 2);
  for (let i = 0; i < batch; i++) {
    addon.matmul(buffer, ao + (batchA === 1 ? 0 : i * m * k * 4), bo + (batchB === 1 ? 0 : i * k * n * 4), co + i * m * n * 4, biaso, m, n, k, flags, NATIVE_ACTIVATIONS[c.activation], c.alpha);
  }
  return new Float32Array(buffer, co, batch * m * n);
}

const sameBits = (x: Float32Array, y: Float32Array) => Buffer.from(x.buffer, x.byteOffset, x.byteLength).equals(Buffer.from(y.buffer, y.byteOffset, y.byteLength));

/** The shape a product of `c` has, as TF.js defines it (broadcast batch dimensions, then M × N). */
function expectedShape(c: Case): number[] {
  const { m, n } = dims(c);
  const oa = c.aShape.slice(0, -2), ob = c.bShape.slice(0, -2);
  const r = Math.max(oa.length, ob.length);
  const pad = (s: number[]) => [...Array<number>(r - s.length).fill(1), ...s];
  return [...pad(oa).map((d, i) => Math.max(d, pad(ob)[i])), m, n];
}

/** Checks every case (see the file comment); returns the largest native error against float64. */
function compareAll(cases: readonly Case[], wasm: { values: Float32Array; shape: number[] }[], native: { values: Float32Array; shape: number[] }[]): number {
  let worst = 0;
  cases.forEach((c, i) => {
    const ref = reference(c);
    assert.deepEqual(wasm[i].shape, expectedShape(c), `${c.label}: wasm output shape`);
    assert.deepEqual(native[i].shape, wasm[i].shape, `${c.label}: native output shape`);
    const en = worstError(native[i].values, ref.value, ref.scale);
    const ew = worstError(wasm[i].values, ref.value, ref.scale);
    const ex = worstError(native[i].values, wasm[i].values, ref.scale);
    assert.ok(ew.error <= TOL, `${c.label}: the wasm kernel against float64: ${JSON.stringify(ew)} (the reference is wrong?)`);
    assert.ok(en.error <= TOL, `${c.label}: native against float64: ${JSON.stringify(en)}`);
    assert.ok(ex.error <= TOL, `${c.label}: native against wasm: ${JSON.stringify(ex)}`);
    assert.ok(sameBits(native[i].values, onAddon(c)), `${c.label}: the native backend's values are addon.matmul's, bit for bit`);
    worst = Math.max(worst, en.error);
  });
  return worst;
}

const LAYOUTS = [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
] as const;

test('BatchMatMul: native = wasm = float64 within 1e-5, sizes 1, 7, 33, 257, 784 in each of M, N, K, four layouts', { skip }, async (t) => {
  // Two Latin squares over the sizes: every size in every one of M, N and K, twice, in each layout.
  const cases: Case[] = [];
  for (const [transposeA, transposeB] of LAYOUTS) {
    for (const shift of [1, 2]) {
      for (let i = 0; i < SIZES.length; i++) {
        const [m, n, k] = [SIZES[i], SIZES[(i + shift) % 5], SIZES[(i + 2 * shift) % 5]];
        cases.push(makeCase(`${m}×${n}×${k} tA=${transposeA} tB=${transposeB}`, [], [], m, n, k, { transposeA, transposeB }));
      }
    }
  }
  t.diagnostic(`largest native error: ${compareAll(cases, await onBackend('wasm', cases), await onBackend('native', cases)).toExponential(2)}`);
});

test('_FusedMatMul: every activation × no bias, per-column bias, scalar bias, on random shapes and layouts', { skip }, async (t) => {
  const activations: FusedActivation[] = ['linear', 'relu', 'leakyrelu', 'sigmoid', 'elu', 'relu6'];
  const cases: Case[] = [];
  let layout = 0;
  for (const activation of activations) {
    for (const bias of [undefined, 'column', 'scalar'] as const) {
      let m: number, n: number, k: number;
      do [m, n, k] = [SIZES[rng.int(5)], SIZES[rng.int(5)], SIZES[rng.int(5)]];
      while (m * n * k > 8e6 || m * n === 1);
      const [transposeA, transposeB] = LAYOUTS[layout++ % 4];
      // leakyRelu with a slope other than TF.js's default 0.2, so that a kernel ignoring it fails.
      const alpha = activation === 'leakyrelu' ? 0.37 : 0.2;
      cases.push(makeCase(`${activation} bias=${bias ?? 'none'} ${m}×${n}×${k} tA=${transposeA} tB=${transposeB}`, [], [], m, n, k, { transposeA, transposeB, fused: true, activation, alpha, bias }));
    }
  }
  // relu6 clips only where |x| > 6: the long sums (K = 784, σ ≈ 9) reach it; make sure one case does.
  cases.push(makeCase('relu6 bias=column 33×257×784', [], [], 33, 257, 784, { activation: 'relu6', bias: 'column', transposeB: true }));
  const wasm = await onBackend('wasm', cases);
  const last = wasm[wasm.length - 1].values;
  assert.ok(last.some((v) => v === 6) && last.some((v) => v === 0) && last.some((v) => v > 0 && v < 6), 'the relu6 case covers all three pieces');
  t.diagnostic(`largest native error: ${compareAll(cases, wasm, await onBackend('native', cases)).toExponential(2)}`);
});

test('batched 3-D and 4-D products, equal batches and one side broadcast, plain and fused', { skip }, async (t) => {
  const cases = [
    makeCase('[3]×[3] 33×257×7', [3], [3], 33, 257, 7),
    makeCase('[3]×[3] 7×33×257 tA tB, bias, elu', [3], [3], 7, 33, 257, { transposeA: true, transposeB: true, bias: 'column', activation: 'elu' }),
    makeCase('A broadcast [1]×[4] 33×257×7 tA, relu, bias', [1], [4], 33, 257, 7, { transposeA: true, bias: 'column', activation: 'relu' }),
    makeCase('A broadcast [1]×[4] 257×7×33 plain', [1], [4], 257, 7, 33),
    makeCase('B rank 2 [5]×[] 257×7×33 tB, sigmoid, scalar bias', [5], [], 257, 7, 33, { transposeB: true, bias: 'scalar', activation: 'sigmoid' }),
    makeCase('B broadcast [6]×[1] 7×1×784 plain', [6], [1], 7, 1, 784),
    makeCase('4-D [2,3]×[2,3] 7×33×257 tA', [2, 3], [2, 3], 7, 33, 257, { transposeA: true }),
    makeCase('4-D broadcast [3,1]×[1] 7×7×33 tB', [3, 1], [1], 7, 7, 33, { transposeB: true }),
  ];
  t.diagnostic(`largest native error: ${compareAll(cases, await onBackend('wasm', cases), await onBackend('native', cases)).toExponential(2)}`);
});

test('narrow products (C with at most 4 columns or rows, gemm-narrow.c): native = wasm = float64 within 1e-5, four layouts, bias and activations', { skip }, async (t) => {
  // The toy2d MLP's output and first layers and their gradients (labels m×n×k as above; as M×K×N: 512×128×1,
  // 128×512×1 tA, 256×128×2, 256×128×2 tB, 128×256×2 tA, 2×512×128 tA, 2×256×128 tA).
  const cases: Case[] = [
    makeCase('512×1×128', [], [], 512, 1, 128),
    makeCase('128×1×512 tA', [], [], 128, 1, 512, { transposeA: true }),
    makeCase('256×2×128', [], [], 256, 2, 128),
    makeCase('256×2×128 tB', [], [], 256, 2, 128, { transposeB: true }),
    makeCase('128×2×256 tA', [], [], 128, 2, 256, { transposeA: true }),
    makeCase('2×128×512 tA', [], [], 2, 128, 512, { transposeA: true }),
    makeCase('2×128×256 tA', [], [], 2, 128, 256, { transposeA: true }),
  ];
  // Odd sizes (lanes past the end of a register, k not a multiple of 8, both sides short) in every layout.
  for (const [transposeA, transposeB] of LAYOUTS) {
    const l = `tA=${transposeA} tB=${transposeB}`;
    cases.push(
      makeCase(`3×1×257 ${l}`, [], [], 3, 1, 257, { transposeA, transposeB }),
      makeCase(`1×1×784 ${l}`, [], [], 1, 1, 784, { transposeA, transposeB }),
      makeCase(`5×4×33 ${l}`, [], [], 5, 4, 33, { transposeA, transposeB }),
      makeCase(`257×3×13 ${l}`, [], [], 257, 3, 13, { transposeA, transposeB }),
      makeCase(`4×257×7 ${l}`, [], [], 4, 257, 7, { transposeA, transposeB }),
      makeCase(`1×784×33 ${l}`, [], [], 1, 784, 33, { transposeA, transposeB }),
      makeCase(`3×33×784 ${l}`, [], [], 3, 33, 784, { transposeA, transposeB }),
      makeCase(`784×4×1 ${l}`, [], [], 784, 4, 1, { transposeA, transposeB }),
      makeCase(`33×2×784 ${l}, bias, relu`, [], [], 33, 2, 784, { transposeA, transposeB, bias: 'column', activation: 'relu' }),
      makeCase(`2×33×257 ${l}, scalar bias, sigmoid`, [], [], 2, 33, 257, { transposeA, transposeB, bias: 'scalar', activation: 'sigmoid' }),
    );
  }
  cases.push(
    makeCase('512×1×128 bias, leakyrelu', [], [], 512, 1, 128, { bias: 'column', activation: 'leakyrelu', alpha: 0.37 }),
    makeCase('128×4×256 bias, elu', [], [], 128, 4, 256, { bias: 'column', activation: 'elu' }),
    makeCase('4×128×784 tB, bias, relu6', [], [], 4, 128, 784, { transposeB: true, bias: 'column', activation: 'relu6' }),
    makeCase('[3]×[3] 257×1×33 tA', [3], [3], 257, 1, 33, { transposeA: true }),
  );
  t.diagnostic(`largest native error: ${compareAll(cases, await onBackend('wasm', cases), await onBackend('native', cases)).toExponential(2)}`);
});

test('BatchMatMul [1,1,7,33]×[3,33,7]: the output shape broadcasts the batch dimensions to [1,3,7,7], as the wasm kernel', { skip }, async (t) => {
  const cases = [makeCase('4-D broadcast [1,1]×[3] 7×7×33', [1, 1], [3], 7, 7, 33), makeCase('4-D broadcast [3]×[1,1] 7×7×33 tA', [3], [1, 1], 7, 7, 33, { transposeA: true })];
  t.diagnostic(`largest native error: ${compareAll(cases, await onBackend('wasm', cases), await onBackend('native', cases)).toExponential(2)}`);
});

/** Runs `f` at `threads` threads and `level`, then puts back the defaults (every core, the detected level). */
function at<T>(threads: number, level: NativeLevel, f: () => T): T {
  addon.setThreads(threads);
  addon.setLevel(level);
  try {
    return f();
  } finally {
    addon.setThreads(nativeThreads());
    addon.setLevel(addon.info().detected);
  }
}

test('the same bits on 1 and 2 threads and at the avx2 and avx512 levels; the portable level within 1e-5', { skip }, (t) => {
  const detected = addon.info().detected;
  const levels = (['avx512', 'avx2'] as const).filter((l) => l === detected || (l === 'avx2' && detected === 'avx512'));
  if (levels.length < 2) t.diagnostic(`this CPU's best level is ${detected}: only ${levels.join(', ') || 'none'} of avx512/avx2 compared`);
  const cases = LAYOUTS.flatMap(([transposeA, transposeB], i) => [
    makeCase(`257×784×257 tA=${transposeA} tB=${transposeB}`, [], [], 257, 784, 257, { transposeA, transposeB, bias: 'column', activation: 'leakyrelu', alpha: 0.1 }),
    makeCase(`784×33×257 tA=${transposeA} tB=${transposeB}`, [], [], 784, 33, 257, { transposeA, transposeB, bias: i % 2 ? 'scalar' : undefined, activation: i % 2 ? 'sigmoid' : 'linear' }),
    makeCase(`7×784×784 tA=${transposeA} tB=${transposeB}`, [], [], 7, 784, 784, { transposeA, transposeB }),
    // narrow products large enough to be split over the threads (gemm-narrow.c)
    makeCase(`784×4×784 tA=${transposeA} tB=${transposeB}`, [], [], 784, 4, 784, { transposeA, transposeB, bias: 'column', activation: i % 2 ? 'elu' : 'linear' }),
    makeCase(`3×784×784 tA=${transposeA} tB=${transposeB}`, [], [], 3, 784, 784, { transposeA, transposeB }),
    makeCase(`1000×1×600 tA=${transposeA} tB=${transposeB}`, [], [], 1000, 1, 600, { transposeA, transposeB }),
  ]);
  for (const c of cases) {
    const runs = levels.flatMap((level) => [1, 2].map((threads) => ({ label: `${level}, ${threads} thread(s)`, values: at(threads, level, () => onAddon(c)) })));
    for (const r of runs.slice(1)) assert.ok(sameBits(r.values, runs[0].values), `${c.label}: ${r.label} gives other bits than ${runs[0].label}`);
    const ref = reference(c);
    for (const r of runs) assert.ok(worstError(r.values, ref.value, ref.scale).error <= TOL, `${c.label}, ${r.label}`);
    for (const threads of [1, 2]) {
      const portable = at(threads, 'portable', () => onAddon(c));
      const e = worstError(portable, ref.value, ref.scale);
      assert.ok(e.error <= TOL, `${c.label}: portable, ${threads} thread(s), against float64: ${JSON.stringify(e)}`);
    }
  }
  assert.equal(addon.info().level, detected);
});

test('the native backend on 1 and 2 threads: the same bits through TF.js', { skip }, async () => {
  const cases = [
    makeCase('fused 257×257×784 tB relu', [], [], 257, 257, 784, { transposeB: true, bias: 'column', activation: 'relu' }),
    makeCase('[4]×[4] 33×784×257 tA', [4], [4], 33, 784, 257, { transposeA: true }),
  ];
  await onBackend('native', []);
  const one = at(1, addon.info().detected, () => cases.map(onTf));
  const two = at(2, addon.info().detected, () => cases.map(onTf));
  cases.forEach((c, i) => assert.ok(sameBits(one[i].values, two[i].values), c.label));
});

test('addon.matmul: an array outside the buffer, a negative or unaligned offset, or a bad code is a RangeError, and nothing is written', { skip }, () => {
  const buffer = new ArrayBuffer(256); // 64 floats
  const all = new Float32Array(buffer);
  all.fill(1.5);
  const before = Buffer.from(buffer).toString('hex');
  // A 4×4 product: A at 0, B at 64, C at 128, bias at 192 (16 floats each): valid.
  const ok = [buffer, 0, 64, 128, 192, 4, 4, 4, 0, 0, 0.2] as const;
  const bad: [string, Parameters<NativeAddon['matmul']>][] = [
    ['C past the end', [buffer, 0, 64, 200, 192, 4, 4, 4, 0, 0, 0.2]],
    ['A past the end (large M)', [buffer, 0, 64, 128, 192, 1000, 4, 4, 0, 0, 0.2]],
    ['B past the end (large N)', [buffer, 0, 64, 128, 192, 4, 100, 4, 0, 0, 0.2]],
    ['sizes whose product overflows 32 bits', [buffer, 0, 64, 128, 192, 65536, 4, 65536, 0, 0, 0.2]],
    ['a negative offset', [buffer, -16, 64, 128, 192, 4, 4, 4, 0, 0, 0.2]],
    ['an unaligned offset', [buffer, 2, 64, 128, 192, 4, 4, 4, 0, 0, 0.2]],
    ['a negative size', [buffer, 0, 64, 128, 192, -4, 4, 4, 0, 0, 0.2]],
    ['a per-column bias past the end', [buffer, 0, 64, 128, 250, 4, 4, 4, 1 << 2, 0, 0.2]],
    ['a scalar bias past the end', [buffer, 0, 64, 128, 256, 4, 4, 4, 2 << 2, 0, 0.2]],
    ['an unknown bias kind', [buffer, 0, 64, 128, 192, 4, 4, 4, 3 << 2, 0, 0.2]],
    ['an unknown activation', [buffer, 0, 64, 128, 192, 4, 4, 4, 0, 7, 0.2]],
  ];
  for (const [what, args] of bad) {
    assert.throws(() => addon.matmul(...args), RangeError, what);
    assert.equal(Buffer.from(buffer).toString('hex'), before, `${what}: nothing written`);
  }
  assert.throws(() => addon.matmul(new Float32Array(64) as unknown as ArrayBuffer, 0, 64, 128, 192, 4, 4, 4, 0, 0, 0.2), TypeError, 'a typed array is not an ArrayBuffer');
  assert.throws(() => (addon.matmul as (...a: unknown[]) => void)(buffer, 0, 64), TypeError, 'too few arguments');
  // The process is still fine: the valid call computes C = A·B = 4 · 1.5 · 1.5 = 9 everywhere.
  addon.matmul(...ok);
  assert.deepEqual([...all.subarray(32, 48)], new Array(16).fill(9));
  assert.deepEqual([...all.subarray(0, 32)], new Array(32).fill(1.5), 'A and B unchanged');
});
