/**
 * Noise priors P_z of a 1-D generator input, with the density, cdf and interval masses the exact
 * pushforward density needs.
 */
import { standardNormalCdf, standardNormalLogPdf, standardNormalSf } from './special.js';

/** A distribution on the line for the generator's noise z. */
export interface NoisePrior {
  readonly name: string;
  /** log p_z(z), −Infinity outside the support. */
  logDensity(z: number): number;
  /** p_z(z). */
  density(z: number): number;
  /** P(Z ≤ z). */
  cdf(z: number): number;
  /** P(u ≤ Z ≤ v) for u ≤ v (ends may be infinite), computed without cancellation in the tails. */
  mass(u: number, v: number): number;
  /** The support [low, high] (ends may be infinite). */
  readonly support: readonly [number, number];
  /** A finite interval holding all but < 1e-12 of the mass. */
  readonly effectiveSupport: readonly [number, number];
}

/** The standard normal prior N(0, 1) (the default P_z of THEORY.md). */
export const standardNormalPrior: NoisePrior = {
  name: 'normal(0, 1)',
  logDensity: standardNormalLogPdf,
  density: (z) => Math.exp(standardNormalLogPdf(z)),
  cdf: standardNormalCdf,
  mass(u, v) {
    if (!(v > u)) return 0;
    // Difference of survival functions on the right, of cdfs on the left: no cancellation.
    if (u >= 0) return standardNormalSf(u) - standardNormalSf(v);
    if (v <= 0) return standardNormalCdf(v) - standardNormalCdf(u);
    return 1 - standardNormalCdf(u) - standardNormalSf(v);
  },
  support: [-Infinity, Infinity],
  // 2·Φ(−7.6) ≈ 3e-14.
  effectiveSupport: [-7.6, 7.6],
};

/** The uniform prior U[low, high] (default U[−1, 1]). Domain: finite low < high. */
export function uniformNoisePrior(low = -1, high = 1): NoisePrior {
  if (!(Number.isFinite(low) && Number.isFinite(high) && low < high)) {
    throw new RangeError(`a uniform prior needs finite low < high, got [${low}, ${high}]`);
  }
  const w = high - low;
  const clamp = (z: number): number => Math.min(high, Math.max(low, z));
  return {
    name: `uniform(${low}, ${high})`,
    logDensity: (z) => (z >= low && z <= high ? -Math.log(w) : -Infinity),
    density: (z) => (z >= low && z <= high ? 1 / w : 0),
    cdf: (z) => (clamp(z) - low) / w,
    mass: (u, v) => (v > u ? (clamp(v) - clamp(u)) / w : 0),
    support: [low, high],
    effectiveSupport: [low, high],
  };
}
