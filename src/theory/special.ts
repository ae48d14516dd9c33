/**
 * Special functions the theory module needs, written for accuracy in the tails: log-sum-exp,
 * softplus, the logistic sigmoid, erfc and the standard normal's pdf, cdf and survival function.
 */

import { standardNormalCdf } from './erf.js';

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * log(e^a + e^b) without overflow or underflow. Domain: a, b ∈ [−∞, +∞); returns −∞ when both
 * are −∞ (never NaN for non-NaN input).
 */
export function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/**
 * softplus(a) = log(1 + e^a), stable for every a ∈ [−∞, +∞]: softplus(−∞) = 0, softplus(+∞) = +∞.
 * With logits a = logit D: log D = −softplus(−a) and log(1 − D) = −softplus(a) (THEORY.md E2).
 */
export function softplus(a: number): number {
  if (a === Infinity) return Infinity;
  if (a === -Infinity) return 0;
  return Math.max(a, 0) + Math.log1p(Math.exp(-Math.abs(a)));
}

/** The logistic sigmoid 1/(1 + e^(−a)) for a ∈ [−∞, +∞], without overflow; σ(±∞) = 1, 0. */
export function sigmoid(a: number): number {
  if (a >= 0) return 1 / (1 + Math.exp(-a));
  const e = Math.exp(a);
  return e / (1 + e);
}

/**
 * erfc, erf and Φ come from ./erf.ts (W. J. Cody's rational approximations; Φ with an exact
 * correction of the rounding of x/√2): relative error ~1e-15 in both tails.
 */
export { erf, erfc, standardNormalCdf } from './erf.js';

/** log φ(x) = −x²/2 − log √(2π), the standard normal log-density, for x ∈ ℝ (−∞ at ±∞). */
export function standardNormalLogPdf(x: number): number {
  return -0.5 * x * x - LOG_SQRT_2PI;
}

/** 1 − Φ(x) = Φ(−x) = P(Z > x), accurate in relative terms in the upper tail. */
export function standardNormalSf(x: number): number {
  return standardNormalCdf(-x);
}

/**
 * Sum of many terms with Neumaier's compensated summation (error ≈ one rounding of the result,
 * independent of the number of terms).
 */
export function compensatedSum(values: ArrayLike<number>): number {
  let sum = 0;
  let c = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const t = sum + v;
    c += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  }
  return sum + c;
}
