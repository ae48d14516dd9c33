/**
 * What a data set is to tsgan.
 *
 * A `Dataset` can only be sampled (user data, MNIST). A `Distribution` also knows its exact density,
 * which is what lets the theory module compute D*, JS, KL, W1 and V(D*, G) for it.
 */
import type { Rng } from '../random/rng.js';
import type { DistributionSpec } from './spec.js';

/** A source of real samples. */
export interface Dataset {
  /** Number of coordinates of one sample. */
  readonly dim: number;
  /** A short human-readable name, e.g. "ring8" or "points.csv (1000 × 2)". */
  readonly label: string;
  /** n samples, row-major: sample i is `out[i*dim … i*dim+dim-1]`. */
  sample(rng: Rng, n: number): Float64Array;
}

/** One Gaussian mode of a mixture, as used by the PacGAN mode metrics. */
export interface GaussianMode {
  readonly center: readonly number[];
  /** Isotropic standard deviation of the mode. */
  readonly std: number;
  /** Mixture weight (the weights of all modes sum to 1). */
  readonly weight: number;
}

/** A distribution with an exact density (every synthetic data set). */
export interface Distribution extends Dataset {
  /** The JSON spec this distribution was built from (canonical form). */
  readonly spec: DistributionSpec;
  /** Density p(x) at one point of length `dim` (0 outside the support). */
  density(x: ArrayLike<number>): number;
  /** log p(x); −Infinity outside the support. */
  logDensity(x: ArrayLike<number>): number;
  /**
   * Exact cumulative distribution function, for 1-D distributions only (undefined otherwise).
   * Used for the exact 1-D Wasserstein-1 distance.
   */
  readonly cdf?: (x: number) => number;
  /**
   * The support's bounding box, per coordinate (entries may be ±Infinity, e.g. for a normal).
   */
  readonly bounds: { readonly low: readonly number[]; readonly high: readonly number[] };
  /**
   * A box that holds all but a negligible mass (< 1e-12) of the distribution: finite always.
   * Quadrature and plots use it.
   */
  readonly effectiveBounds: { readonly low: readonly number[]; readonly high: readonly number[] };
  /**
   * Per coordinate, the sorted points where the density is not smooth (support edges, kinks) or where
   * mass concentrates (component means): quadrature splits its intervals there.
   */
  readonly breakpoints: readonly (readonly number[])[];
  /**
   * The Gaussian modes when the distribution is a mixture of isotropic Gaussians (ring, grid, a
   * normal with equal stds, mixtures of those); undefined otherwise.
   */
  readonly modes?: readonly GaussianMode[];
}

/** True when a data set knows its density. */
export function hasDensity(d: Dataset): d is Distribution {
  return typeof (d as Distribution).density === 'function';
}
