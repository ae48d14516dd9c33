/**
 * The engine behind every divergence and value function here: ∫ h(log p(x), log q(x), x) dx over the
 * union of the two supports, plus the same h applied to the masses of any atoms, for a vector of
 * pointwise integrands h sharing every density evaluation. 1-D and 2-D.
 */
import { pairAtoms } from './atoms.js';
import { type DensityModel, logDensityOf } from './density-model.js';
import { commonDim, domain1D, domain2D } from './domain.js';
import { integrateVector } from './quadrature.js';
import { integrate2DVector } from './quadrature-2d.js';

/**
 * Pointwise integrands of two densities. `evaluate` gets lp = log p(x) and lq = log q(x) (each may
 * be −∞) and writes `size` values into `out`; a value ±Infinity means the integral diverges
 * (e.g. KL where q = 0 < p), NaN that it is undefined. It must write 0 where p = q = 0.
 * The same function is applied to atoms with lp, lq the logs of the two masses at the atom.
 */
export interface PairIntegrand {
  readonly size: number;
  evaluate(lp: number, lq: number, x: ArrayLike<number>, out: Float64Array): void;
}

/**
 * Accuracy and budget of a pair integral. Defaults: 1-D absTol 1e-12, relTol 1e-10; 2-D absTol
 * 1e-9, relTol 1e-6 (the 2-D estimate |I₇ − I₅| bounds the degree-5 rule's error, so the degree-7
 * value returned is typically 100× more accurate than asked; tighter 2-D targets cost much more
 * for peaked mixtures such as ring8 and grid25).
 */
export interface PairIntegralOptions {
  readonly absTol?: number;
  readonly relTol?: number;
  readonly maxEvaluations?: number;
}

/** Values (±Infinity where a component diverged), error estimates and the evaluation count. */
export interface PairIntegralResult {
  readonly values: Float64Array;
  readonly errorEstimates: Float64Array;
  readonly evaluations: number;
  readonly converged: boolean;
}

/**
 * ∫ h(log p, log q, x) dx + Σ_atoms h(log mass_p, log mass_q, location), component by component.
 *
 * Domain: p and q of equal dimension 1 or 2. In 1-D the integral runs over the union of the
 * supports (infinite ends by a variable transform); in 2-D over the union of the effective boxes.
 * A component whose integrand is ±∞ at any quadrature node (or at an atom) is ±∞; NaN anywhere
 * makes it NaN. Deviation: in 2-D the mass outside the effective boxes (< 1e-12 per distribution
 * by their contract) is left out.
 */
export function integratePair(
  p: DensityModel,
  q: DensityModel,
  h: PairIntegrand,
  options: PairIntegralOptions = {},
): PairIntegralResult {
  const dim = commonDim([p, q]);
  const size = h.size;
  const tmp = new Float64Array(size);
  const flags = new Float64Array(size); // 0, +Infinity, −Infinity or NaN
  const point = new Float64Array(dim);
  const record = (out: Float64Array): void => {
    for (let k = 0; k < size; k++) {
      const v = tmp[k];
      if (Number.isFinite(v)) out[k] = v;
      else {
        out[k] = 0;
        flags[k] = flags[k] === 0 || flags[k] === v ? v : NaN;
      }
    }
  };
  const atPoint = (out: Float64Array): void => {
    const lp = logDensityOf(p, point);
    const lq = logDensityOf(q, point);
    tmp.fill(0);
    if (lp === -Infinity && lq === -Infinity) return void out.fill(0);
    h.evaluate(lp, lq, point, tmp);
    record(out);
  };

  let values: Float64Array;
  let errorEstimates: Float64Array;
  let evaluations: number;
  let converged: boolean;
  if (dim === 1) {
    const d = domain1D([p, q]);
    const r = integrateVector(
      (x, out) => {
        point[0] = x;
        atPoint(out);
      },
      size,
      d.low,
      d.high,
      {
        absTol: options.absTol ?? 1e-12,
        relTol: options.relTol ?? 1e-10,
        maxEvaluations: options.maxEvaluations,
        breakpoints: d.breakpoints,
        tailScale: d.tailScale,
      },
    );
    ({ values, errorEstimates, evaluations, converged } = r);
  } else if (dim === 2) {
    const d = domain2D([p, q]);
    const r = integrate2DVector(
      (x, y, out) => {
        point[0] = x;
        point[1] = y;
        atPoint(out);
      },
      size,
      d.box,
      { absTol: options.absTol ?? 1e-9, relTol: options.relTol ?? 1e-6, maxEvaluations: options.maxEvaluations, breakpoints: d.breakpoints },
    );
    ({ values, errorEstimates, evaluations, converged } = r);
  } else {
    throw new RangeError(`integrals of densities are implemented in 1-D and 2-D, got dim ${dim}`);
  }

  // Atoms: the same pointwise formula on the masses (densities w.r.t. counting measure).
  const out = new Float64Array(size);
  for (const a of pairAtoms(p, q)) {
    tmp.fill(0);
    h.evaluate(Math.log(a.massP), Math.log(a.massQ), a.location, tmp);
    record(out);
    for (let k = 0; k < size; k++) values[k] += out[k];
  }
  for (let k = 0; k < size; k++) if (flags[k] !== 0) values[k] = flags[k];
  return { values, errorEstimates, evaluations, converged };
}
