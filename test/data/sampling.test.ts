/**
 * Samplers match their densities: moments of 20,000 draws against the exact ones (5 standard
 * errors), Kolmogorov–Smirnov against the exact cdf in 1-D, cell probabilities against the
 * integrated density in 2-D, mode frequencies for ring8 and grid25, and reproducibility by seed.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { distributionFromSpec, gridCenters, parseDistributionSpec, ringCenters, type Distribution, type DistributionSpec } from '../../src/data/index.js';
import { createRng } from '../../src/random/rng.js';
import { densityGrid, ksCritical1Percent, ksStatistic, MULTI_D_CASES, ONE_D_CASES, sampleMoments } from './helpers.js';

const N = 20000;

/**
 * Exact per-coordinate mean and variance, from the spec alone (closed forms; the spiral's by
 * quadrature of its density, which the sampler does not use).
 */
function exactMoments(spec: DistributionSpec, h = 0.01): { mean: number[]; variance: number[] } {
  switch (spec.type) {
    case 'normal':
      return { mean: [...spec.mean], variance: spec.std.map((s) => s * s) };
    case 'uniform':
      return { mean: spec.low.map((l, i) => (l + spec.high[i]) / 2), variance: spec.low.map((l, i) => (spec.high[i] - l) ** 2 / 12) };
    case 'mixture': {
      const total = spec.components.reduce((s, c) => s + c.weight, 0);
      const parts = spec.components.map((c) => ({ w: c.weight / total, m: exactMoments(c.dist) }));
      const dim = parts[0].m.mean.length;
      const mean = Array.from({ length: dim }, (_, i) => parts.reduce((s, p) => s + p.w * p.m.mean[i], 0));
      const second = Array.from({ length: dim }, (_, i) => parts.reduce((s, p) => s + p.w * (p.m.variance[i] + p.m.mean[i] ** 2), 0));
      return { mean, variance: second.map((s, i) => s - mean[i] ** 2) };
    }
    case 'ring':
    case 'grid': {
      const centers = spec.type === 'ring' ? ringCenters(spec) : gridCenters(spec);
      const mean = [0, 1].map((i) => centers.reduce((s, c) => s + c[i], 0) / centers.length);
      const variance = [0, 1].map((i) => centers.reduce((s, c) => s + (c[i] - mean[i]) ** 2, 0) / centers.length + spec.std ** 2);
      return { mean, variance };
    }
    case 'spiral': {
      const g = densityGrid(distributionFromSpec(spec), h);
      const sum = (f: (x: number, y: number) => number) => {
        let s = 0;
        for (let i = 0; i < g.nx; i++) for (let j = 0; j < g.ny; j++) s += f(g.xs[i], g.ys[j]) * g.values[i * g.ny + j];
        return s * g.cellArea;
      };
      const mean = [sum((x) => x), sum((_, y) => y)];
      return { mean, variance: [sum((x) => (x - mean[0]) ** 2), sum((_, y) => (y - mean[1]) ** 2)] };
    }
  }
}

function checkMoments(d: Distribution, x: Float64Array, h?: number): void {
  const exact = exactMoments(d.spec, h);
  const s = sampleMoments(x, d.dim);
  for (let i = 0; i < d.dim; i++) {
    const seMean = Math.sqrt(exact.variance[i] / N);
    // SE of the sample variance: √((μ₄ − σ⁴)/n), μ₄ estimated from the sample.
    const seVar = Math.sqrt(Math.max(s.m4[i] - exact.variance[i] ** 2, 0) / N);
    assert.ok(Math.abs(s.mean[i] - exact.mean[i]) < 5 * seMean, `coordinate ${i}: mean ${s.mean[i]} vs ${exact.mean[i]} (SE ${seMean})`);
    assert.ok(Math.abs(s.variance[i] - exact.variance[i]) < 5 * seVar, `coordinate ${i}: variance ${s.variance[i]} vs ${exact.variance[i]} (SE ${seVar})`);
  }
}

describe('1-D samplers', () => {
  ONE_D_CASES.forEach((c, k) => {
    it(`${c.name}: mean and variance within 5 SE; KS statistic below the 1% critical value`, () => {
      const d = distributionFromSpec(c.spec);
      const x = d.sample(createRng(1000 + k), N);
      assert.equal(x.length, N);
      checkMoments(d, x);
      const D = ksStatistic(x, d.cdf!);
      assert.ok(D < ksCritical1Percent(N), `KS D = ${D}, critical ${ksCritical1Percent(N)}`);
    });
  });

  it('the KS check has power: N(0, 1) samples are rejected against N(0.05, 1)', () => {
    const x = distributionFromSpec('normal').sample(createRng(5), N);
    const shifted = distributionFromSpec({ type: 'normal', mean: [0.05], std: [1] });
    assert.ok(ksStatistic(x, shifted.cdf!) > ksCritical1Percent(N));
  });
});

describe('multi-D samplers', () => {
  MULTI_D_CASES.forEach((c, k) => {
    it(`${c.name}: moments within 5 SE; 3×3 cell frequencies match ∫ density within 5 SE`, () => {
      const d = distributionFromSpec(c.spec);
      const x = d.sample(createRng(2000 + k), N);
      assert.equal(x.length, N * d.dim);
      checkMoments(d, x, c.h);
      if (d.dim !== 2) return;
      // Cells: the density grid's columns and rows cut in thirds (outer cells extend to infinity).
      const g = densityGrid(d, c.h!);
      const cutX = [g.xs[Math.floor(g.nx / 3)], g.xs[Math.floor((2 * g.nx) / 3)]];
      const cutY = [g.ys[Math.floor(g.ny / 3)], g.ys[Math.floor((2 * g.ny) / 3)]];
      const cellOf = (v: number, cuts: number[]) => (v < cuts[0] ? 0 : v < cuts[1] ? 1 : 2);
      const probability = new Array(9).fill(0);
      for (let i = 0; i < g.nx; i++) {
        for (let j = 0; j < g.ny; j++) probability[cellOf(g.xs[i], cutX) * 3 + cellOf(g.ys[j], cutY)] += g.values[i * g.ny + j] * g.cellArea;
      }
      // Grid cells are split exactly at the cuts: shift the cuts from cell centres to cell edges.
      const hx = g.xs[1] - g.xs[0];
      const hy = g.ys[1] - g.ys[0];
      const edgeX = cutX.map((v) => v - hx / 2);
      const edgeY = cutY.map((v) => v - hy / 2);
      const counts = new Array(9).fill(0);
      for (let r = 0; r < N; r++) counts[cellOf(x[2 * r], edgeX) * 3 + cellOf(x[2 * r + 1], edgeY)]++;
      for (let k = 0; k < 9; k++) {
        const p = probability[k];
        const se = Math.sqrt(Math.max(p * (1 - p), 1e-12) / N);
        assert.ok(Math.abs(counts[k] / N - p) < 5 * se + 1e-6, `cell ${k}: frequency ${counts[k] / N} vs probability ${p}`);
      }
    });
  });
});

describe('ring8 and grid25 (PacGAN protocol)', () => {
  for (const name of ['ring8', 'grid25']) {
    it(`${name}: fraction of samples per mode within 5 SE of the weights; all within 6σ, 98.9% within 3σ`, () => {
      const d = distributionFromSpec(name);
      const modes = d.modes!;
      const spec = parseDistributionSpec(name);
      const centers = spec.type === 'ring' ? ringCenters(spec) : spec.type === 'grid' ? gridCenters(spec) : [];
      assert.equal(modes.length, centers.length);
      const x = d.sample(createRng(name.length), N);
      const counts = new Array(modes.length).fill(0);
      let within3 = 0;
      const sigma = modes[0].std;
      for (let r = 0; r < N; r++) {
        let best = 0;
        let bestSq = Infinity;
        modes.forEach((m, k) => {
          const sq = (x[2 * r] - m.center[0]) ** 2 + (x[2 * r + 1] - m.center[1]) ** 2;
          if (sq < bestSq) [best, bestSq] = [k, sq];
        });
        counts[best]++;
        assert.ok(Math.sqrt(bestSq) < 6 * sigma, `sample ${r} is ${Math.sqrt(bestSq) / sigma}σ from its nearest mode`);
        if (bestSq <= 9 * sigma * sigma) within3++;
      }
      modes.forEach((m, k) => {
        const se = Math.sqrt((m.weight * (1 - m.weight)) / N);
        assert.ok(Math.abs(counts[k] / N - m.weight) < 5 * se, `mode ${k}: ${counts[k] / N} vs ${m.weight}`);
      });
      // P(‖ε‖ ≤ 3σ) for a 2-D isotropic Gaussian is 1 − e^{−9/2}.
      const p3 = 1 - Math.exp(-4.5);
      assert.ok(Math.abs(within3 / N - p3) < 5 * Math.sqrt((p3 * (1 - p3)) / N), `within 3σ: ${within3 / N} vs ${p3}`);
    });
  }
});

describe('reproducibility', () => {
  for (const c of [...ONE_D_CASES, ...MULTI_D_CASES]) {
    it(`${c.name}: same seed ⇒ identical samples; another seed ⇒ different`, () => {
      const d = distributionFromSpec(c.spec);
      const a = d.sample(createRng(42), 200);
      const b = distributionFromSpec(c.spec).sample(createRng(42), 200);
      assert.deepEqual(a, b);
      assert.notDeepEqual(a, d.sample(createRng(43), 200));
      assert.equal(d.sample(createRng(1), 0).length, 0);
    });
  }
});
