import { test } from 'node:test';
import assert from 'node:assert/strict';
import { integrate, integrate2D, integrate2DNested, integrate2DVector, integrateVector } from '../../src/theory/index.js';

const close = (actual: number, expected: number, tol: number, what = ''): void => {
  assert.ok(Math.abs(actual - expected) <= tol, `${what} ${actual} vs ${expected} (|Δ| = ${Math.abs(actual - expected)} > ${tol})`);
};

test('the G7–K15 rule is exact for polynomials up to degree 22 on one interval', () => {
  for (let d = 0; d <= 22; d++) {
    const r = integrate((x) => x ** d, -1, 2, { maxEvaluations: 15 });
    close(r.value, (2 ** (d + 1) - (-1) ** (d + 1)) / (d + 1), 1e-12 * 2 ** d, `degree ${d}`);
    assert.equal(r.evaluations, 15);
  }
});

test('∫ exp(−x²) over ℝ = √π (infinite ends by the variable transform)', () => {
  const r = integrate((x) => Math.exp(-x * x), -Infinity, Infinity);
  close(r.value, Math.sqrt(Math.PI), 1e-12);
  assert.ok(r.converged);
  assert.ok(r.errorEstimate < 1e-9);
});

test('half-infinite and slowly decaying integrands', () => {
  close(integrate((x) => Math.exp(-x), 0, Infinity).value, 1, 1e-10);
  close(integrate((x) => Math.exp(2 * x), -Infinity, 1).value, Math.exp(2) / 2, 1e-9);
  close(integrate((x) => 1 / (1 + x * x), -Infinity, Infinity).value, Math.PI, 1e-9);
  close(integrate((x) => Math.exp(-((x - 50) ** 2) / 2), -Infinity, Infinity, { breakpoints: [50] }).value, Math.sqrt(2 * Math.PI), 1e-9);
});

test('smooth integrands to 1e-9 and honest error estimates', () => {
  const cases: [(x: number) => number, number, number, number][] = [
    [Math.sin, 0, Math.PI, 2],
    [(x) => Math.exp(x) * Math.cos(5 * x), 0, 3, (Math.exp(3) * (Math.cos(15) + 5 * Math.sin(15)) - 1) / 26],
    [(x) => 1 / (1 + 25 * x * x), -1, 1, (2 / 5) * Math.atan(5)],
    [Math.sqrt, 0, 1, 2 / 3],
    [Math.log, 0, 1, -1],
  ];
  for (const [f, a, b, exact] of cases) {
    const r = integrate(f, a, b);
    close(r.value, exact, 1e-9);
    assert.ok(Math.abs(r.value - exact) <= Math.max(r.errorEstimate, 1e-14), `error ${Math.abs(r.value - exact)} > estimate ${r.errorEstimate}`);
  }
});

test('a discontinuous integrand is exact with its breakpoints and still converges without them', () => {
  const step = (x: number): number => (x < 0.3 ? 1 : x < 0.7 ? 5 : -2);
  const exact = 0.3 + 5 * 0.4 - 2 * 0.3;
  const withBp = integrate(step, 0, 1, { breakpoints: [0.3, 0.7] });
  close(withBp.value, exact, 1e-14);
  assert.equal(withBp.evaluations, 45);
  close(integrate(step, 0, 1).value, exact, 1e-9);
  const kink = integrate((x) => Math.abs(x - 1 / 3), 0, 1, { breakpoints: [1 / 3] });
  close(kink.value, (1 / 3) ** 2 / 2 + (2 / 3) ** 2 / 2, 1e-15);
});

test('reversed limits negate, equal limits give 0', () => {
  close(integrate(Math.exp, 1, 0).value, -(Math.E - 1), 1e-13);
  assert.equal(integrate(Math.exp, 2, 2).value, 0);
});

test('a vector integrand shares its evaluations: moments of N(0, 1)', () => {
  const phi = (x: number): number => Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);
  const r = integrateVector(
    (x, out) => {
      const p = phi(x);
      out[0] = p;
      out[1] = x * p;
      out[2] = x * x * p;
      out[3] = x ** 4 * p;
    },
    4,
    -Infinity,
    Infinity,
  );
  [1, 0, 1, 3].forEach((m, k) => close(r.values[k], m, 1e-11, `moment ${k}`));
});

test('2-D: ∫∫ exp(−x² − y²) = π and a product of polynomials', () => {
  const g = integrate2D((x, y) => Math.exp(-x * x - y * y), { low: [-9, -9], high: [9, 9] });
  close(g.value, Math.PI, 1e-10);
  const p = integrate2D((x, y) => x * x * y ** 3 + 1, { low: [0, -1], high: [2, 3] });
  close(p.value, (8 / 3) * ((81 - 1) / 4) + 8, 1e-11);
});

test('2-D: piecewise-constant integrands with breakpoints per coordinate are exact', () => {
  const f = (x: number, y: number): number => (x > 0.2 && y > 0.7 ? 3 : 0) + (y < 0.1 ? 1 : 0);
  const r = integrate2D(f, { low: [0, 0], high: [1, 1] }, { breakpoints: [[0.2], [0.7, 0.1]] });
  close(r.value, 3 * 0.8 * 0.3 + 0.1, 1e-14);
  const v = integrate2DVector((x, y, out) => ((out[0] = x), (out[1] = y)), 2, { low: [0, 0], high: [1, 2] });
  close(v.values[0], 1, 1e-13);
  close(v.values[1], 2, 1e-13);
});

test('2-D: the Genz–Malik cell rule is exact to degree 7 (one cell), not 8', () => {
  for (let p = 0; p <= 7; p++) {
    for (let q = 0; p + q <= 7; q++) {
      const r = integrate2D((x, y) => x ** p * y ** q, { low: [0, 0], high: [1, 2] }, { maxEvaluations: 17 });
      close(r.value, (1 / (p + 1)) * (2 ** (q + 1) / (q + 1)), 1e-13 * 2 ** q, `x^${p} y^${q}`);
      assert.equal(r.evaluations, 17);
    }
  }
  const r8 = integrate2D((x, y) => x ** 4 * y ** 4, { low: [0, 0], high: [1, 1] }, { maxEvaluations: 17 });
  assert.ok(Math.abs(r8.value - 1 / 25) > 1e-6);
});

test('2-D: adaptive cubature and the nested 1-D rule agree on a peaked, tilted integrand', () => {
  const f = (x: number, y: number, out: Float64Array): void => {
    out[0] = Math.exp(-((x - 0.3) ** 2 + (x - 0.3) * (y + 0.2) + (y + 0.2) ** 2) / 0.02) + 0.1 * Math.cos(3 * x * y);
  };
  const box = { low: [-1, -1], high: [1.5, 1] };
  const gm = integrate2DVector(f, 1, box, { breakpoints: [[0.3], [-0.2]] });
  const nested = integrate2DNested(f, 1, box, { breakpoints: [[0.3], [-0.2]] });
  assert.ok(gm.converged && nested.converged);
  close(gm.values[0], nested.values[0], 1e-10);
});

test('2-D: a curved discontinuity off the breakpoints converges slowly, and the estimate says so', () => {
  const r = integrate2D((x, y) => (x * x + y * y < 1 ? 1 : 0), { low: [-1, -1], high: [1, 1] }, { absTol: 1e-9, relTol: 0, maxEvaluations: 50_000 });
  assert.equal(r.converged, false);
  assert.ok(Math.abs(r.value - Math.PI) <= r.errorEstimate, `error ${Math.abs(r.value - Math.PI)} > estimate ${r.errorEstimate}`);
  close(r.value, Math.PI, 1e-3);
});
