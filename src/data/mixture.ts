/**
 * Finite mixtures p(x) = Σₖ wₖ pₖ(x) of distributions of the same dimension.
 */
import type { Rng } from '../random/rng.js';
import type { Distribution, GaussianMode } from './distribution.js';
import type { DistributionSpec } from './spec.js';

/** One component of a mixture under construction: a non-negative weight and a distribution. */
export interface MixturePart {
  readonly weight: number;
  readonly dist: Distribution;
}

/**
 * The mixture Σₖ wₖ pₖ with the weights normalized to sum to 1; components of weight 0 are dropped
 * (they carry no mass: they are never sampled and have no modes or bounds).
 *
 * - sample: one U[0, 1) draw per sample picks its component (inverse cdf of the weights), then each
 *   component draws its samples in one batch, in component order.
 * - logDensity: log Σ exp(log wₖ + log pₖ(x)) by log-sum-exp, finite wherever one component's is.
 * - cdf: Σ wₖ Fₖ(x) when the mixture is 1-D and every component has a cdf.
 * - modes: the components' modes with weights multiplied by wₖ, when every component has modes.
 *
 * parts: at least one, same `dim`, weights finite ≥ 0 with a positive sum (checked: RangeError).
 * spec: the spec reported by the result (a mixture spec, or e.g. the ring spec the mixture implements).
 */
export function createMixture(parts: readonly MixturePart[], spec: DistributionSpec, label?: string): Distribution {
  if (parts.length === 0) throw new RangeError('a mixture needs at least one component');
  const total = parts.reduce((s, p) => s + p.weight, 0);
  if (!parts.every((p) => Number.isFinite(p.weight) && p.weight >= 0) || !(total > 0) || !Number.isFinite(total)) {
    throw new RangeError('mixture weights must be finite, ≥ 0 and have a positive sum');
  }
  const dim = parts[0].dist.dim;
  if (!parts.every((p) => p.dist.dim === dim)) throw new RangeError('all mixture components must have the same dimension');
  const kept = parts.filter((p) => p.weight > 0);
  const comps = kept.map((p) => p.dist);
  const weights = kept.map((p) => p.weight / total);
  const logWeights = weights.map(Math.log);
  const K = comps.length;
  // cumulative[k] = w₀ + … + wₖ, with the last entry forced to 1 so that every u ∈ [0, 1) lands.
  const cumulative = new Float64Array(K);
  let acc = 0;
  for (let k = 0; k < K; k++) cumulative[k] = acc += weights[k];
  cumulative[K - 1] = 1;

  const pick = (u: number): number => {
    // The first k with u < cumulative[k].
    let lo = 0;
    let hi = K - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (u < cumulative[mid]) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };

  const cdfs = comps.map((c) => c.cdf);
  const hasCdf = dim === 1 && cdfs.every((f) => f !== undefined);
  const componentModes = comps.map((c) => c.modes);
  const modes: GaussianMode[] | undefined = componentModes.every((m) => m !== undefined)
    ? componentModes.flatMap((ms, k) => ms!.map((m) => ({ center: m.center, std: m.std, weight: m.weight * weights[k] })))
    : undefined;

  const union = (box: (d: Distribution) => { low: readonly number[]; high: readonly number[] }) => {
    const low = Array.from({ length: dim }, (_, i) => Math.min(...comps.map((c) => box(c).low[i])));
    const high = Array.from({ length: dim }, (_, i) => Math.max(...comps.map((c) => box(c).high[i])));
    return { low, high };
  };
  const breakpoints = Array.from({ length: dim }, (_, i) =>
    [...new Set(comps.flatMap((c) => c.breakpoints[i]))].sort((a, b) => a - b),
  );

  return {
    dim,
    label: label ?? `mixture of ${K}`,
    spec,
    sample(rng: Rng, n: number): Float64Array {
      const which = new Int32Array(n);
      const counts = new Int32Array(K);
      for (let r = 0; r < n; r++) counts[(which[r] = pick(rng.uniform()))]++;
      const draws = comps.map((c, k) => (counts[k] > 0 ? c.sample(rng, counts[k]) : new Float64Array(0)));
      const next = new Int32Array(K);
      const out = new Float64Array(n * dim);
      for (let r = 0; r < n; r++) {
        const k = which[r];
        const j = next[k]++;
        out.set(draws[k].subarray(j * dim, j * dim + dim), r * dim);
      }
      return out;
    },
    density(x) {
      let s = 0;
      for (let k = 0; k < K; k++) s += weights[k] * comps[k].density(x);
      return s;
    },
    logDensity(x) {
      // log Σ exp(aₖ) = m + log Σ exp(aₖ − m), m = max aₖ: no underflow in the far tails.
      let m = -Infinity;
      const a = new Float64Array(K);
      for (let k = 0; k < K; k++) {
        a[k] = logWeights[k] + comps[k].logDensity(x);
        if (a[k] > m || Number.isNaN(a[k])) m = a[k];
      }
      if (m === -Infinity || Number.isNaN(m)) return m;
      let s = 0;
      for (let k = 0; k < K; k++) s += Math.exp(a[k] - m);
      return m + Math.log(s);
    },
    cdf: hasCdf
      ? (x: number) => {
          let s = 0;
          for (let k = 0; k < K; k++) s += weights[k] * cdfs[k]!(x);
          return Math.min(1, s);
        }
      : undefined,
    bounds: union((c) => c.bounds),
    effectiveBounds: union((c) => c.effectiveBounds),
    breakpoints,
    modes,
  };
}
