import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  gaussianKde,
  slicedWasserstein,
  solveAssignment,
  uniformBox,
  wasserstein1D,
  wasserstein1DSamples,
  wassersteinExactSamples,
  type DensityModel,
} from '../../src/theory/index.js';
import { createRng } from '../../src/random/rng.js';
import { normal } from './test-models.js';

const close = (actual: number, expected: number, tol: number, what = ''): void => {
  assert.ok(Math.abs(actual - expected) <= tol, `${what} ${actual} vs ${expected} (|Δ| = ${Math.abs(actual - expected)} > ${tol})`);
};

/** The same model without its cdf, so that W1 must integrate the density. */
const withoutCdf = (m: DensityModel): DensityModel => ({
  dim: m.dim,
  density: (x) => m.density(x),
  bounds: m.bounds,
  effectiveBounds: m.effectiveBounds,
  breakpoints: m.breakpoints,
});

function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  return permutations(n - 1).flatMap((p) => Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)]));
}

test('W1 of two normals with equal std = |Δμ| (E8), from cdfs and from densities alone', () => {
  for (const [m1, m2, s] of [
    [0, 1, 1],
    [-2, 3.5, 0.3],
    [1, 1, 2],
  ]) {
    const p = normal([m1], [s]);
    const q = normal([m2], [s]);
    close(wasserstein1D(p, q), Math.abs(m2 - m1), 1e-9, 'cdf route');
    close(wasserstein1D(withoutCdf(p), withoutCdf(q)), Math.abs(m2 - m1), 1e-9, 'density route');
  }
});

test('W1 of uniforms by hand', () => {
  // F_P − F_Q = x − x/2 on [0,1], 1 − x/2 on [1,2]: ∫ = 1/4 + 1/4.
  close(wasserstein1D(uniformBox([0], [1]), uniformBox([0], [2])), 0.5, 1e-12);
  close(wasserstein1D(uniformBox([0], [1]), uniformBox([5], [6])), 5, 1e-12);
  close(wasserstein1D(withoutCdf(uniformBox([0], [1])), withoutCdf(uniformBox([0], [2]))), 0.5, 1e-10);
});

test('W1 between 1-D sample sets of any sizes, from empirical cdfs', () => {
  close(wasserstein1DSamples([0], [1, 3]), 2, 0);
  close(wasserstein1DSamples([0, 0, 1], [0, 1, 1]), 1 / 3, 1e-15);
  const rng = createRng(7);
  const a = Array.from({ length: 200 }, () => rng.normal());
  const b = Array.from({ length: 200 }, () => 2 * rng.normal() + 1);
  const sa = [...a].sort((x, y) => x - y);
  const sb = [...b].sort((x, y) => x - y);
  const sorted = sa.reduce((acc, x, i) => acc + Math.abs(x - sb[i]), 0) / 200;
  close(wasserstein1DSamples(a, b), sorted, 1e-12);
  close(wasserstein1DSamples(a, a.map((x) => x + 0.25)), 0.25, 1e-12);
  // Unequal sizes: replicating every point of b three times leaves the empirical measure unchanged.
  close(wasserstein1DSamples(a, [...b, ...b, ...b].slice(0, 600)), sorted, 1e-12);
  close(wasserstein1DSamples(a, b.slice(0, 37)), wasserstein1DSamples(b.slice(0, 37), a), 1e-14);
});

test('the assignment solver matches brute force over all permutations', () => {
  const rng = createRng(11);
  for (let trial = 0; trial < 40; trial++) {
    const n = 1 + (trial % 7);
    const cost = Array.from({ length: n * n }, () => Math.round((rng.uniform() * 20 - 5) * 8) / 8);
    const { rowToColumn, totalCost } = solveAssignment(cost, n);
    let best = Infinity;
    for (const p of permutations(n)) best = Math.min(best, p.reduce((acc, j, i) => acc + cost[i * n + j], 0));
    close(totalCost, best, 1e-12, `n = ${n}`);
    assert.deepEqual([...rowToColumn].sort((x, y) => x - y), Array.from({ length: n }, (_, i) => i));
  }
});

test('exact W1 between point sets: brute force, identical sets, shifted sets, 1-D sorted matching', () => {
  const rng = createRng(3);
  for (let n = 1; n <= 6; n++) {
    const a = Array.from({ length: 2 * n }, () => rng.normal());
    const b = Array.from({ length: 2 * n }, () => rng.normal());
    let best = Infinity;
    for (const p of permutations(n)) {
      best = Math.min(best, p.reduce((acc, j, i) => acc + Math.hypot(a[2 * i] - b[2 * j], a[2 * i + 1] - b[2 * j + 1]), 0) / n);
    }
    close(wassersteinExactSamples(a, b, 2), best, 1e-12, `n = ${n}`);
  }
  const pts = Array.from({ length: 2 * 150 }, () => rng.normal());
  // Identical sets, listed in a different order.
  const order = Array.from({ length: 150 }, (_, i) => (i * 37) % 150);
  const shuffled = order.flatMap((i) => [pts[2 * i], pts[2 * i + 1]]);
  close(wassersteinExactSamples(pts, shuffled, 2), 0, 1e-12);
  // A translated set: W1 = the shift's length.
  const shifted = pts.map((x, k) => x + (k % 2 === 0 ? 0.3 : -0.4));
  close(wassersteinExactSamples(pts, shifted, 2), 0.5, 1e-12);
  // In 1-D the optimal matching pairs sorted points.
  const a1 = Array.from({ length: 300 }, () => rng.normal());
  const b1 = Array.from({ length: 300 }, () => rng.uniform() * 3);
  close(wassersteinExactSamples(a1, b1, 1), wasserstein1DSamples(a1, b1), 1e-12);
  assert.throws(() => wassersteinExactSamples([0, 1], [0], 1), RangeError);
});

test('sliced W1: seeded and reproducible, a lower bound of W1, (2/π)·shift for a 2-D translation', () => {
  const rng = createRng(5);
  const a = Float64Array.from({ length: 2 * 120 }, () => rng.normal());
  const b = Float64Array.from({ length: 2 * 120 }, () => rng.normal() * 0.5 + 1);
  const sw = (seed: number, projections = 64): number => {
    const r = createRng(seed);
    return slicedWasserstein(a, b, 2, { projections, uniform: () => r.uniform() });
  };
  assert.equal(sw(42), sw(42));
  assert.notEqual(sw(42), sw(43));
  assert.ok(sw(42) <= wassersteinExactSamples(a, b, 2) + 1e-12);
  const shifted = a.map((x, k) => x + (k % 2 === 0 ? 3 : 4));
  const r = createRng(9);
  const s = slicedWasserstein(a, shifted, 2, { projections: 4000, uniform: () => r.uniform() });
  close(s, (2 / Math.PI) * 5, 0.05, 'E|cos| · 5');
  // In 1-D slicing is exact.
  const r1 = createRng(1);
  close(slicedWasserstein([0, 1, 2], [1, 2, 3, 4], 1, { projections: 3, uniform: () => r1.uniform() }), wasserstein1DSamples([0, 1, 2], [1, 2, 3, 4]), 1e-14);
});

test('W1 of a kernel density estimate uses its exact cdf and agrees with the density route', () => {
  const kde = gaussianKde([0, 0.5, 1, 3, 3.2], 1);
  const p = normal([0], [1]);
  close(wasserstein1D(kde, p), wasserstein1D(withoutCdf(kde), withoutCdf(p)), 1e-9);
});
