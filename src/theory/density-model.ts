/**
 * The minimal structural view of a probability distribution that the theory module computes with.
 *
 * The theory module is tsgan's lowest layer, so it does not import the data layer: `Distribution`
 * (src/data) satisfies this interface structurally, and so do the generator densities built here
 * (a trained 1-D generator's exact pushforward density, a kernel density estimate).
 */

/** An axis-aligned box, one entry per coordinate (entries may be ±Infinity where stated). */
export interface Box {
  readonly low: readonly number[];
  readonly high: readonly number[];
}

/** A point mass: `mass` of probability sits exactly at `location` (length `dim`). */
export interface Atom {
  readonly location: readonly number[];
  readonly mass: number;
}

/**
 * A distribution on ℝ^dim known through its density.
 *
 * If `atoms` is present and non-empty the distribution is not absolutely continuous: `density` is
 * then the density of its absolutely continuous part only (it integrates to 1 − Σ atom masses) and
 * the atoms carry the rest. Every function of this module accounts for atoms.
 */
export interface DensityModel {
  /** Number of coordinates. */
  readonly dim: number;
  /** Density p(x) ≥ 0 at a point of length `dim` (0 outside the support). */
  density(x: ArrayLike<number>): number;
  /** log p(x), −Infinity outside the support. Preferred over `density` wherever present. */
  logDensity?(x: ArrayLike<number>): number;
  /** Exact cumulative distribution function (1-D only), atoms included. */
  readonly cdf?: (x: number) => number;
  /** The support's tight bounding box (entries may be ±Infinity). */
  readonly bounds?: Box;
  /** A finite box holding all but a negligible mass (< 1e-12). */
  readonly effectiveBounds: Box;
  /**
   * Per coordinate, sorted points where the density is not smooth (support edges, kinks, jumps)
   * or where mass concentrates: quadrature splits its intervals there.
   */
  readonly breakpoints: readonly (readonly number[])[];
  /** Point masses, if any (see above). */
  readonly atoms?: readonly Atom[];
}

/** log p(x) of a model: its `logDensity` when present, else log of its `density`. */
export function logDensityOf(model: DensityModel, x: ArrayLike<number>): number {
  return model.logDensity !== undefined ? model.logDensity(x) : Math.log(model.density(x));
}
