import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gaussianKde, identityCheck, integrate, integrate2D, jsDivergence, numericalCdf } from '../../src/theory/index.js';
import { createRng } from '../../src/random/rng.js';
import { normal } from './test-models.js';

const close = (actual: number, expected: number, tol: number, what = ''): void => {
  assert.ok(Math.abs(actual - expected) <= tol, `${what} ${actual} vs ${expected} (|Δ| = ${Math.abs(actual - expected)} > ${tol})`);
};

test("Scott's rule bandwidth, unit mass in 1-D and 2-D, exact 1-D cdf", () => {
  const rng = createRng(17);
  const xs = Float64Array.from({ length: 400 }, () => rng.normal() * 2 + 1);
  const kde = gaussianKde(xs, 1);
  const mean = xs.reduce((a, x) => a + x, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1));
  close(kde.bandwidth[0], sd * 400 ** (-1 / 5), 1e-15);
  const lo = kde.effectiveBounds.low[0];
  const hi = kde.effectiveBounds.high[0];
  close(integrate((x) => kde.density([x]), lo, hi, { breakpoints: kde.breakpoints[0] }).value, 1, 1e-10);
  const F = numericalCdf(kde);
  for (const x of [-3, 0, 1, 2.5, 6]) close(kde.cdf?.(x) as number, F(x), 1e-10, `F(${x})`);

  const pts = Float64Array.from({ length: 2 * 60 }, () => rng.normal());
  const kde2 = gaussianKde(pts, 2, { bandwidth: [0.3, 0.5] });
  assert.deepEqual(kde2.bandwidth, [0.3, 0.5]);
  close(integrate2D((x, y) => kde2.density([x, y]), kde2.effectiveBounds, { breakpoints: [kde2.breakpoints[0], kde2.breakpoints[1]], absTol: 1e-8 }).value, 1, 1e-7);
});

test('an estimate from many samples of N(0, 1) is close to it; E5 holds for the estimate exactly', () => {
  const rng = createRng(23);
  const xs = Float64Array.from({ length: 1000 }, () => rng.normal());
  const kde = gaussianKde(xs, 1);
  const js = jsDivergence(normal([0], [1]), kde);
  assert.ok(js > 0 && js < 3e-3, `JS(N, KDE) = ${js}`);
  const c = identityCheck(normal([0], [1]), kde);
  assert.ok(c.identityError < 1e-10);
  assert.ok(Number.isFinite(c.klRealFake) && Number.isFinite(c.klFakeReal));
});

test('bad input is refused', () => {
  assert.throws(() => gaussianKde([1], 1), RangeError);
  assert.throws(() => gaussianKde([1, 1, 1], 1), RangeError);
  assert.throws(() => gaussianKde([0, 1, 2], 2), RangeError);
  assert.throws(() => gaussianKde([0, 1, 2], 1, { bandwidth: 0 }), RangeError);
});
