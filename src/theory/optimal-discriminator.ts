/**
 * The optimal discriminator for a fixed generator (E3) and what it means (E4).
 */
import { atomMassAt } from './atoms.js';
import { type DensityModel, logDensityOf } from './density-model.js';
import { commonDim } from './domain.js';
import { sigmoid } from './special.js';

/** D*(x) with its logit and whether it is defined there. */
export interface OptimalDiscriminatorValue {
  /** D*(x) ∈ [0, 1], NaN where undefined. */
  readonly value: number;
  /** logit D*(x) = log p_r(x) − log p_g(x) ∈ [−∞, +∞], NaN where undefined. */
  readonly logit: number;
  /** False exactly where p_r(x) = p_g(x) = 0 (E4: there V does not depend on D). */
  readonly defined: boolean;
}

/**
 * The optimal discriminator x ↦ D*(x). Calling it gives D*(x) (NaN where undefined); `logit(x)`
 * gives its logit, usable as a discriminator by `valueFunction`; `at(x)` says whether it is defined.
 */
export interface OptimalDiscriminator {
  (x: ArrayLike<number>): number;
  logit(x: ArrayLike<number>): number;
  at(x: ArrayLike<number>): OptimalDiscriminatorValue;
  /** False exactly where both densities are 0. */
  definedAt(x: ArrayLike<number>): boolean;
}

/**
 * D*(x) = p_r(x) / (p_r(x) + p_g(x)) (E3, Goodfellow et al. 2014, Prop. 1): the discriminator that
 * maximizes V(D, G) for a fixed generator. Meaning (E4): the probability that x is real under equal
 * priors; 1/2 where p_r = p_g, → 1 where p_r ≫ p_g, → 0 where p_g ≫ p_r.
 *
 * Computed stably as sigmoid(log p_r(x) − log p_g(x)) (no 0/0, no overflow, exact 0 and 1 outside
 * one support). Returns NaN where p_r(x) = p_g(x) = 0, where D* is undefined (E4); `at(x).defined`
 * says so explicitly. Domain: real, fake of equal dimension; x of that length.
 * Deviation: where either distribution has an atom at x, D* is the ratio of the atom masses (the
 * densities with respect to counting measure there), as the paper's argument gives for such P.
 */
export function optimalDiscriminator(real: DensityModel, fake: DensityModel): OptimalDiscriminator {
  commonDim([real, fake]);
  const hasAtoms = (real.atoms?.length ?? 0) + (fake.atoms?.length ?? 0) > 0;
  const logit = (x: ArrayLike<number>): number => {
    let lr: number;
    let lg: number;
    const ar = hasAtoms ? atomMassAt(real, x) : 0;
    const ag = hasAtoms ? atomMassAt(fake, x) : 0;
    if (ar > 0 || ag > 0) {
      lr = Math.log(ar);
      lg = Math.log(ag);
    } else {
      lr = logDensityOf(real, x);
      lg = logDensityOf(fake, x);
    }
    if (lr === -Infinity && lg === -Infinity) return NaN;
    if (lg === -Infinity) return Infinity;
    if (lr === -Infinity) return -Infinity;
    return lr - lg;
  };
  const at = (x: ArrayLike<number>): OptimalDiscriminatorValue => {
    const a = logit(x);
    return { value: Number.isNaN(a) ? NaN : sigmoid(a), logit: a, defined: !Number.isNaN(a) };
  };
  const d = (x: ArrayLike<number>): number => {
    const a = logit(x);
    return Number.isNaN(a) ? NaN : sigmoid(a);
  };
  return Object.assign(d, { logit, at, definedAt: (x: ArrayLike<number>) => !Number.isNaN(logit(x)) });
}
