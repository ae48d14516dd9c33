/**
 * The TypeScript types of distribution specs (./spec.ts holds their zod schema and the parser): a file of
 * its own so that the presets (./presets.ts), which the parser expands, can name a spec's type without
 * importing the parser.
 */

/** A Gaussian with diagonal covariance: coordinate i is N(mean[i], std[i]²), independently. */
export interface NormalSpec {
  readonly type: 'normal';
  /** The mean, one entry per coordinate (at least one). */
  readonly mean: readonly number[];
  /** Standard deviations (> 0), one per coordinate of `mean`. */
  readonly std: readonly number[];
}

/** The uniform distribution on the box [low₁, high₁] × … × [low_d, high_d]. */
export interface UniformSpec {
  readonly type: 'uniform';
  readonly low: readonly number[];
  /** high[i] > low[i] for every coordinate. */
  readonly high: readonly number[];
}

/** One component of a {@link MixtureSpec}. */
export interface MixtureComponentSpec {
  /** Non-negative weight; the weights are normalized to sum to 1 when the mixture is built. */
  readonly weight: number;
  readonly dist: DistributionSpec;
}

/** The mixture Σ wᵢ pᵢ of distributions of the same dimension (weights normalized). */
export interface MixtureSpec {
  readonly type: 'mixture';
  readonly components: readonly MixtureComponentSpec[];
}

/** `modes` equal-weight isotropic Gaussians N(c_k, std² I) at c_k = radius·(cos 2πk/modes, sin 2πk/modes). */
export interface RingSpec {
  readonly type: 'ring';
  /** Number of modes, an integer in [1, 10000]. */
  readonly modes: number;
  readonly radius: number;
  readonly std: number;
}

/**
 * side² equal-weight isotropic Gaussians centred on a square grid around the origin: the centres
 * are ((i − (side−1)/2)·spacing, (j − (side−1)/2)·spacing) for i, j in 0 … side−1.
 */
export interface GridSpec {
  readonly type: 'grid';
  /** Number of modes per side, an integer in [1, 100]. */
  readonly side: number;
  readonly spacing: number;
  readonly std: number;
}

/**
 * A 2-D spiral (swiss roll): x = c(t) + noise·ε, t ~ U[start, start + 2π·turns], ε ~ N(0, I₂),
 * along the curve c(t) = scale · t · (cos t, sin t). The defaults (start 1.5π, 1.5 turns,
 * scale 1/7.5, noise 0.25/7.5) are the WGAN-GP toy swiss roll: scikit-learn's
 * make_swiss_roll(noise = 0.25) projected on (x, z) and divided by 7.5.
 */
export interface SpiralSpec {
  readonly type: 'spiral';
  /** First angle t_min ≥ 0, radians (default 1.5π). */
  readonly start: number;
  /** Number of turns > 0: t_max = start + 2π·turns (default 1.5). */
  readonly turns: number;
  /** Scale > 0 of the curve (default 1/7.5). */
  readonly scale: number;
  /** Standard deviation σ > 0 of the isotropic Gaussian noise (default 0.25/7.5). */
  readonly noise: number;
}

/** A distribution spec in canonical form (an object; names expanded, defaults filled in). */
export type DistributionSpec = NormalSpec | UniformSpec | MixtureSpec | RingSpec | GridSpec | SpiralSpec;

/** The `type` of a spec. */
export type DistributionType = DistributionSpec['type'];

/** A spec as a user may give it: a spec object or a preset name. */
export type DistributionSpecInput = DistributionSpec | string;
