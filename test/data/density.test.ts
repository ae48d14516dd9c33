/**
 * Every distribution's density is a probability density: it integrates to 1 over its effective
 * bounds (which hold all but < 1e-12 of the mass), logDensity = log density, the cdf is ∫ density,
 * and the far tails have finite log-densities.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { distributionFromSpec } from '../../src/data/index.js';
import { integrate1d, MULTI_D_CASES, ONE_D_CASES, totalMass } from './helpers.js';

describe('density integrates to 1 over effectiveBounds', () => {
  for (const c of ONE_D_CASES) {
    it(`1-D ${c.name}: composite Gauss–Legendre, to 1e-9`, () => {
      const d = distributionFromSpec(c.spec);
      assert.equal(d.dim, 1);
      const mass = totalMass(d);
      assert.ok(Math.abs(mass - 1) < 1e-9, `∫ p = ${mass}`);
    });
  }
  for (const c of MULTI_D_CASES) {
    it(`${c.name}: midpoint rule on the effective box, to 1e-6`, () => {
      const d = distributionFromSpec(c.spec);
      const mass = totalMass(d, c.h);
      assert.ok(Math.abs(mass - 1) < 1e-6, `∫ p = ${mass}`);
    });
  }
});

describe('logDensity = log(density)', () => {
  for (const c of [...ONE_D_CASES, ...MULTI_D_CASES]) {
    it(c.name, () => {
      const d = distributionFromSpec(c.spec);
      const { low, high } = d.effectiveBounds;
      let checked = 0;
      // A fixed lattice of points through the effective box, plus a little beyond it.
      for (let k = 0; k < 200; k++) {
        const x = low.map((l, i) => l - 0.1 * (high[i] - l) + ((((k * (i + 3) * 7919) % 200) + 0.5) / 200) * 1.2 * (high[i] - l));
        const p = d.density(x);
        const lp = d.logDensity(x);
        assert.ok(p >= 0 && Number.isFinite(p), `density ${p} at ${x}`);
        if (p > 1e-300) {
          assert.ok(Math.abs(lp - Math.log(p)) <= 1e-12 * Math.max(1, Math.abs(lp)), `log p = ${lp}, p = ${p} at ${x}`);
          checked++;
        } else {
          assert.ok(lp < -690, `log p = ${lp} where p = ${p}`);
        }
      }
      assert.ok(checked > 20, `only ${checked} points with p > 0`);
    });
  }

  it('far tails of Gaussian-based densities give finite logs (log-sum-exp)', () => {
    for (const name of ['normal', 'bimodal', 'ring8', 'grid25', 'spiral']) {
      const d = distributionFromSpec(name);
      const far = new Array(d.dim).fill(50);
      assert.equal(d.density(far), 0, `${name}: density underflows`);
      const lp = d.logDensity(far);
      assert.ok(Number.isFinite(lp) && lp < -1000, `${name}: log p = ${lp}`);
    }
    // N(0, 1) at 50: exactly −½·50² − ½ log 2π.
    assert.ok(Math.abs(distributionFromSpec('normal').logDensity([50]) - (-1250 - 0.5 * Math.log(2 * Math.PI))) < 1e-9);
    // ring8 at (50, 0): the nearest mode (1, 0) dominates: log p ≈ log(1/8) − log(2π σ²) − 49²/(2σ²).
    const ring = distributionFromSpec('ring8');
    const expected = Math.log(1 / 8) - Math.log(2 * Math.PI * 1e-4) - (49 * 49) / (2 * 1e-4);
    assert.ok(Math.abs(ring.logDensity([50, 0]) - expected) < 1e-6 * Math.abs(expected));
  });

  it('uniform: −Infinity outside the support, −log(volume) inside (edges included)', () => {
    const d = distributionFromSpec({ type: 'uniform', low: [-1, 0], high: [2, 0.5] });
    assert.equal(d.logDensity([3, 0.2]), -Infinity);
    assert.equal(d.density([3, 0.2]), 0);
    assert.ok(Math.abs(d.logDensity([2, 0.5]) + Math.log(1.5)) < 1e-15);
    assert.ok(Math.abs(d.density([0, 0.25]) - 1 / 1.5) < 1e-15);
  });
});

describe('cdf', () => {
  it('normal: Φ(1) and Φ(−3) to 1e-13, and the affine map for N(0.3, 0.7²)', () => {
    const d = distributionFromSpec('normal');
    assert.ok(Math.abs(d.cdf!(1) - 0.8413447460685429) < 1e-13);
    assert.ok(Math.abs(d.cdf!(-3) - 0.0013498980316301) < 1e-13);
    const e = distributionFromSpec({ type: 'normal', mean: [0.3], std: [0.7] });
    assert.ok(Math.abs(e.cdf!(0.3 + 0.7) - 0.8413447460685429) < 1e-13);
  });

  for (const c of ONE_D_CASES) {
    it(`${c.name}: cdf(x) = ∫ density up to x (1e-9), 0 and 1 at the effective bounds (1e-12)`, () => {
      const d = distributionFromSpec(c.spec);
      assert.ok(d.cdf, 'every 1-D distribution has a cdf');
      const lo = d.effectiveBounds.low[0];
      const hi = d.effectiveBounds.high[0];
      assert.ok(d.cdf(lo) < 1e-12 && 1 - d.cdf(hi) < 1e-12, `mass outside: ${d.cdf(lo)}, ${1 - d.cdf(hi)}`);
      let prev = -1;
      for (let k = 1; k < 12; k++) {
        const x = lo + (k / 12) * (hi - lo);
        const F = d.cdf(x);
        const integral = integrate1d((t) => d.density([t]), lo, x, d.breakpoints[0]);
        assert.ok(Math.abs(F - integral) < 1e-9, `F(${x}) = ${F}, ∫ = ${integral}`);
        assert.ok(F >= prev, 'cdf is non-decreasing');
        prev = F;
      }
    });
  }

  it('multi-D distributions have no cdf', () => {
    for (const c of MULTI_D_CASES) assert.equal(distributionFromSpec(c.spec).cdf, undefined, c.name);
  });
});

describe('bounds and breakpoints', () => {
  it('uniform: bounds = effectiveBounds = the box; breakpoints are the edges', () => {
    const d = distributionFromSpec({ type: 'uniform', low: [-1, 0], high: [2, 0.5] });
    assert.deepEqual(d.bounds, { low: [-1, 0], high: [2, 0.5] });
    assert.deepEqual(d.effectiveBounds, { low: [-1, 0], high: [2, 0.5] });
    assert.deepEqual(d.breakpoints, [[-1, 2], [0, 0.5]]);
  });

  it('normal: infinite bounds, mean ± 8σ effective bounds, the mean as breakpoint', () => {
    const d = distributionFromSpec({ type: 'normal', mean: [0.3], std: [0.7] });
    assert.deepEqual(d.bounds, { low: [-Infinity], high: [Infinity] });
    assert.ok(Math.abs(d.effectiveBounds.low[0] - (0.3 - 5.6)) < 1e-14);
    assert.ok(Math.abs(d.effectiveBounds.high[0] - (0.3 + 5.6)) < 1e-14);
    assert.deepEqual(d.breakpoints, [[0.3]]);
  });

  it('mixtures: sorted union of the components’ breakpoints; zero-weight components ignored', () => {
    const d = distributionFromSpec(ONE_D_CASES.find((c) => c.name === 'nested mixture with a zero weight')!.spec);
    assert.deepEqual(d.breakpoints, [[-2, -1, 0.5, 2]]);
    assert.ok(d.effectiveBounds.high[0] < 10, 'the weight-0 component at 100 does not widen the box');
    const grid = distributionFromSpec('grid25');
    assert.deepEqual(grid.breakpoints, [[-4, -2, 0, 2, 4], [-4, -2, 0, 2, 4]]);
  });

  it('every breakpoint list is sorted and effectiveBounds is finite', () => {
    for (const c of [...ONE_D_CASES, ...MULTI_D_CASES]) {
      const d = distributionFromSpec(c.spec);
      assert.equal(d.breakpoints.length, d.dim);
      for (const b of d.breakpoints) for (let i = 1; i < b.length; i++) assert.ok(b[i - 1] < b[i], c.name);
      for (let i = 0; i < d.dim; i++) {
        assert.ok(Number.isFinite(d.effectiveBounds.low[i]) && d.effectiveBounds.low[i] < d.effectiveBounds.high[i], c.name);
        assert.ok(d.bounds.low[i] <= d.effectiveBounds.low[i] && d.effectiveBounds.high[i] <= d.bounds.high[i], c.name);
      }
    }
  });
});
