/** Jacobi eigendecomposition, matrix square roots and the Fréchet distance against closed forms. */
import test from 'node:test';
import assert from 'node:assert/strict';
import { symmetricEigen, symmetricSqrt } from '../../../src/metrics/image/symmetric-eigen.js';
import { featureMoments, type FeatureMoments } from '../../../src/metrics/image/feature-moments.js';
import { frechetDistance } from '../../../src/metrics/image/frechet-distance.js';
import { createRng } from '../../../src/random/rng.js';

/** A random symmetric PSD n × n matrix B Bᵀ (+ shift·I). */
function randomSpd(n: number, seed: number, shift = 0): Float64Array {
  const rng = createRng(seed);
  const b = rng.fillNormal(new Float64Array(n * n));
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let s = i === j ? shift : 0;
    for (let k = 0; k < n; k++) s += b[i * n + k] * b[j * n + k];
    a[i * n + j] = s;
  }
  return a;
}

function mul(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const o = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) o[i * n + j] += a[i * n + k] * b[k * n + j];
  return o;
}

const maxAbs = (a: ArrayLike<number>, b: ArrayLike<number>) => Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i])));

test('Jacobi: V diag(λ) Vᵀ = A with orthonormal V, eigenvalues of a known matrix', () => {
  const n = 30;
  const a = randomSpd(n, 1);
  const { values, vectors } = symmetricEigen(a, n);
  const rec = new Float64Array(n * n);
  const vtv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) {
    rec[i * n + j] += vectors[i * n + k] * values[k] * vectors[j * n + k];
    vtv[i * n + j] += vectors[k * n + i] * vectors[k * n + j];
  }
  const scale = Math.max(...a.map(Math.abs));
  assert.ok(maxAbs(rec, a) < 1e-12 * scale, `reconstruction error ${maxAbs(rec, a)}`);
  assert.ok(maxAbs(vtv, Array.from({ length: n * n }, (_, i) => (i % (n + 1) === 0 ? 1 : 0))) < 1e-13, 'VᵀV = I');
  // [[2, 1], [1, 2]] has eigenvalues 1 and 3; a diagonal matrix is its own decomposition.
  assert.deepEqual(Array.from(symmetricEigen([2, 1, 1, 2], 2).values).map((v) => Math.round(v * 1e12) / 1e12).sort(), [1, 3]);
  assert.deepEqual(Array.from(symmetricEigen([5, 0, 0, -2], 2).values), [5, -2]);
});

test('symmetricSqrt: S·S = A for a PSD matrix, also a singular one', () => {
  for (const [n, shift] of [[20, 0.5], [6, 0]] as const) {
    const a = shift === 0 ? (() => { const r = randomSpd(n, 2); return r; })() : randomSpd(n, 3, shift);
    const s = symmetricSqrt(a, n);
    assert.ok(maxAbs(mul(s, s, n), a) < 1e-11 * Math.max(...a.map(Math.abs)), `n ${n}: ${maxAbs(mul(s, s, n), a)}`);
  }
  // Rank 1: [[1, 1], [1, 1]] = 2·uuᵀ, its root is √2·uuᵀ = [[1, 1], [1, 1]]/√2.
  const s = symmetricSqrt([1, 1, 1, 1], 2);
  assert.ok(maxAbs(s, [1, 1, 1, 1].map((v) => v / Math.SQRT2)) < 1e-15);
});

const moments = (mean: number[], covariance: number[]): FeatureMoments => ({ dim: mean.length, count: 0, mean: Float64Array.from(mean), covariance: Float64Array.from(covariance) });

test('Fréchet distance equals the closed form W2² of two Gaussians (diagonal and non-commuting 2×2 covariances)', () => {
  // Diagonal: ‖μ1 − μ2‖² + Σ (√a_i − √b_i)².
  const d1 = moments([0, 1, 2], [4, 0, 0, 0, 1, 0, 0, 0, 9]);
  const d2 = moments([1, 1, 0], [1, 0, 0, 0, 1, 0, 0, 0, 4]);
  assert.ok(Math.abs(frechetDistance(d1, d2) - (1 + 0 + 4 + (2 - 1) ** 2 + 0 + (3 - 2) ** 2)) < 1e-12);
  // 2×2, Σ1Σ2 ≠ Σ2Σ1: tr (Σ1^½ Σ2 Σ1^½)^½ = √(tr(Σ1Σ2) + 2√(det Σ1 det Σ2)).
  const s1 = [2, 0.8, 0.8, 1];
  const s2 = [1, -0.3, -0.3, 3];
  const tr12 = s1[0] * s2[0] + s1[1] * s2[2] + s1[2] * s2[1] + s1[3] * s2[3];
  const det = (m: number[]) => m[0] * m[3] - m[1] * m[2];
  const closed = (0.5 ** 2 + 1.5 ** 2) + (3 + 4) - 2 * Math.sqrt(tr12 + 2 * Math.sqrt(det(s1) * det(s2)));
  const fd = frechetDistance(moments([0.5, -1], s1), moments([0, 0.5], s2));
  assert.ok(Math.abs(fd - closed) < 1e-12, `${fd} vs ${closed}`);
  // Symmetric in its arguments, 0 for equal moments.
  assert.ok(Math.abs(frechetDistance(moments([0, 0.5], s2), moments([0.5, -1], s1)) - closed) < 1e-12);
  assert.ok(frechetDistance(moments([0.5, -1], s1), moments([0.5, -1], s1)) < 1e-13);
  assert.throws(() => frechetDistance(d1, moments([0], [1])), /dimensions differ/);
});

test('Fréchet distance of 64-dimensional moments: 0 against itself, the closed form for scaled covariances', () => {
  const n = 64;
  const cov = randomSpd(n, 4, 0.1).map((v) => v / n);
  const mean = createRng(5).fillNormal(new Float64Array(n));
  const m = { dim: n, count: 0, mean, covariance: cov };
  const tr = Array.from({ length: n }, (_, i) => cov[i * n + i]).reduce((a, b) => a + b, 0);
  assert.ok(frechetDistance(m, m) < 1e-9 * tr, `self ${frechetDistance(m, m)}`);
  // Σ2 = c²Σ1 commutes with Σ1: FD = (1 − c)² tr Σ1 (+ the mean term).
  const c = 1.7;
  const m2 = { ...m, mean: mean.map((v) => v + 0.1), covariance: cov.map((v) => v * c * c) };
  const expected = n * 0.01 + (1 - c) ** 2 * tr;
  assert.ok(Math.abs(frechetDistance(m, m2) - expected) < 1e-9 * expected, `${frechetDistance(m, m2)} vs ${expected}`);
});

test('featureMoments: mean and unbiased covariance by hand; FD of samples of two Gaussians approaches the closed form', () => {
  const fm = featureMoments([1, 2, 3, 6, 5, 4], 2); // rows (1,2), (3,6), (5,4)
  assert.deepEqual(Array.from(fm.mean), [3, 4]);
  assert.deepEqual(Array.from(fm.covariance), [4, 2, 2, 4]); // ((−2)² + 0 + 2²)/2, (−2·−2 + 0·2 + 2·0)/2, (4 + 4 + 0)/2
  // 20,000 samples each of N(0, diag(1, 4)) and N((1, 0), diag(4, 1)): FD = 1 + (1 − 2)² + (2 − 1)² = 3.
  const rng = createRng(6);
  const draw = (mu: number[], sd: number[], n: number) => {
    const out = new Float64Array(n * 2);
    for (let i = 0; i < n; i++) for (let j = 0; j < 2; j++) out[i * 2 + j] = mu[j] + sd[j] * rng.normal();
    return out;
  };
  const fd = frechetDistance(featureMoments(draw([0, 0], [1, 2], 20000), 2), featureMoments(draw([1, 0], [2, 1], 20000), 2));
  assert.ok(Math.abs(fd - 3) < 0.1, `sampled FD ${fd}`);
});
