/**
 * Small density models with known closed forms, written independently of src/data so that the
 * theory tests pin the theory module alone.
 */
import { standardNormalCdf, type DensityModel } from '../../src/theory/index.js';

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** N(mean, diag(std²)) in any dimension, with an exact cdf in 1-D. */
export function normal(mean: readonly number[], std: readonly number[]): DensityModel & { logDensity(x: ArrayLike<number>): number } {
  const dim = mean.length;
  const logNorm = -std.reduce((a, s) => a + Math.log(s) + LOG_SQRT_2PI, 0);
  const logDensity = (x: ArrayLike<number>): number => {
    let q = 0;
    for (let j = 0; j < dim; j++) q += ((x[j] - mean[j]) / std[j]) ** 2;
    return logNorm - 0.5 * q;
  };
  return {
    dim,
    density: (x) => Math.exp(logDensity(x)),
    logDensity,
    ...(dim === 1 ? { cdf: (x: number) => standardNormalCdf((x - mean[0]) / std[0]) } : {}),
    bounds: { low: mean.map(() => -Infinity), high: mean.map(() => Infinity) },
    effectiveBounds: { low: mean.map((m, j) => m - 8 * std[j]), high: mean.map((m, j) => m + 8 * std[j]) },
    breakpoints: mean.map((m) => [m]),
  };
}

/** A weighted mixture of models of one dimension (weights sum to 1). */
export function mixture(parts: readonly { weight: number; model: DensityModel }[]): DensityModel {
  const dim = parts[0].model.dim;
  const cdfs = parts.map((p) => p.model.cdf);
  const allCdf = cdfs.every((c) => c !== undefined);
  return {
    dim,
    density: (x) => parts.reduce((a, p) => a + p.weight * p.model.density(x), 0),
    ...(allCdf ? { cdf: (x: number) => parts.reduce((a, p) => a + p.weight * (p.model.cdf as (x: number) => number)(x), 0) } : {}),
    bounds: {
      low: Array.from({ length: dim }, (_, j) => Math.min(...parts.map((p) => p.model.bounds?.low[j] ?? -Infinity))),
      high: Array.from({ length: dim }, (_, j) => Math.max(...parts.map((p) => p.model.bounds?.high[j] ?? Infinity))),
    },
    effectiveBounds: {
      low: Array.from({ length: dim }, (_, j) => Math.min(...parts.map((p) => p.model.effectiveBounds.low[j]))),
      high: Array.from({ length: dim }, (_, j) => Math.max(...parts.map((p) => p.model.effectiveBounds.high[j]))),
    },
    breakpoints: Array.from({ length: dim }, (_, j) => [...new Set(parts.flatMap((p) => p.model.breakpoints[j]))].sort((a, b) => a - b)),
  };
}

/** KL(N(m1, s1²) ‖ N(m2, s2²)) in closed form. */
export function klNormal(m1: number, s1: number, m2: number, s2: number): number {
  return Math.log(s2 / s1) + (s1 * s1 + (m1 - m2) ** 2) / (2 * s2 * s2) - 0.5;
}
