/**
 * Every quantity of the theory for one pair (real, fake) at once, and the E5 identity between them.
 */
import type { DensityModel } from './density-model.js';
import { supportBoxOutside } from './domain.js';
import { integratePair, type PairIntegralOptions } from './pair-integral.js';
import { jsIntegrand, klIntegrand, tvIntegrand, valueAtOptimumIntegrand } from './pointwise.js';
import { wasserstein1D } from './wasserstein.js';

/** The theory's quantities for one pair (the key names are printed by the CLI). */
export interface IdentityCheck {
  /** JS(P_r ‖ P_g), nats, in [0, log 2]. */
  readonly js: number;
  /** KL(P_r ‖ P_g), nats (+Infinity when P_r has mass where p_g = 0). */
  readonly klRealFake: number;
  /** KL(P_g ‖ P_r), nats. */
  readonly klFakeReal: number;
  /** Total variation distance, in [0, 1]. */
  readonly tv: number;
  /** W1(P_r, P_g) (E8), 1-D only; undefined otherwise. */
  readonly w1: number | undefined;
  /** V(D*, G) integrated directly (E5 left side). */
  readonly valueAtOptimum: number;
  /** −log 4 + 2·JS (E5 right side). */
  readonly minusLog4Plus2JS: number;
  /** |valueAtOptimum − minusLog4Plus2JS|: how well E5 holds numerically. */
  readonly identityError: number;
}

/**
 * JS, both KLs, TV, W1 (1-D), V(D*, G) and −log 4 + 2·JS for real P_r and fake P_g, with the E5
 * identity error (Goodfellow et al. 2014, Thm. 1: V(D*, G) = −log 4 + 2·JS(P_r ‖ P_g)).
 * V(D*, G) is integrated from its own pointwise formula, JS from ½KL(P‖M) + ½KL(Q‖M), in one
 * quadrature pass sharing the density evaluations. Domain: real, fake of equal dimension 1 or 2.
 * Deviation: JS, KL and TV clamped to their ranges against rounding, as in divergences.ts.
 */
export function identityCheck(real: DensityModel, fake: DensityModel, options: PairIntegralOptions = {}): IdentityCheck {
  const r = integratePair(
    real,
    fake,
    {
      size: 5,
      evaluate(lp, lq, _x, out) {
        out[0] = jsIntegrand(lp, lq);
        out[1] = klIntegrand(lp, lq);
        out[2] = klIntegrand(lq, lp);
        out[3] = tvIntegrand(lp, lq);
        out[4] = valueAtOptimumIntegrand(lp, lq);
      },
    },
    options,
  ).values;
  const js = Math.min(Math.LN2, Math.max(0, r[0]));
  const clampKl = (v: number): number => (Number.isFinite(v) ? Math.max(0, v) : v);
  const klRealFake = supportBoxOutside(real, fake) ? Infinity : clampKl(r[1]);
  const klFakeReal = supportBoxOutside(fake, real) ? Infinity : clampKl(r[2]);
  const tv = Math.min(1, Math.max(0, r[3]));
  const valueAtOptimum = r[4];
  const minusLog4Plus2JS = -Math.log(4) + 2 * js;
  return {
    js,
    klRealFake,
    klFakeReal,
    tv,
    w1: real.dim === 1 ? wasserstein1D(real, fake) : undefined,
    valueAtOptimum,
    minusLog4Plus2JS,
    identityError: Math.abs(valueAtOptimum - minusLog4Plus2JS),
  };
}
