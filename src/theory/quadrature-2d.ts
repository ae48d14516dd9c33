/**
 * Two-dimensional adaptive quadrature over a box: the 1-D adaptive Gauss–Kronrod rule nested in
 * itself (outer over x, inner over y at every outer node), with breakpoints per coordinate.
 */
import { integrateVector, type VectorQuadratureResult } from './quadrature.js';
import type { Box } from './density-model.js';

/** Options of {@link integrate2D}. */
export interface Quadrature2DOptions {
  /** Absolute error target of the double integral (default 1e-11). */
  readonly absTol?: number;
  /** Relative error target (default 1e-10). */
  readonly relTol?: number;
  /** Evaluation budget of each 1-D integration, outer and every inner one (default 60,000). */
  readonly maxEvaluations?: number;
  /** Breakpoints per coordinate: [points in x, points in y]. */
  readonly breakpoints?: readonly [readonly number[], readonly number[]];
}

/** A 2-D vector integrand: writes f(x, y) (all `size` components) into `out`. */
export type VectorIntegrand2D = (x: number, y: number, out: Float64Array) => void;

/**
 * ∫∫_box f(x, y) dy dx for a scalar integrand. Domain: a finite box (low < high in both
 * coordinates); f finite inside. Returns the value, an error estimate (outer estimate plus the
 * box width times the largest inner estimate) and the total number of evaluations of f.
 */
export function integrate2D(
  f: (x: number, y: number) => number,
  box: Box,
  options: Quadrature2DOptions = {},
): { value: number; errorEstimate: number; evaluations: number; converged: boolean } {
  const r = integrate2DVector((x, y, out) => (out[0] = f(x, y)), 1, box, options);
  return { value: r.values[0], errorEstimate: r.errorEstimates[0], evaluations: r.evaluations, converged: r.converged };
}

/**
 * ∫∫_box f(x, y) dy dx for a vector integrand sharing every evaluation (see {@link integrate2D}).
 * The inner integrals get a quarter of the relative tolerance and an absolute tolerance divided by
 * the box's width, so that their errors add at most about half the target.
 */
export function integrate2DVector(
  f: VectorIntegrand2D,
  size: number,
  box: Box,
  options: Quadrature2DOptions = {},
): VectorQuadratureResult {
  const [a, c] = box.low;
  const [b, d] = box.high;
  for (const v of [a, b, c, d]) {
    if (!Number.isFinite(v)) throw new RangeError('integrate2D needs a finite box (use effectiveBounds)');
  }
  if (!(a < b && c < d)) throw new RangeError(`integrate2D needs low < high, got [${a}, ${b}] × [${c}, ${d}]`);
  const absTol = options.absTol ?? 1e-11;
  const relTol = options.relTol ?? 1e-10;
  const maxEvaluations = options.maxEvaluations ?? 60_000;
  const [bx, by] = options.breakpoints ?? [[], []];
  const innerAbsTol = absTol / (2 * (b - a));
  let evaluations = 0;
  const worstInner = new Float64Array(size);
  let allConverged = true;
  const outer = integrateVector(
    (x, out) => {
      const r = integrateVector((y, o) => f(x, y, o), size, c, d, {
        absTol: innerAbsTol,
        relTol: relTol / 4,
        maxEvaluations,
        breakpoints: by,
      });
      evaluations += r.evaluations;
      if (!r.converged) allConverged = false;
      for (let k = 0; k < size; k++) {
        out[k] = r.values[k];
        if (r.errorEstimates[k] > worstInner[k]) worstInner[k] = r.errorEstimates[k];
      }
    },
    size,
    a,
    b,
    { absTol: absTol / 2, relTol: relTol / 2, maxEvaluations, breakpoints: bx },
  );
  const errorEstimates = outer.errorEstimates.map((e, k) => e + (b - a) * worstInner[k]);
  return { values: outer.values, errorEstimates, evaluations, converged: outer.converged && allConverged };
}
