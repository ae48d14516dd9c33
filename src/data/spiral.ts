/**
 * The 2-D spiral (swiss roll) with an exact density:
 *
 *   x = c(t) + σ·ε,  t ~ U[t_min, t_max],  ε ~ N(0, I₂),  c(t) = scale · t · (cos t, sin t),
 *   p(x) = (1/(t_max − t_min)) ∫ N(x; c(t), σ² I₂) dt,
 *
 * with t_min = start, t_max = start + 2π·turns, σ = noise. The integral is computed by composite
 * Gauss–Legendre quadrature (spiral-quadrature.ts): relative error below 1e-12 within 15σ of the
 * curve and below 5e-10 out to 1000σ.
 */
import type { Rng } from '../random/rng.js';
import type { Distribution } from './distribution.js';
import { effectiveSigmas } from './normal.js';
import type { SpiralSpec } from './spec.js';
import { SpiralQuadrature, spiralCurve } from './spiral-quadrature.js';

/**
 * The bounding box of the curve c([t_min, t_max]): the extremes over a grid of 4096 intervals,
 * widened by the largest possible overshoot between grid points, Δt²·max|c″|/8 with
 * |c″(t)| = scale·√(4 + t²).
 */
function curveBox(spec: SpiralSpec): { low: number[]; high: number[] } {
  const tMin = spec.start;
  const tMax = spec.start + 2 * Math.PI * spec.turns;
  const steps = 4096;
  const dt = (tMax - tMin) / steps;
  const low = [Infinity, Infinity];
  const high = [-Infinity, -Infinity];
  for (let i = 0; i <= steps; i++) {
    const p = spiralCurve(spec, tMin + i * dt);
    for (let j = 0; j < 2; j++) {
      low[j] = Math.min(low[j], p[j]);
      high[j] = Math.max(high[j], p[j]);
    }
  }
  const slack = (dt * dt * spec.scale * Math.sqrt(4 + tMax * tMax)) / 8;
  return { low: low.map((v) => v - slack), high: high.map((v) => v + slack) };
}

/**
 * The spiral distribution of a valid spec (see parseDistributionSpec): sampling (one U[0, 1) draw
 * for t, then two normals), the exact density, and `effectiveBounds` = the curve's bounding box
 * widened by 8σ (mass outside < 2·erfc(8/√2) ≈ 2.4e-15). It has no modes and no cdf; the density
 * is smooth, so there are no breakpoints. label: defaults to e.g. "spiral(1.5 turns, σ 0.0333)".
 */
export function createSpiral(spec: SpiralSpec, label?: string): Distribution {
  const quadrature = new SpiralQuadrature(spec);
  const tMin = spec.start;
  const T = 2 * Math.PI * spec.turns;
  const box = curveBox(spec);
  const k = effectiveSigmas(2) * spec.noise;
  const logDensity = (x: ArrayLike<number>): number => quadrature.logDensity(x[0], x[1]);
  return {
    dim: 2,
    label: label ?? `spiral(${spec.turns} turns, σ ${Number(spec.noise.toPrecision(3))})`,
    spec,
    sample(rng: Rng, n: number): Float64Array {
      const out = new Float64Array(2 * n);
      for (let r = 0; r < n; r++) {
        const t = tMin + T * rng.uniform();
        const [cx, cy] = spiralCurve(spec, t);
        out[2 * r] = cx + spec.noise * rng.normal();
        out[2 * r + 1] = cy + spec.noise * rng.normal();
      }
      return out;
    },
    logDensity,
    density: (x) => Math.exp(logDensity(x)),
    cdf: undefined,
    bounds: { low: [-Infinity, -Infinity], high: [Infinity, Infinity] },
    effectiveBounds: { low: box.low.map((v) => v - k), high: box.high.map((v) => v + k) },
    breakpoints: [[], []],
    modes: undefined,
  };
}
