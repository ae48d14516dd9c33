/**
 * Sliced Wasserstein-1 distance: the average of exact 1-D W1 distances between random projections.
 */
import { wasserstein1DSamples } from './wasserstein.js';

/** Options of {@link slicedWasserstein}. */
export interface SlicedWassersteinOptions {
  /** Number of random directions (default 128). */
  readonly projections?: number;
  /** A seeded uniform source on [0, 1), e.g. `() => rng.uniform()` with an `Rng` from src/random. */
  readonly uniform: () => number;
}

/**
 * SW1(P, Q) ≈ E_θ[W1(θ·P, θ·Q)], θ uniform on the unit sphere S^(dim−1), estimated with
 * `projections` directions drawn from `uniform` (normal vectors by Box–Muller, normalized), each
 * 1-D W1 exact from the projected samples' empirical cdfs ({@link wasserstein1DSamples}). The sets
 * may have different sizes. Reproducible: the same uniform stream gives the same value.
 *
 * (Rabin, Peyré, Delon & Bernot 2011; Bonneel et al. 2015.)
 * Deviation: not W1 itself (E8): each projection is 1-Lipschitz, so SW1 ≤ W1 always, and the gap depends on
 * the dimension: for a pure translation by t, SW1 = c_dim·‖t‖ with c_dim = E|θ₁| =
 * Γ(dim/2)/(√π·Γ((dim+1)/2)) (1 in 1-D, 2/π ≈ 0.637 in 2-D, ≈ √(2/(π·dim)) for large dim).
 * Domain: a, b row-major with dim coordinates per point, non-empty; projections ≥ 1.
 */
export function slicedWasserstein(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  dim: number,
  options: SlicedWassersteinOptions,
): number {
  const projections = options.projections ?? 128;
  if (!(Number.isInteger(dim) && dim >= 1)) throw new RangeError(`dim must be a positive integer, got ${dim}`);
  if (!(Number.isInteger(projections) && projections >= 1)) throw new RangeError(`projections must be a positive integer, got ${projections}`);
  if (a.length % dim !== 0 || b.length % dim !== 0) throw new RangeError(`sample arrays' lengths must be multiples of dim ${dim}`);
  const n = a.length / dim;
  const m = b.length / dim;
  const pa = new Float64Array(n);
  const pb = new Float64Array(m);
  const theta = new Float64Array(dim);
  let sum = 0;
  for (let p = 0; p < projections; p++) {
    let norm2 = 0;
    do {
      for (let k = 0; k < dim; k++) {
        // Box–Muller: 1 − u ∈ (0, 1] keeps the logarithm finite.
        const u1 = 1 - options.uniform();
        const u2 = options.uniform();
        theta[k] = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
      }
      norm2 = 0;
      for (let k = 0; k < dim; k++) norm2 += theta[k] * theta[k];
    } while (!(norm2 > 0));
    const inv = 1 / Math.sqrt(norm2);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = 0; k < dim; k++) s += a[i * dim + k] * theta[k];
      pa[i] = s * inv;
    }
    for (let i = 0; i < m; i++) {
      let s = 0;
      for (let k = 0; k < dim; k++) s += b[i * dim + k] * theta[k];
      pb[i] = s * inv;
    }
    sum += wasserstein1DSamples(pa, pb);
  }
  return sum / projections;
}
