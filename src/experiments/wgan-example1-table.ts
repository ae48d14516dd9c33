/**
 * WGAN Example 1 (E7) as a table over θ: the paper's closed forms beside this project's numerical
 * cross-check on thin boxes.
 */
import { thickSegmentsClosedForm, wganExample1, wganExample1Numeric, type DisjointSupportsRow } from '../theory/index.js';

/** One θ: the closed forms for the segments, for the thickened segments, and the numerical values. */
export interface Example1TableRow {
  readonly theta: number;
  /** P_0 = U({0} × [0, 1]), P_θ = U({θ} × [0, 1]): JS = log 2, KL = +∞, TV = 1, W1 = |θ| for θ ≠ 0. */
  readonly closedForm: DisjointSupportsRow;
  /** The same for the segments thickened to width w (equal to `closedForm` once |θ| ≥ w). */
  readonly thickClosedForm: DisjointSupportsRow;
  /** JS, KL, TV by 2-D quadrature and W1 by exact optimal transport, on the thickened segments. */
  readonly numeric: DisjointSupportsRow;
}

/** The θ values shown by default: both signs, small and large, and θ = 0 where everything is 0. */
export const EXAMPLE1_THETAS = [-1, -0.5, -0.1, -0.01, 0, 0.01, 0.1, 0.5, 1] as const;

/** The default width of the thickened segments (smaller than every θ ≠ 0 of EXAMPLE1_THETAS). */
export const EXAMPLE1_WIDTH = 1e-3;

/**
 * For each θ: WGAN Example 1's closed forms (E7; Arjovsky, Chintala & Bottou 2017, Example 1), the
 * closed forms for segments of width w, and the numerical values on those boxes
 * (theory's wganExample1Numeric: JS, KL, TV by quadrature, W1 by exact transport between grids).
 * The point of the table: JS, KL and TV do not see how far apart the supports are; W1 = |θ| does.
 * Domain: finite θ; w > 0. Deviation: the numerical column is for width-w boxes (segments have no
 * density); for |θ| ≥ w they are disjoint and the closed forms coincide.
 */
export function wganExample1Table(thetas: readonly number[] = EXAMPLE1_THETAS, width: number = EXAMPLE1_WIDTH): Example1TableRow[] {
  const closed = wganExample1(thetas);
  const numeric = wganExample1Numeric(thetas, width);
  return thetas.map((theta, i) => ({ theta, closedForm: closed[i], thickClosedForm: thickSegmentsClosedForm(theta, width), numeric: numeric[i] }));
}
