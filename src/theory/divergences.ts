/**
 * Divergences between two distributions known through their densities, by adaptive quadrature:
 * Kullback–Leibler, Jensen–Shannon (E5) and total variation, all in nats, in 1-D and 2-D.
 */
import type { DensityModel } from './density-model.js';
import { supportBoxOutside } from './domain.js';
import { integratePair, type PairIntegralOptions } from './pair-integral.js';
import { jsIntegrand, klIntegrand, tvIntegrand } from './pointwise.js';

/** Accuracy and budget of the integrals (see {@link PairIntegralOptions}). */
export type DivergenceOptions = PairIntegralOptions;

/**
 * KL(P‖Q) = ∫ p log(p/q) dx in nats (Kullback & Leibler 1951; used by E5 and E7).
 *
 * Returns +Infinity — never a large finite number — when P has mass where q = 0: detected from the
 * support boxes (P's `bounds` reaching outside Q's), from quadrature nodes where log q = −∞ < log p
 * (every piece between breakpoints gets nodes), and from atoms of P where Q has none.
 * Domain: p, q of equal dimension 1 or 2 (see {@link integratePair}); atoms are handled exactly.
 * Deviation: a support gap of Q narrower than the quadrature resolution and not at a breakpoint can
 * go unseen; in 2-D mass outside the effective boxes (< 1e-12) is left out; a finite result is
 * clamped at 0 against rounding.
 */
export function klDivergence(p: DensityModel, q: DensityModel, options: DivergenceOptions = {}): number {
  if (supportBoxOutside(p, q)) return Infinity;
  const v = integratePair(p, q, { size: 1, evaluate: (lp, lq, _x, out) => (out[0] = klIntegrand(lp, lq)) }, options).values[0];
  return Number.isFinite(v) ? Math.max(0, v) : v;
}

/**
 * JS(P‖Q) = ½ KL(P‖M) + ½ KL(Q‖M), M = (P + Q)/2 (E5, Goodfellow et al. 2014), in nats.
 *
 * Always finite and in [0, log 2]; log 2 exactly when the supports are disjoint (E7), 0 iff P = Q
 * (E6). The integrand is p·(log p − log m) + q·(log q − log m) with log m by log-sum-exp, so tails
 * where the densities underflow give 0. Domain as {@link klDivergence}.
 * Deviation: the result is clamped to [0, log 2] against rounding (it moves by ~1e-16 at most).
 */
export function jsDivergence(p: DensityModel, q: DensityModel, options: DivergenceOptions = {}): number {
  const v = integratePair(p, q, { size: 1, evaluate: (lp, lq, _x, out) => (out[0] = jsIntegrand(lp, lq)) }, options).values[0];
  return Math.min(Math.LN2, Math.max(0, v));
}

/**
 * The total variation distance ½ ∫ |p − q| dx = sup_A |P(A) − Q(A)|, in [0, 1] (1 for disjoint
 * supports, E7; Arjovsky, Chintala & Bottou 2017, §2). Domain as {@link klDivergence}; atoms count
 * as ½ Σ |mass_p − mass_q|.
 * Deviation: clamped to [0, 1] against rounding.
 */
export function totalVariation(p: DensityModel, q: DensityModel, options: DivergenceOptions = {}): number {
  const v = integratePair(p, q, { size: 1, evaluate: (lp, lq, _x, out) => (out[0] = tvIntegrand(lp, lq)) }, options).values[0];
  return Math.min(1, Math.max(0, v));
}
