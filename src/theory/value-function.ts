/**
 * The value of the min–max game V(D, G) (E1) for any discriminator, and at the optimum (E5).
 */
import type { DensityModel } from './density-model.js';
import { integratePair, type PairIntegralOptions } from './pair-integral.js';
import { valueAtOptimumIntegrand } from './pointwise.js';
import { softplus } from './special.js';

/** A discriminator as a probability: x ↦ D(x) ∈ [0, 1]. */
export type ProbabilityDiscriminator = (x: ArrayLike<number>) => number;

/** A discriminator as logits: x ↦ a(x) = logit D(x) ∈ [−∞, +∞] (preferred: no log of a sigmoid). */
export interface LogitDiscriminator {
  logit(x: ArrayLike<number>): number;
}

/** Either form; an object with a `logit` method is always read through its logits. */
export type Discriminator = ProbabilityDiscriminator | LogitDiscriminator;

/** V(D, G) and its two terms. */
export interface GameValue {
  /** V(D, G) = realTerm + fakeTerm, in nats; ≤ 0. */
  readonly value: number;
  /** E_{x~P_r}[log D(x)]. */
  readonly realTerm: number;
  /** E_{x~P_g}[log(1 − D(x))] (= E_z[log(1 − D(G(z)))]). */
  readonly fakeTerm: number;
  /** Estimated absolute quadrature error of `value` (not counting atoms, which are exact). */
  readonly errorEstimate: number;
}

/**
 * V(D, G) = E_{x~P_r}[log D(x)] + E_{x~P_g}[log(1 − D(x))] (E1, Goodfellow et al. 2014, eq. 1),
 * in nats, by quadrature over the union of the supports, returning the two terms separately.
 *
 * Domain: `D` returns a probability in [0, 1], or has `logit(x)` ∈ [−∞, +∞], in which case
 * log D = −softplus(−a) and log(1 − D) = −softplus(a) (E2; stable for any a). D is evaluated only
 * where p_r > 0 or p_g > 0. A term is −Infinity when D = 0 on real mass (or D = 1 on fake mass).
 * real and fake of equal dimension 1 or 2; their atoms count with D at the atom.
 * Deviation: an integral, not the sample average that training uses; where a density underflows
 * to 0 in double precision its (negligible) mass is treated as 0, even if log D = −∞ there.
 */
export function valueFunction(
  D: Discriminator,
  real: DensityModel,
  fake: DensityModel,
  options: PairIntegralOptions = {},
): GameValue {
  const logitOf = typeof (D as Partial<LogitDiscriminator>).logit === 'function' ? (D as LogitDiscriminator) : undefined;
  const prob = logitOf === undefined ? (D as ProbabilityDiscriminator) : undefined;
  const r = integratePair(
    real,
    fake,
    {
      size: 2,
      evaluate(lp, lq, x, out) {
        let logD: number;
        let log1mD: number;
        if (logitOf !== undefined) {
          const a = logitOf.logit(x);
          logD = -softplus(-a);
          log1mD = -softplus(a);
        } else {
          const d = (prob as ProbabilityDiscriminator)(x);
          logD = Math.log(d);
          log1mD = Math.log1p(-d);
        }
        // Where a density underflows to 0 its mass is 0: the term is 0 even if log D = −∞ there.
        const pr = Math.exp(lp);
        const pg = Math.exp(lq);
        out[0] = pr === 0 ? 0 : pr * logD;
        out[1] = pg === 0 ? 0 : pg * log1mD;
      },
    },
    options,
  );
  const realTerm = r.values[0];
  const fakeTerm = r.values[1];
  return { value: realTerm + fakeTerm, realTerm, fakeTerm, errorEstimate: r.errorEstimates[0] + r.errorEstimates[1] };
}

/**
 * V(D*, G) = E_{x~P_r}[log D*(x)] + E_{x~P_g}[log(1 − D*(x))] (E5, left side; Goodfellow et al.
 * 2014, Thm. 1), in nats, integrated directly from the pointwise formula with
 * log D* = −softplus(log p_g − log p_r) — not through JS, so that comparing it with
 * −log 4 + 2·JS checks E5. In [−log 4, 0]. Domain: real, fake of equal dimension 1 or 2.
 */
export function valueAtOptimum(real: DensityModel, fake: DensityModel, options: PairIntegralOptions = {}): number {
  return integratePair(real, fake, { size: 1, evaluate: (lp, lq, _x, out) => (out[0] = valueAtOptimumIntegrand(lp, lq)) }, options)
    .values[0];
}
