/**
 * How far a discriminator is from the optimal one (E3): |D − D*| weighted by where the data are,
 * and the value it leaves on the table, V(D*, G) − V(D, G) ≥ 0.
 */
import {
  integratePair,
  jsIntegrand,
  logDensityOf,
  sigmoid,
  softplus,
  valueAtOptimumIntegrand,
  type Box,
  type DensityModel,
  type LogitDiscriminator,
  type PairIntegralOptions,
} from '../theory/index.js';

/** The comparison of a discriminator D with D*; see {@link compareWithOptimal}. */
export interface DiscriminatorComparison {
  /** ∫ |D(x) − D*(x)| m(x) dx = E_{x~M}|D − D*| with M = (P_r + P_g)/2; in [0, 1]. */
  readonly meanAbsError: number;
  /**
   * max |D − D*| over the grid cells of the highest-density region of M holding `hdrMass` of it;
   * in [0, 1]. NaN when not asked for (`withMax: false`).
   */
  readonly maxAbsError: number;
  /** Where that maximum is (a point of length dim; empty when not asked for). */
  readonly maxAbsErrorAt: readonly number[];
  /** V(D, G) = E_r[log D] + E_g[log(1 − D)] by quadrature (E1), nats, ≤ valueAtOptimum. */
  readonly valueTrained: number;
  /** V(D*, G) by quadrature (E5 left side), nats, in [−log 4, 0]. */
  readonly valueAtOptimum: number;
  /** JS(P_r ‖ P_g) by quadrature in the same pass, nats, in [0, log 2]. */
  readonly js: number;
  /** −log 4 + 2·JS (E5 right side): equals valueAtOptimum up to the quadrature error. */
  readonly minusLog4Plus2JS: number;
  /**
   * V(D*, G) − V(D, G) ≥ 0, integrated from its own pointwise form
   * (p_r + p_g)·KL(Bernoulli(D*) ‖ Bernoulli(D)) ≥ 0, so it is ≥ 0 to rounding even where
   * valueAtOptimum − valueTrained would cancel.
   */
  readonly valueGap: number;
  /** The mass of M the max is taken over (default 0.999). */
  readonly hdrMass: number;
  /** Whether every quadrature met its tolerance. */
  readonly converged: boolean;
}

/** Options of {@link compareWithOptimal}. */
export interface CompareOptions {
  /** Box of the evaluation grid for `maxAbsError` (default: the union of the effective boxes). */
  readonly box?: Box;
  /** Cells per coordinate of that grid (default 4000 in 1-D, 200 in 2-D). */
  readonly cells?: number;
  /** Mass of the highest-density region of M over which the max is taken (default 0.999). */
  readonly hdrMass?: number;
  /** Quadrature tolerances (default 1-D absTol 1e-10, relTol 1e-8; 2-D absTol 1e-7, relTol 1e-5). */
  readonly quadrature?: PairIntegralOptions;
  /** Compute maxAbsError (default true; its grid costs `cells`^dim evaluations of both densities). */
  readonly withMax?: boolean;
}

/**
 * The union of the effective boxes of two models: a finite box holding all but < 2e-12 of both
 * (the region the E1–E5 integrals need). Domain: two models of one dimension.
 */
export function unionBox(a: DensityModel, b: DensityModel): Box {
  return {
    low: a.effectiveBounds.low.map((l, j) => Math.min(l, b.effectiveBounds.low[j])),
    high: a.effectiveBounds.high.map((h, j) => Math.max(h, b.effectiveBounds.high[j])),
  };
}

/**
 * Compares a discriminator D (given by its logits a(x) = logit D(x) ∈ [−∞, ∞]) with the optimal
 * D* = p_r/(p_r + p_g) of E3 (Goodfellow et al. 2014, Prop. 1) for real P_r and fake P_g:
 *
 * - meanAbsError = ∫ |D − D*| (p_r + p_g)/2 dx (plus the same sum over atoms), by the theory module's
 *   adaptive quadrature over the union of the supports: |D − D*| averaged over the mixture
 *   M = (P_r + P_g)/2, i.e. over where real or generated samples fall. Where p_r = p_g = 0, D* is
 *   undefined (E4) and the weight is 0.
 * - maxAbsError = max |D − D*| at the centres of the cells (of a regular grid over `box`) that form
 *   the highest-density region of M: cells taken in decreasing m(x) until they hold `hdrMass` of the
 *   grid's mass m·cell volume (atoms of M count as cells of their own, taken first). Where D* jumps
 *   (the edges of a uniform) no continuous D can follow, and this max shows it.
 * - valueTrained = V(D, G) (E1), valueAtOptimum = V(D*, G) (E5), valueGap = V(D*) − V(D) ≥ 0, and
 *   js with minusLog4Plus2JS = −log 4 + 2·JS (E5's right side) from the same density evaluations.
 * JS is clamped to [0, log 2] against rounding, as in theory's divergences.
 *
 * Domain: real, fake of equal dimension 1 or 2; D finite or ±∞ logits (NaN not allowed).
 * Deviation: none in the definitions; the integrals are numerical (their tolerance in `quadrature`),
 * and a discriminator known only on a grid (see logit-grid.ts) adds its interpolation error.
 */
export function compareWithOptimal(
  D: LogitDiscriminator,
  real: DensityModel,
  fake: DensityModel,
  options: CompareOptions = {},
): DiscriminatorComparison {
  const dim = real.dim;
  if (fake.dim !== dim) throw new RangeError(`real and fake have different dimensions: ${dim} vs ${fake.dim}`);
  if (dim !== 1 && dim !== 2) throw new RangeError(`the comparison with D* is implemented in 1-D and 2-D, got dim ${dim}`);
  const hdrMass = options.hdrMass ?? 0.999;
  if (!(hdrMass > 0 && hdrMass <= 1)) throw new RangeError(`hdrMass must be in (0, 1], got ${hdrMass}`);
  const quadrature = options.quadrature ?? (dim === 1 ? { absTol: 1e-10, relTol: 1e-8 } : { absTol: 1e-7, relTol: 1e-5 });

  // One quadrature pass, six integrands sharing the density evaluations.
  const r = integratePair(
    real,
    fake,
    {
      size: 6,
      evaluate(lp, lq, x, out) {
        const a = D.logit(x);
        const pr = Math.exp(lp);
        const pg = Math.exp(lq);
        const dStar = sigmoid(lp - lq);
        const d = sigmoid(a);
        out[0] = 0.5 * (pr + pg) * Math.abs(d - dStar);
        const logD = -softplus(-a);
        const log1mD = -softplus(a);
        out[1] = pr === 0 ? 0 : pr * logD;
        out[2] = pg === 0 ? 0 : pg * log1mD;
        // Pointwise V(D*) − V(D): p_r·log(D*/D) + p_g·log((1 − D*)/(1 − D)) ≥ 0.
        const logDStar = -softplus(lq - lp);
        const log1mDStar = -softplus(lp - lq);
        out[3] = (pr === 0 ? 0 : pr * (logDStar - logD)) + (pg === 0 ? 0 : pg * (log1mDStar - log1mD));
        out[4] = valueAtOptimumIntegrand(lp, lq);
        out[5] = jsIntegrand(lp, lq);
      },
    },
    quadrature,
  );
  const [meanAbsError, realTerm, fakeTerm, valueGap, valueAtOptimum, jsRaw] = r.values;
  const js = Math.min(Math.LN2, Math.max(0, jsRaw));

  const max =
    options.withMax === false
      ? { value: NaN, at: [] }
      : hdrMaxError(D, real, fake, options.box ?? unionBox(real, fake), options.cells ?? (dim === 1 ? 4000 : 200), hdrMass);
  return {
    meanAbsError: Math.min(1, Math.max(0, meanAbsError)),
    maxAbsError: max.value,
    maxAbsErrorAt: max.at,
    valueTrained: realTerm + fakeTerm,
    valueAtOptimum,
    js,
    minusLog4Plus2JS: -Math.log(4) + 2 * js,
    valueGap: Math.max(0, valueGap),
    hdrMass,
    converged: r.converged,
  };
}

/** max |D − D*| over the highest-density region of M on a grid (see compareWithOptimal). */
function hdrMaxError(
  D: LogitDiscriminator,
  real: DensityModel,
  fake: DensityModel,
  box: Box,
  cells: number,
  hdrMass: number,
): { value: number; at: number[] } {
  const dim = real.dim;
  const nx = cells;
  const ny = dim === 2 ? cells : 1;
  const dx = (box.high[0] - box.low[0]) / nx;
  const dy = dim === 2 ? (box.high[1] - box.low[1]) / ny : 1;
  const entries: { mass: number; err: number; at: number[] }[] = [];
  const x = new Float64Array(dim);
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      x[0] = box.low[0] + (i + 0.5) * dx;
      if (dim === 2) x[1] = box.low[1] + (j + 0.5) * dy;
      const lp = logDensityOf(real, x);
      const lq = logDensityOf(fake, x);
      const m = 0.5 * (Math.exp(lp) + Math.exp(lq));
      if (!(m > 0)) continue;
      entries.push({ mass: m * dx * dy, err: Math.abs(sigmoid(D.logit(x)) - sigmoid(lp - lq)), at: Array.from(x) });
    }
  }
  // Atoms of M: mass (massP + massQ)/2 at a point, D* = massP/(massP + massQ) there; taken first.
  const atoms: { mass: number; err: number; at: number[] }[] = [];
  const atomMass = new Map<string, { loc: readonly number[]; p: number; q: number }>();
  for (const [model, key] of [[real, 'p'], [fake, 'q']] as const) {
    for (const a of model.atoms ?? []) {
      const id = a.location.join(',');
      const e = atomMass.get(id) ?? { loc: a.location, p: 0, q: 0 };
      e[key] += a.mass;
      atomMass.set(id, e);
    }
  }
  for (const { loc, p, q } of atomMass.values()) {
    atoms.push({ mass: 0.5 * (p + q), err: Math.abs(sigmoid(D.logit(loc)) - p / (p + q)), at: [...loc] });
  }
  entries.sort((a, b) => b.mass - a.mass);
  const all = [...atoms, ...entries];
  const total = all.reduce((s, e) => s + e.mass, 0);
  let acc = 0;
  let value = 0;
  let at: number[] = all[0]?.at ?? [];
  for (const e of all) {
    if (acc >= hdrMass * total) break;
    acc += e.mass;
    if (e.err > value) {
      value = e.err;
      at = e.at;
    }
  }
  return { value, at };
}
