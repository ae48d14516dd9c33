/**
 * The uniform distribution on a box [low₁, high₁] × … × [low_d, high_d].
 */
import type { Rng } from '../random/rng.js';
import type { Distribution } from './distribution.js';
import type { UniformSpec } from './spec.js';

/**
 * The uniform distribution of a valid spec (see parseDistributionSpec): density 1/volume on the
 * closed box and 0 outside (also for NaN); in 1-D the cdf clamp((x − low)/(high − low), 0, 1).
 * Samples are low + (high − low)·u with u ~ U[0, 1). label: shown to users; defaults to e.g. "U[0, 1]".
 */
export function createUniform(spec: UniformSpec, label?: string): Distribution {
  const dim = spec.low.length;
  const low = [...spec.low];
  const high = [...spec.high];
  const logDensityInside = -low.reduce((s, l, i) => s + Math.log(high[i] - l), 0);
  const inside = (x: ArrayLike<number>): boolean => {
    for (let i = 0; i < dim; i++) if (!(x[i] >= low[i] && x[i] <= high[i])) return false;
    return true;
  };
  return {
    dim,
    label: label ?? (dim === 1 ? `U[${low[0]}, ${high[0]}]` : `uniform(${dim}-D)`),
    spec,
    sample(rng: Rng, n: number): Float64Array {
      const out = new Float64Array(n * dim);
      for (let r = 0; r < n; r++) {
        for (let i = 0; i < dim; i++) out[r * dim + i] = low[i] + (high[i] - low[i]) * rng.uniform();
      }
      return out;
    },
    density: (x) => (inside(x) ? Math.exp(logDensityInside) : 0),
    logDensity: (x) => (inside(x) ? logDensityInside : -Infinity),
    cdf:
      dim === 1
        ? (x: number) => (x <= low[0] ? 0 : x >= high[0] ? 1 : (x - low[0]) / (high[0] - low[0]))
        : undefined,
    bounds: { low, high },
    effectiveBounds: { low, high },
    breakpoints: low.map((l, i) => [l, high[i]]),
    modes: undefined,
  };
}
