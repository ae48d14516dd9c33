/**
 * The exact density of a 1-D generator whose map is piecewise linear (a ReLU or leaky-ReLU MLP with
 * a linear output), so that D*, JS, KL, V(D*, G) and W1 can be computed for a trained G.
 */
import type { Atom, Box, DensityModel } from './density-model.js';
import type { NoisePrior } from './noise-prior.js';
import { type DenseMlp1D, type LinearPiece, mlpPieces, piecesFromKnots } from './piecewise-linear.js';
import { compensatedSum, logAddExp } from './special.js';

/** The pushforward distribution P_g of a noise prior through a piecewise-linear map g. */
export interface GeneratorDensity extends DensityModel {
  readonly dim: 1;
  logDensity(x: ArrayLike<number>): number;
  readonly cdf: (x: number) => number;
  readonly bounds: Box;
  /** The map's linear pieces, in increasing z. */
  readonly pieces: readonly LinearPiece[];
  /** Point masses from flat pieces (g' = 0), merged by location; empty when absolutely continuous. */
  readonly atoms: readonly Atom[];
  /** True when there are no atoms (P_g has a density with respect to Lebesgue measure). */
  readonly absolutelyContinuous: boolean;
  /** 1 − Σ atom masses: what `density` integrates to. */
  readonly continuousMass: number;
  /** g(z), evaluated from the pieces. */
  map(z: number): number;
}

/**
 * The distribution of x = g(z), z ~ prior, for g linear on each piece (change of variables):
 *
 *     p_g(x) = Σ_{pieces with g' ≠ 0, z = g⁻¹(x) in the piece} p_z(z) / |g'(z)|
 *     F_g(x) = Σ_pieces P_z({z in the piece : g(z) ≤ x})        (exact, atoms included)
 *
 * A flat piece (g' = 0) sends its whole prior mass to one point: it is reported in `atoms`, the
 * distribution is then not absolutely continuous and `density` is the density of its continuous
 * part (integrating to `continuousMass`). Goodfellow et al. 2014 assume P_g has a density (E3–E5);
 * the divergences here treat the atoms exactly instead. `logDensity` is a log-sum-exp over the
 * pieces, finite wherever the density is positive even in far tails.
 * Domain: pieces covering the prior's support, in increasing z, from {@link mlpPieces} or
 * {@link piecesFromKnots}.
 * Deviation: at the image of a knot (a null set) the density takes one side's value.
 */
export function pushforwardDensity(pieces: readonly LinearPiece[], prior: NoisePrior): GeneratorDensity {
  if (pieces.length === 0) throw new RangeError('pushforwardDensity needs at least one piece');
  const moving = pieces.filter((p) => p.slope !== 0 && prior.mass(p.zLow, p.zHigh) > 0);
  const logSlope = moving.map((p) => Math.log(Math.abs(p.slope)));

  // Atoms: flat pieces, merged by location.
  const atomMap = new Map<number, number>();
  for (const p of pieces) {
    if (p.slope !== 0) continue;
    const m = prior.mass(p.zLow, p.zHigh);
    if (m > 0) atomMap.set(p.intercept, (atomMap.get(p.intercept) ?? 0) + m);
  }
  const atoms: Atom[] = [...atomMap.entries()].sort((a, b) => a[0] - b[0]).map(([x, mass]) => ({ location: [x], mass }));
  const continuousMass = 1 - compensatedSum(atoms.map((a) => a.mass));

  const g = (p: LinearPiece, z: number): number => {
    if (z === Infinity || z === -Infinity) return p.slope === 0 ? p.intercept : p.slope * z; // ±∞
    return p.slope * z + p.intercept;
  };
  const map = (z: number): number => {
    for (const p of pieces) if (z >= p.zLow && z <= p.zHigh) return p.slope * z + p.intercept;
    return NaN;
  };

  const logDensity = (x: ArrayLike<number>): number => {
    const xv = x[0];
    let acc = -Infinity;
    for (let k = 0; k < moving.length; k++) {
      const p = moving[k];
      const z = (xv - p.intercept) / p.slope;
      if (z >= p.zLow && z < p.zHigh) acc = logAddExp(acc, prior.logDensity(z) - logSlope[k]);
    }
    return acc;
  };
  const cdf = (x: number): number => {
    const terms: number[] = [];
    for (const p of pieces) {
      if (p.slope === 0) {
        if (p.intercept <= x) terms.push(prior.mass(p.zLow, p.zHigh));
        continue;
      }
      const zx = (x - p.intercept) / p.slope;
      if (p.slope > 0) {
        if (zx > p.zLow) terms.push(prior.mass(p.zLow, Math.min(p.zHigh, zx)));
      } else if (zx < p.zHigh) terms.push(prior.mass(Math.max(p.zLow, zx), p.zHigh));
    }
    return Math.min(1, Math.max(0, compensatedSum(terms)));
  };

  // Support box, effective box (image of the prior's effective support) and breakpoints.
  let low = Infinity;
  let high = -Infinity;
  let effLow = Infinity;
  let effHigh = -Infinity;
  const points: number[] = [];
  const [e0, e1] = prior.effectiveSupport;
  for (const p of pieces) {
    if (!(prior.mass(p.zLow, p.zHigh) > 0)) continue;
    const ya = g(p, p.zLow);
    const yb = g(p, p.zHigh);
    low = Math.min(low, ya, yb);
    high = Math.max(high, ya, yb);
    const ca = Math.max(p.zLow, e0);
    const cb = Math.min(p.zHigh, e1);
    if (ca <= cb) {
      const ea = g(p, ca);
      const eb = g(p, cb);
      effLow = Math.min(effLow, ea, eb);
      effHigh = Math.max(effHigh, ea, eb);
    }
    for (const y of [ya, yb]) if (Number.isFinite(y)) points.push(y);
  }
  if (!(effLow < effHigh)) {
    // All the effective mass at one point: widen the box so that quadrature has an interval.
    const pad = 1e-6 * Math.max(1, Math.abs(effLow));
    effLow -= pad;
    effHigh += pad;
  }
  const [s0, s1] = prior.support;
  if (s0 <= 0 && 0 <= s1) points.push(map(0)); // where the prior's mass concentrates
  for (const a of atoms) points.push(a.location[0]);
  const breakpoints = [[...new Set(points.filter((y) => Number.isFinite(y)))].sort((a, b) => a - b)];

  return {
    dim: 1,
    density: (x) => Math.exp(logDensity(x)),
    logDensity,
    cdf,
    bounds: { low: [low], high: [high] },
    effectiveBounds: { low: [effLow], high: [effHigh] },
    breakpoints,
    pieces,
    atoms,
    absolutelyContinuous: atoms.length === 0,
    continuousMass,
    map,
  };
}

/**
 * The exact distribution of a trained 1-D generator x = g(z), g a dense ReLU / leaky-ReLU network
 * 1 → h → … → 1 with a linear output, z ~ prior: its knots by {@link mlpPieces}, then
 * {@link pushforwardDensity}. Dead regions (all units of a layer off, or ReLU flat pieces) become
 * atoms. Domain: the network as {@link DenseMlp1D}; prior e.g. `standardNormalPrior` or
 * `uniformNoisePrior(-1, 1)`.
 */
export function mlpGeneratorDensity(mlp: DenseMlp1D, prior: NoisePrior): GeneratorDensity {
  return pushforwardDensity(mlpPieces(mlp, prior.support[0], prior.support[1]), prior);
}

/**
 * The exact distribution of x = g(z), z ~ prior, for any g linear between consecutive `knots`
 * (see {@link piecesFromKnots}, then {@link pushforwardDensity}).
 */
export function piecewiseLinearGeneratorDensity(
  g: (z: number) => number,
  knots: readonly number[],
  prior: NoisePrior,
): GeneratorDensity {
  return pushforwardDensity(piecesFromKnots(g, knots, prior.support[0], prior.support[1]), prior);
}
