/** The Lab's view box fitted to the generated samples, and the axes' ticks (web/src/plots: pure functions, no DOM). */
import test from 'node:test';
import assert from 'node:assert/strict';
import { fitBox, type ViewBox } from '../../web/src/plots/box.js';
import { niceTicks } from '../../web/src/plots/field.js';

const box: ViewBox = { low: [-1.5, -1.5], high: [1.5, 1.5] };

test('fitBox: the same box while 98 % of the samples are inside; a square box holding them (10 % margin) when they leave it; never smaller', () => {
  const inside = Float64Array.from({ length: 200 }, (_, i) => Math.sin(i) * 1.2);
  assert.equal(fitBox(box, inside, 2), box, 'unchanged: the same object');
  // 1 % of outliers is ignored (the 99th percentile stays inside)
  const few = Float64Array.from(inside);
  few[0] = 50;
  assert.equal(fitBox(box, few, 2), box);
  // samples drifted to x ≈ 4, y ≈ 0: the box grows to hold them, square, and still holds the old one
  const drifted = Float64Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? 4 + 0.01 * (i % 7) : 0.01 * (i % 5)));
  const b = fitBox(box, drifted, 2);
  assert.ok(b.high[0] >= 4.06 && b.low[0] <= -1.5 && b.low[1] <= -1.5 && b.high[1] >= 1.5, JSON.stringify(b));
  assert.ok(Math.abs(b.high[0] - b.low[0] - (b.high[1] - b.low[1])) < 1e-12, 'square');
  const half = ((4.06 - -1.5) / 2) * 1.1;
  assert.ok(Math.abs(b.high[0] - b.low[0] - 2 * half) < 0.02, `side ${b.high[0] - b.low[0]} vs ${2 * half}`);
  // 1-D: only x moves
  const line: ViewBox = { low: [-2, 0], high: [2, 1] };
  const b1 = fitBox(line, Float64Array.from({ length: 100 }, (_, i) => 5 + i / 100), 1);
  assert.deepEqual([b1.low[1], b1.high[1]], [0, 1]);
  assert.ok(b1.low[0] <= -2 && b1.high[0] > 5.98, JSON.stringify(b1));
  assert.equal(fitBox(box, new Float64Array([NaN, NaN]), 2), box, 'no finite sample: unchanged');
});

test('niceTicks: round steps (1, 2, 5 × 10^k), about five ticks, inside the range', () => {
  assert.deepEqual(niceTicks(-2.3, 2.3), [-2, -1, 0, 1, 2]);
  assert.deepEqual(niceTicks(0, 1), [0, 0.2, 0.4, 0.6, 0.8, 1]);
  assert.deepEqual(niceTicks(-0.3, 0.3), [-0.2, 0, 0.2]);
  assert.deepEqual(niceTicks(-4.4, 4.4), [-4, -2, 0, 2, 4]);
  assert.deepEqual(niceTicks(1, 1), []);
});

test('the Runs comparison\'s smoothing: a debiased exponential moving average (TensorBoard\'s), 0 = raw', async () => {
  const { smooth } = await import('../../web/src/runs-view/compare.js');
  assert.deepEqual(smooth([3, 1, 2], 0), [3, 1, 2]);
  assert.deepEqual(smooth([2, 2, 2], 0.9).map((v) => Number(v.toFixed(12))), [2, 2, 2], 'a constant stays constant (debiased: no pull towards 0)');
  const s = smooth([0, 10], 0.5);
  assert.equal(s[0], 0);
  assert.ok(Math.abs(s[1] - 5 / 0.75) < 1e-12, String(s[1]));
});
