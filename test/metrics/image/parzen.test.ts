/** The Parzen-window log-likelihood against hand computations. */
import test from 'node:test';
import assert from 'node:assert/strict';
import { setupBackend } from '../../helpers/backend.js';
import { meanAndStandardError, parzenLogDensities, parzenLogLikelihood, PARZEN_SIGMA_GRID } from '../../../src/metrics/image/parzen.js';
import { createRng } from '../../../src/random/rng.js';

await setupBackend();

/** log (1/m) Σ_j N(x; g_j, σ²) in 1-D, directly. */
function direct1d(x: number, g: number[], sigma: number): number {
  let s = 0;
  for (const gj of g) s += Math.exp(-((x - gj) ** 2) / (2 * sigma * sigma)) / Math.sqrt(2 * Math.PI * sigma * sigma);
  return Math.log(s / g.length);
}

test('1-D: log p̂(x) equals the kernel sum computed by hand', () => {
  const g = [0, 0.5, 2];
  const x = [0.25, 1, -1, 3];
  for (const sigma of [0.3, 1]) {
    const [ll] = parzenLogDensities(x, g, 1, [sigma]);
    x.forEach((xi, i) => assert.ok(Math.abs(ll[i] - direct1d(xi, g, sigma)) < 1e-12, `σ ${sigma}, x ${xi}: ${ll[i]} vs ${direct1d(xi, g, sigma)}`));
  }
  // One sample: the Gaussian log-density itself, even 40σ away (no underflow).
  const [far] = parzenLogDensities([40], [0], 1, [1]);
  assert.ok(Math.abs(far[0] - (-800 - 0.5 * Math.log(2 * Math.PI))) < 1e-10);
});

test('784-D: float64-refined distances match a float64 direct computation; mean ± standard error', () => {
  const rng = createRng(4);
  const d = 784;
  const test = Float64Array.from({ length: 20 * d }, () => rng.uniform());
  const samples = Float64Array.from({ length: 300 * d }, () => rng.uniform());
  const sigma = 0.5;
  const [ll] = parzenLogDensities(test, samples, d, [sigma]);
  for (let i = 0; i < 20; i++) {
    const lk: number[] = [];
    for (let j = 0; j < 300; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += (test[i * d + k] - samples[j * d + k]) ** 2;
      lk.push(-s / (2 * sigma * sigma));
    }
    const m = Math.max(...lk);
    const expected = m + Math.log(lk.reduce((a, v) => a + Math.exp(v - m), 0)) - Math.log(300) - (d / 2) * Math.log(2 * Math.PI * sigma * sigma);
    assert.ok(Math.abs(ll[i] - expected) < 1e-9 * Math.abs(expected), `row ${i}: ${ll[i]} vs ${expected}`);
  }
  const { mean, standardError } = meanAndStandardError([1, 2, 3, 4]);
  assert.equal(mean, 2.5);
  assert.ok(Math.abs(standardError - Math.sqrt(5 / 3 / 4)) < 1e-15);
});

test('σ selection: the validation maximum of the grid; samples from the test distribution score near its true log-density', () => {
  // Data N(0, 0.3²) in 1-D; with many samples the best bandwidth is small and the estimate
  // approaches the entropy: E log N(x; 0, 0.3²) = −½ log(2πe·0.09) ≈ −0.2029.
  const rng = createRng(5);
  const draw = (n: number) => Float64Array.from({ length: n }, () => 0.3 * rng.normal());
  const r = parzenLogLikelihood(draw(1000), draw(500), draw(3000), 1);
  const best = r.validation.reduce((a, b) => (b.mean > a.mean ? b : a));
  assert.equal(r.sigma, best.sigma);
  assert.equal(r.validation.length, PARZEN_SIGMA_GRID.length);
  assert.equal(r.sigma, 0.1, 'the smallest grid value fits a narrow density best');
  const entropy = -0.5 * Math.log(2 * Math.PI * Math.E * 0.09);
  assert.ok(Math.abs(r.mean - entropy) < 0.1, `${r.mean} vs ${entropy}`);
  assert.ok(r.standardError > 0.01 && r.standardError < 0.05, `standard error ${r.standardError}`);
});
