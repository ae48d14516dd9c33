/**
 * The region over which integrals of one or more distributions are taken, with the points where
 * the first subdivision must split (support edges, kinks, mode locations).
 */
import type { Box, DensityModel } from './density-model.js';

/** A 1-D integration domain: [low, high] (ends may be infinite), its breakpoints and a tail scale. */
export interface Domain1D {
  readonly low: number;
  readonly high: number;
  readonly breakpoints: number[];
  /** Length scale of the effective range, for the map of infinite tails. */
  readonly tailScale: number;
}

/** Checks that all models have the same dimension and returns it. */
export function commonDim(models: readonly DensityModel[]): number {
  const dim = models[0].dim;
  for (const m of models) {
    if (m.dim !== dim) throw new RangeError(`distributions of different dimensions: ${models.map((x) => x.dim).join(' vs ')}`);
  }
  return dim;
}

/**
 * The union of the models' supports on the line (from `bounds`; ±∞ when a model has none), split
 * at every finite support edge, effective-range edge, breakpoint and atom location.
 */
export function domain1D(models: readonly DensityModel[]): Domain1D {
  let low = Infinity;
  let high = -Infinity;
  let effLow = Infinity;
  let effHigh = -Infinity;
  const points: number[] = [];
  for (const m of models) {
    const bl = m.bounds?.low[0] ?? -Infinity;
    const bh = m.bounds?.high[0] ?? Infinity;
    low = Math.min(low, bl);
    high = Math.max(high, bh);
    effLow = Math.min(effLow, m.effectiveBounds.low[0]);
    effHigh = Math.max(effHigh, m.effectiveBounds.high[0]);
    points.push(bl, bh, m.effectiveBounds.low[0], m.effectiveBounds.high[0], ...(m.breakpoints[0] ?? []));
    for (const a of m.atoms ?? []) points.push(a.location[0]);
  }
  const breakpoints = sortedInside(points, low, high);
  const width = effHigh - effLow;
  return { low, high, breakpoints, tailScale: width > 0 && Number.isFinite(width) ? width / 4 : 1 };
}

/** A 2-D integration box: the union of the models' effective boxes, and breakpoints per coordinate. */
export interface Domain2D {
  readonly box: Box;
  readonly breakpoints: [number[], number[]];
}

/**
 * The smallest box holding every model's effective box (all but < 1e-12 of each one's mass), with
 * the finite support edges and breakpoints inside it, per coordinate.
 */
export function domain2D(models: readonly DensityModel[]): Domain2D {
  const low = [Infinity, Infinity];
  const high = [-Infinity, -Infinity];
  for (const m of models) {
    for (let i = 0; i < 2; i++) {
      low[i] = Math.min(low[i], m.effectiveBounds.low[i]);
      high[i] = Math.max(high[i], m.effectiveBounds.high[i]);
    }
  }
  const breakpoints: [number[], number[]] = [[], []];
  for (let i = 0; i < 2; i++) {
    const pts: number[] = [];
    for (const m of models) {
      pts.push(m.bounds?.low[i] ?? -Infinity, m.bounds?.high[i] ?? Infinity, ...(m.breakpoints[i] ?? []));
      pts.push(m.effectiveBounds.low[i], m.effectiveBounds.high[i]);
    }
    breakpoints[i] = sortedInside(pts, low[i], high[i]);
  }
  return { box: { low, high }, breakpoints };
}

function sortedInside(points: readonly number[], low: number, high: number): number[] {
  return [...new Set(points.filter((x) => Number.isFinite(x) && x > low && x < high))].sort((a, b) => a - b);
}

/**
 * True when p's support box reaches outside q's (both from `bounds`, assumed tight): then P puts
 * positive mass where q = 0. False when either model has no `bounds` (nothing can be concluded).
 */
export function supportBoxOutside(p: DensityModel, q: DensityModel): boolean {
  if (p.bounds === undefined || q.bounds === undefined) return false;
  for (let i = 0; i < p.dim; i++) {
    if (p.bounds.low[i] < q.bounds.low[i] || p.bounds.high[i] > q.bounds.high[i]) return true;
  }
  return false;
}
