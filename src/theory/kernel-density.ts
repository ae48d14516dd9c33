/**
 * A Gaussian kernel density estimate: the density model of a generator known only by samples (a
 * trained 2-D generator), so that D*, JS and V can be estimated for it.
 */
import type { Box, DensityModel } from './density-model.js';
import { standardNormalCdf } from './special.js';

/** Options of {@link gaussianKde}. */
export interface KernelDensityOptions {
  /** Bandwidth per coordinate (one number for all); default Scott's rule. */
  readonly bandwidth?: number | readonly number[];
}

/** A Gaussian kernel density estimate (a mixture of n Gaussians, one per sample). */
export interface KernelDensity extends DensityModel {
  logDensity(x: ArrayLike<number>): number;
  readonly bounds: Box;
  /** The bandwidth h_j used per coordinate. */
  readonly bandwidth: readonly number[];
  readonly sampleCount: number;
}

/**
 * p̂(x) = (1/n) Σ_i Π_j φ((x_j − s_ij)/h_j)/h_j: a product-Gaussian kernel density estimate from n
 * samples in ℝ^dim (Parzen 1962; Scott 1992, Multivariate Density Estimation), with Scott's rule h_j = σ̂_j · n^(−1/(dim+4)) per coordinate (σ̂_j the sample
 * standard deviation) unless a bandwidth is given. `logDensity` is a log-sum-exp (finite
 * everywhere); in 1-D `cdf` is exact for the estimate, (1/n) Σ_i Φ((x − s_i)/h).
 *
 * It is an ESTIMATE of the generator's density, not the density, and every quantity computed from
 * it inherits its errors: smoothing bias O(h²) (modes widened, peaks lowered), sampling variance
 * O(1/(n·h^dim)), mass leaking past support edges (a distribution on a segment or a box gets
 * Gaussian tails, so KL to it is finite where the truth is +∞ and JS on disjoint supports falls
 * below log 2), and Scott's rule assumes a unimodal, roughly normal shape (it oversmooths
 * multimodal data such as rings and grids). Domain: n ≥ 2 finite samples, row-major; bandwidths > 0.
 * Deviation: diagonal bandwidth (product kernel), where SciPy's gaussian_kde uses the full sample
 * covariance scaled by Scott's factor.
 */
export function gaussianKde(samples: ArrayLike<number>, dim: number, options: KernelDensityOptions = {}): KernelDensity {
  if (!(Number.isInteger(dim) && dim >= 1)) throw new RangeError(`dim must be a positive integer, got ${dim}`);
  if (samples.length % dim !== 0) throw new RangeError(`samples' length ${samples.length} is not a multiple of dim ${dim}`);
  const n = samples.length / dim;
  if (n < 2) throw new RangeError('a kernel density estimate needs at least 2 samples');
  const s = Float64Array.from(samples);
  if (!s.every(Number.isFinite)) throw new RangeError('kernel density samples must be finite');

  const h: number[] = [];
  if (options.bandwidth === undefined) {
    const factor = Math.pow(n, -1 / (dim + 4));
    for (let j = 0; j < dim; j++) {
      let mean = 0;
      for (let i = 0; i < n; i++) mean += s[i * dim + j];
      mean /= n;
      let v = 0;
      for (let i = 0; i < n; i++) v += (s[i * dim + j] - mean) ** 2;
      const sd = Math.sqrt(v / (n - 1));
      if (!(sd > 0)) throw new RangeError(`coordinate ${j} of the samples is constant: give a bandwidth`);
      h.push(sd * factor);
    }
  } else {
    const b = options.bandwidth;
    for (let j = 0; j < dim; j++) h.push(typeof b === 'number' ? b : b[j]);
  }
  if (!h.every((x) => x > 0 && Number.isFinite(x))) throw new RangeError(`bandwidths must be positive and finite, got ${h.join(', ')}`);

  const invH = h.map((x) => 1 / x);
  const logNorm = -Math.log(n) - h.reduce((acc, x) => acc + Math.log(x) + 0.5 * Math.log(2 * Math.PI), 0);
  const e = new Float64Array(n);
  const logDensity = (x: ArrayLike<number>): number => {
    let max = -Infinity;
    for (let i = 0; i < n; i++) {
      let q = 0;
      for (let j = 0; j < dim; j++) {
        const d = (x[j] - s[i * dim + j]) * invH[j];
        q += d * d;
      }
      e[i] = -0.5 * q;
      if (e[i] > max) max = e[i];
    }
    if (max === -Infinity) return -Infinity;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += Math.exp(e[i] - max);
    return logNorm + max + Math.log(sum);
  };

  // Effective box: each kernel puts < 1e-15 of its mass beyond 8 bandwidths on either side.
  const low: number[] = [];
  const high: number[] = [];
  const breakpoints: number[][] = [];
  for (let j = 0; j < dim; j++) {
    const col = new Float64Array(n);
    for (let i = 0; i < n; i++) col[i] = s[i * dim + j];
    col.sort();
    low.push(col[0] - 8 * h[j]);
    high.push(col[n - 1] + 8 * h[j]);
    // Sample quantiles: initial splits so that no cluster of kernels falls between quadrature nodes.
    const qs = new Set<number>();
    for (let k = 0; k <= 16; k++) qs.add(col[Math.min(n - 1, Math.round((k * (n - 1)) / 16))]);
    breakpoints.push([...qs].sort((a, b) => a - b));
  }
  const cdf =
    dim === 1
      ? (x: number): number => {
          let acc = 0;
          for (let i = 0; i < n; i++) acc += standardNormalCdf((x - s[i]) * invH[0]);
          return acc / n;
        }
      : undefined;

  return {
    dim,
    density: (x) => Math.exp(logDensity(x)),
    logDensity,
    ...(cdf !== undefined ? { cdf } : {}),
    bounds: { low: new Array<number>(dim).fill(-Infinity), high: new Array<number>(dim).fill(Infinity) },
    effectiveBounds: { low, high },
    breakpoints,
    bandwidth: h,
    sampleCount: n,
  };
}
