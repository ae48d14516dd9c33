/**
 * The comparison of a discriminator with D* (E3): exact on D ≡ D*, exact against independent
 * integrals for wrong discriminators (so a wrong metric cannot pass), and the value gap ≥ 0.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { distributionFromSpec } from '../../src/data/index.js';
import { compareWithOptimal } from '../../src/experiments/compare-discriminator.js';
import { integrate, jsDivergence, optimalDiscriminator, sigmoid } from '../../src/theory/index.js';

const close = (actual: number, expected: number, tol: number, what = '') =>
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} vs ${expected} (|Δ| = ${Math.abs(actual - expected)} > ${tol})`);

const pairs = {
  shifted: [{ type: 'normal', mean: [0], std: [1] }, { type: 'normal', mean: [1], std: [1] }],
  uniform: [{ type: 'uniform', low: [0], high: [1] }, { type: 'uniform', low: [0.5], high: [1.5] }],
  bimodal: ['bimodal', { type: 'normal', mean: [0], std: [1.5] }],
  ring: ['ring8', { type: 'normal', mean: [0, 0], std: [0.6, 0.6] }],
} as const;

for (const [name, [r, f]] of Object.entries(pairs)) {
  test(`${name}: D ≡ D* has zero error and zero value gap, and V(D*) = −log 4 + 2·JS`, () => {
    const real = distributionFromSpec(r);
    const fake = distributionFromSpec(f);
    const c = compareWithOptimal(optimalDiscriminator(real, fake), real, fake);
    assert.equal(c.meanAbsError, 0);
    assert.equal(c.maxAbsError, 0);
    close(c.valueGap, 0, 1e-12, 'gap');
    close(c.valueTrained, c.valueAtOptimum, real.dim === 1 ? 1e-9 : 1e-5, 'V(D*) twice');
    close(c.valueAtOptimum, c.minusLog4Plus2JS, real.dim === 1 ? 1e-9 : 1e-5, 'E5');
    assert.ok(c.converged);
  });
}

test('D ≡ 1/2 on N(0,1) vs N(1,1): every number against an independent integral', () => {
  const real = distributionFromSpec(pairs.shifted[0]);
  const fake = distributionFromSpec(pairs.shifted[1]);
  const dStar = optimalDiscriminator(real, fake);
  const c = compareWithOptimal({ logit: () => 0 }, real, fake);
  const m = (x: number) => 0.5 * (real.density([x]) + fake.density([x]));
  const expected = integrate((x) => m(x) * Math.abs(0.5 - dStar([x])), -12, 13, { breakpoints: [0.5] }).value;
  close(c.meanAbsError, expected, 1e-9, 'E_M|1/2 − D*|');
  assert.ok(c.meanAbsError > 0.15, `a wrong D has a large error: ${c.meanAbsError}`);
  close(c.valueTrained, -Math.log(4), 1e-10, 'V(1/2) = −log 4 (E6)');
  close(c.valueGap, 2 * jsDivergence(real, fake), 1e-9, 'V(D*) − V(1/2) = 2·JS (E5)');
  // The largest error over the 99.9 % region: D* = σ(1/2 − x) is farthest from 1/2 at the region's edges.
  assert.ok(c.maxAbsError > 0.45 && c.maxAbsError < 0.5, `max ${c.maxAbsError} at ${c.maxAbsErrorAt}`);
});

test('a shifted logit a = logit D* + 1: error and gap match pointwise integrals, and the gap is > 0', () => {
  const real = distributionFromSpec(pairs.shifted[0]);
  const fake = distributionFromSpec(pairs.shifted[1]);
  const dStar = optimalDiscriminator(real, fake);
  const c = compareWithOptimal({ logit: (x) => dStar.logit(x) + 1 }, real, fake);
  const m = (x: number) => 0.5 * (real.density([x]) + fake.density([x]));
  const err = integrate((x) => m(x) * Math.abs(sigmoid(dStar.logit([x]) + 1) - dStar([x])), -12, 13).value;
  const v = integrate((x) => real.density([x]) * Math.log(sigmoid(dStar.logit([x]) + 1)) + fake.density([x]) * Math.log(1 - sigmoid(dStar.logit([x]) + 1)), -12, 13).value;
  close(c.meanAbsError, err, 1e-9, 'mean error');
  close(c.valueTrained, v, 1e-9, 'V(D)');
  close(c.valueGap, c.valueAtOptimum - c.valueTrained, 1e-9, 'gap = V(D*) − V(D)');
  assert.ok(c.valueGap > 0.01);
});

test('uniform pair, D = D* smoothed at the jumps: the max sits at a jump of D*', () => {
  const real = distributionFromSpec(pairs.uniform[0]);
  const fake = distributionFromSpec(pairs.uniform[1]);
  // A continuous D: logit 14 / 0 / −14 on the three parts, with logistic ramps of scale 0.002.
  const logit = (x: ArrayLike<number>) => 14 * (sigmoid((0.5 - x[0]) / 0.002) - sigmoid((x[0] - 1) / 0.002));
  const c = compareWithOptimal({ logit }, real, fake);
  assert.ok(c.meanAbsError < 0.02, `mean ${c.meanAbsError}`);
  assert.ok(c.maxAbsError > 0.2, `max ${c.maxAbsError}`);
  assert.ok(Math.abs(c.maxAbsErrorAt[0] - 0.5) < 0.05 || Math.abs(c.maxAbsErrorAt[0] - 1) < 0.05, `at ${c.maxAbsErrorAt}`);
});
