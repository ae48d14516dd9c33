/**
 * The spiral's exact density: the composite Gauss–Legendre quadrature against an independent
 * brute-force integral, the Gauss–Legendre rule itself, and the spiral's geometry.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { distributionFromSpec, parseDistributionSpec, SpecError, spiralCurve, type SpiralSpec } from '../../src/data/index.js';
import { gaussLegendre } from '../../src/data/gauss-legendre.js';
import { createRng } from '../../src/random/rng.js';

/**
 * log p(x) by composite Simpson over t with `n` intervals (log-sum-exp): an independent reference,
 * slow but simple.
 */
function referenceLogDensity(g: SpiralSpec, x: number, y: number, n = 200000): number {
  const T = 2 * Math.PI * g.turns;
  const h = T / n;
  const e = new Float64Array(n + 1);
  let best = -Infinity;
  for (let i = 0; i <= n; i++) {
    const t = g.start + i * h;
    const cx = g.scale * t * Math.cos(t);
    const cy = g.scale * t * Math.sin(t);
    e[i] = -((x - cx) ** 2 + (y - cy) ** 2) / (2 * g.noise ** 2);
    if (e[i] > best) best = e[i];
  }
  let s = 0;
  for (let i = 0; i <= n; i++) s += (i === 0 || i === n ? 1 : i % 2 ? 4 : 2) * Math.exp(e[i] - best);
  return -Math.log(2 * Math.PI * g.noise ** 2) + best + Math.log((s * h) / 3 / T);
}

describe('spiral density', () => {
  for (const spec of ['spiral', { type: 'spiral', start: 0, turns: 2, scale: 0.2, noise: 0.1 }]) {
    it(`${JSON.stringify(spec)}: matches brute-force Simpson to 1e-9 relative, within 6σ of the curve`, () => {
      const d = distributionFromSpec(spec);
      const g = d.spec as SpiralSpec;
      const rng = createRng(3);
      for (let k = 0; k < 12; k++) {
        const t = g.start + 2 * Math.PI * g.turns * rng.uniform();
        const [cx, cy] = spiralCurve(g, t);
        const r = 6 * g.noise * rng.uniform();
        const a = 2 * Math.PI * rng.uniform();
        const x = [cx + r * Math.cos(a), cy + r * Math.sin(a)];
        const ref = referenceLogDensity(g, x[0], x[1]);
        assert.ok(Math.abs(Math.expm1(d.logDensity(x) - ref)) < 1e-9, `at ${x}: ${d.logDensity(x)} vs ${ref}`);
      }
    });
  }

  it('far from the curve (30σ, 300σ) log p stays finite and matches the reference to 1e-6 nats', () => {
    const d = distributionFromSpec('spiral');
    const g = d.spec as SpiralSpec;
    for (const k of [30, 300]) {
      const [cx, cy] = spiralCurve(g, g.start + 2 * Math.PI * g.turns); // the outer end of the curve
      const x = [cx + k * g.noise, cy];
      const ref = referenceLogDensity(g, x[0], x[1], 2_000_000);
      const lp = d.logDensity(x);
      assert.ok(Number.isFinite(lp) && Math.abs(lp - ref) < 1e-6, `${k}σ: ${lp} vs ${ref}`);
    }
  });

  it('the defaults are the WGAN-GP swiss roll: start 1.5π, 1.5 turns, scale 1/7.5, noise 0.25/7.5', () => {
    assert.deepEqual(parseDistributionSpec({ type: 'spiral' }), {
      type: 'spiral',
      start: 1.5 * Math.PI,
      turns: 1.5,
      scale: 1 / 7.5,
      noise: 0.25 / 7.5,
    });
    assert.deepEqual(parseDistributionSpec('spiral'), parseDistributionSpec({ type: 'spiral' }));
    // c(t) = scale·t·(cos t, sin t): at t = 2π the point (2π·scale, 0).
    const [x, y] = spiralCurve({ start: 0, turns: 1, scale: 0.5, noise: 1 }, 2 * Math.PI);
    assert.ok(Math.abs(x - Math.PI) < 1e-15 && Math.abs(y) < 1e-15);
  });

  it('rejects a noise too small for the exact density, naming the minimum', () => {
    assert.throws(
      () => parseDistributionSpec({ type: 'spiral', noise: 1e-6 }),
      (e: unknown) => e instanceof SpecError && e.path === 'noise' && /noise ≥/.test(e.message),
    );
  });
});

describe('gaussLegendre', () => {
  it('integrates x^k exactly (to 1e-14) for k ≤ 2m − 1; nodes ascending', () => {
    for (const m of [1, 2, 5, 8, 12, 20]) {
      const { nodes, weights } = gaussLegendre(m);
      for (let k = 0; k <= 2 * m - 1; k++) {
        let s = 0;
        for (let i = 0; i < m; i++) s += weights[i] * nodes[i] ** k;
        const exact = k % 2 === 1 ? 0 : 2 / (k + 1);
        assert.ok(Math.abs(s - exact) < 1e-14, `m = ${m}, k = ${k}: ${s} vs ${exact}`);
      }
      for (let i = 1; i < m; i++) assert.ok(nodes[i - 1] < nodes[i]);
    }
    // The 2-point rule: ±1/√3 with weights 1.
    const two = gaussLegendre(2);
    assert.ok(Math.abs(two.nodes[1] - 1 / Math.sqrt(3)) < 3e-16 && Math.abs(two.weights[0] - 1) < 5e-16);
  });
});
