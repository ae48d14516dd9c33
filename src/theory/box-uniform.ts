/**
 * The uniform distribution on an axis-aligned box, as a density model (used by the disjoint-support
 * example, E7).
 */
import type { Box, DensityModel } from './density-model.js';

/** A uniform distribution on a box: its density model, with an exact cdf in 1-D. */
export interface BoxUniform extends DensityModel {
  logDensity(x: ArrayLike<number>): number;
  readonly bounds: Box;
}

/**
 * U(box): density 1/volume on [low, high] (closed), 0 outside. Domain: finite low[j] < high[j].
 */
export function uniformBox(low: readonly number[], high: readonly number[]): BoxUniform {
  const dim = low.length;
  if (dim === 0 || high.length !== dim) throw new RangeError('uniformBox needs low and high of one positive length');
  for (let j = 0; j < dim; j++) {
    if (!(Number.isFinite(low[j]) && Number.isFinite(high[j]) && low[j] < high[j])) {
      throw new RangeError(`uniformBox needs finite low < high in every coordinate, got [${low[j]}, ${high[j]}]`);
    }
  }
  let logVolume = 0;
  for (let j = 0; j < dim; j++) logVolume += Math.log(high[j] - low[j]);
  const inside = (x: ArrayLike<number>): boolean => {
    for (let j = 0; j < dim; j++) if (!(x[j] >= low[j] && x[j] <= high[j])) return false;
    return true;
  };
  const box = { low: [...low], high: [...high] };
  return {
    dim,
    density: (x) => (inside(x) ? Math.exp(-logVolume) : 0),
    logDensity: (x) => (inside(x) ? -logVolume : -Infinity),
    ...(dim === 1 ? { cdf: (x: number) => Math.min(1, Math.max(0, (x - low[0]) / (high[0] - low[0]))) } : {}),
    bounds: box,
    effectiveBounds: box,
    breakpoints: low.map((l, j) => [l, high[j]]),
  };
}
