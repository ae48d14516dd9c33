/**
 * `tsgan bench --kernels`: GFLOP/s per hot kernel beside one core's measured peak. The numbers depend on
 * the machine and its load, so the test checks what cannot vary: every kernel of the MLP and DCGAN
 * paths is there (the products in the three layouts the passes use), every speed is a positive number,
 * and no single-thread speed exceeds the core's peak by more than the timing noise (the peak is the best
 * of measurements before and after the kernels, so a busy moment cannot lower it) — an operation count
 * twice too high (the products run at 60–90 % of the peak) would break that bound.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadNativeAddon } from '../../src/node/backend/native/addon.js';
import { tsgan } from '../helpers/cli.js';

interface KernelLine {
  kernel: string;
  shape: string;
  gflopsNative1: number | null;
  gflopsNative: number | null;
  gflopsWasm: number;
  peakGflopsPerCore: number | null;
  level: string | null;
  threads: number;
}

const native = loadNativeAddon().addon;

test('bench --kernels --json: every hot kernel, positive GFLOP/s, one thread never above the measured one-core peak', () => {
  const r = tsgan(['bench', '--kernels', '--json', '--seconds', '0.06']);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as KernelLine);
  const kernels = new Set(lines.map((l) => l.kernel));
  for (const k of ['matMul A·B', 'matMul Aᵀ·B', 'matMul A·Bᵀ', 'conv2d', 'conv2d filter gradient', 'conv2d input gradient']) assert.ok(kernels.has(k), `${k} is timed`);
  assert.ok(lines.some((l) => l.kernel === 'matMul A·B' && l.shape === '64×784×1024'), 'the issue\'s reference shape 64×784×1024 is timed');
  for (const l of lines) {
    assert.ok(Number.isFinite(l.gflopsWasm) && l.gflopsWasm > 0, `${l.kernel} ${l.shape}: wasm ${l.gflopsWasm}`);
    if (native === undefined) {
      assert.equal(l.gflopsNative1, null);
      continue;
    }
    assert.equal(l.level, native.info().level);
    const peak = l.peakGflopsPerCore!;
    // One core's float32 FMA peak: AVX-512 ~2 × 16 × 2 flops/cycle at 2–5 GHz, AVX2 half of it.
    assert.ok(peak > 5 && peak < 1000, `peak ${peak} GFLOP/s`);
    for (const g of [l.gflopsNative1!, l.gflopsNative!]) assert.ok(Number.isFinite(g) && g > 0, `${l.kernel} ${l.shape}: ${g}`);
    assert.ok(l.gflopsNative1! <= 1.25 * peak, `${l.kernel} ${l.shape}: ${l.gflopsNative1} GFLOP/s on one thread, above the one-core peak ${peak}`);
    assert.ok(l.gflopsNative! <= 1.25 * peak * l.threads, `${l.kernel} ${l.shape}: ${l.gflopsNative} GFLOP/s on ${l.threads} threads`);
  }
});

test('bench --kernels prints the table with the peak and the share of it', () => {
  const r = tsgan(['bench', '--kernels', '--seconds', '0.03']);
  assert.equal(r.code, 0, r.stderr);
  if (native !== undefined) {
    assert.match(r.stdout, new RegExp(`^native kernels: ${native.info().level}, one core's float32 multiply-add peak \\d+ GFLOP/s`, 'm'));
    assert.match(r.stdout, /^matMul A·B\s+64×784×1024\s+[\d.]+\s+[\d.]+\s+\d+ %\s+[\d.]+$/m);
  } else {
    assert.match(r.stdout, /^native engine not available/m);
  }
});

test('bench --seconds refuses a non-positive time in one line', () => {
  const r = tsgan(['bench', '--kernels', '--seconds', '0']);
  assert.equal(r.code, 2);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.doesNotMatch(r.stderr, /at .*\.js:\d+/);
});
