import { test } from 'node:test';
import assert from 'node:assert/strict';
import { thickSegmentsClosedForm, wganExample1, wganExample1Numeric } from '../../src/theory/index.js';

const close = (actual: number, expected: number, tol: number, what = ''): void => {
  if (expected === Infinity || expected === -Infinity) return assert.equal(actual, expected, what);
  assert.ok(Math.abs(actual - expected) <= tol, `${what} ${actual} vs ${expected} (|Δ| = ${Math.abs(actual - expected)} > ${tol})`);
};

test('WGAN Example 1 in closed form: JS, KL, TV jump at θ = 0, W1 = |θ| (E7)', () => {
  assert.deepEqual(wganExample1([0, 0.5, -2]), [
    { theta: 0, js: 0, kl: 0, tv: 0, w1: 0 },
    { theta: 0.5, js: Math.LN2, kl: Infinity, tv: 1, w1: 0.5 },
    { theta: -2, js: Math.LN2, kl: Infinity, tv: 1, w1: 2 },
  ]);
});

test('thick segments: the 2-D divergences and exact transport reproduce the closed forms, overlapping or not', () => {
  const thetas = [0, 0.0005, -0.002, 0.01, 0.3, -1];
  for (const width of [0.001, 0.004]) {
    const numeric = wganExample1Numeric(thetas, width);
    numeric.forEach((row, k) => {
      const exact = thickSegmentsClosedForm(thetas[k], width);
      for (const key of ['js', 'kl', 'tv', 'w1'] as const) close(row[key], exact[key], 1e-9, `w = ${width}, θ = ${thetas[k]}, ${key}`);
    });
  }
});

test('as the width goes to 0 the numeric values reach the paper’s: log 2, ∞, 1, |θ| for θ ≠ 0', () => {
  const thetas = [0.01, 0.1, -0.7];
  const closedForm = wganExample1(thetas);
  for (const width of [1e-3, 1e-6]) {
    wganExample1Numeric(thetas, width).forEach((row, k) => {
      for (const key of ['js', 'kl', 'tv', 'w1'] as const) close(row[key], closedForm[k][key], 1e-9, `w = ${width}, ${key}`);
    });
  }
});
