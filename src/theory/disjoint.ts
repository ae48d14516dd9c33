/**
 * Example 1 of the WGAN paper (E7): two parallel segments. JS, KL and total variation jump as soon
 * as the segments separate, while W1 = |θ| moves continuously — here in closed form, and checked
 * numerically on segments thickened into thin boxes.
 */
import type { PairIntegralOptions } from './pair-integral.js';
import { uniformBox } from './box-uniform.js';
import { jsDivergence, klDivergence, totalVariation } from './divergences.js';
import { wassersteinExactSamples } from './exact-transport.js';

/** The four distances between P_0 and P_θ for one θ. */
export interface DisjointSupportsRow {
  readonly theta: number;
  /** JS(P_0 ‖ P_θ), nats. */
  readonly js: number;
  /** KL(P_0 ‖ P_θ) (= KL(P_θ ‖ P_0) by symmetry), nats. */
  readonly kl: number;
  /** Total variation distance. */
  readonly tv: number;
  /** Wasserstein-1 distance. */
  readonly w1: number;
}

/**
 * Closed forms of WGAN Example 1 (E7; Arjovsky, Chintala & Bottou 2017, Example 1): P_0 uniform on
 * {0} × [0, 1], P_θ uniform on {θ} × [0, 1]. For θ ≠ 0: JS = log 2, KL = +∞, TV = 1, W1 = |θ|;
 * for θ = 0 all four are 0. Domain: finite θ.
 */
export function wganExample1(thetas: readonly number[]): DisjointSupportsRow[] {
  return thetas.map((theta) =>
    theta === 0 ? { theta, js: 0, kl: 0, tv: 0, w1: 0 } : { theta, js: Math.LN2, kl: Infinity, tv: 1, w1: Math.abs(theta) },
  );
}

/**
 * Closed forms for the segments thickened to width w: P_0 = U([−w/2, w/2] × [0, 1]),
 * P_θ = U([θ − w/2, θ + w/2] × [0, 1]). With overlap fraction o = max(0, 1 − |θ|/w):
 * JS = (1 − o)·log 2, KL = +∞ for θ ≠ 0 (0 for θ = 0), TV = 1 − o, W1 = |θ| (a translation: the
 * coupling x ↦ x + (θ, 0) costs |θ|, and f(x) = x₁ shows no coupling costs less). As w → 0 these
 * tend to {@link wganExample1}. Domain: finite θ, w > 0.
 */
export function thickSegmentsClosedForm(theta: number, width: number): DisjointSupportsRow {
  if (!(width > 0)) throw new RangeError(`width must be positive, got ${width}`);
  const o = Math.max(0, 1 - Math.abs(theta) / width);
  return { theta, js: (1 - o) * Math.LN2, kl: theta === 0 ? 0 : Infinity, tv: 1 - o, w1: Math.abs(theta) };
}

/** Options of {@link wganExample1Numeric}. */
export interface Example1NumericOptions extends PairIntegralOptions {
  /** Points per side of the grid used for the exact-transport W1 (default 8: 64 points per set). */
  readonly gridSide?: number;
}

/**
 * E7 checked rather than asserted: for each θ, JS, KL and TV between the thickened segments
 * (see {@link thickSegmentsClosedForm}) computed by this module's 2-D divergences (klDivergence,
 * jsDivergence, totalVariation), and W1 by exact optimal transport between two k × k grids of cell
 * centres filling the two boxes (wassersteinExactSamples). Compare with
 * {@link thickSegmentsClosedForm}(θ, w), and with {@link wganExample1} as w → 0.
 * Deviation: positive-width boxes stand in for the paper's segments (which have no density).
 */
export function wganExample1Numeric(
  thetas: readonly number[],
  width: number,
  options: Example1NumericOptions = {},
): DisjointSupportsRow[] {
  if (!(width > 0)) throw new RangeError(`width must be positive, got ${width}`);
  const k = options.gridSide ?? 8;
  const p0 = uniformBox([-width / 2, 0], [width / 2, 1]);
  const grid = (shift: number): Float64Array => {
    const pts = new Float64Array(2 * k * k);
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < k; j++) {
        pts[2 * (i * k + j)] = shift - width / 2 + ((i + 0.5) * width) / k;
        pts[2 * (i * k + j) + 1] = (j + 0.5) / k;
      }
    }
    return pts;
  };
  const g0 = grid(0);
  return thetas.map((theta) => {
    const pt = uniformBox([theta - width / 2, 0], [theta + width / 2, 1]);
    return {
      theta,
      js: jsDivergence(p0, pt, options),
      kl: klDivergence(p0, pt, options),
      tv: totalVariation(p0, pt, options),
      w1: wassersteinExactSamples(g0, grid(theta), 2),
    };
  });
}
