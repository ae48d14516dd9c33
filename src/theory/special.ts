/**
 * Special functions the theory module needs, written for accuracy in the tails: log-sum-exp,
 * softplus, the logistic sigmoid, erfc and the standard normal's pdf, cdf and survival function.
 */

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const LOG_SQRT_PI = 0.5 * Math.log(Math.PI);

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

/** Regularized lower incomplete gamma P(1/2, x) by its power series (x ≥ 0, best for x < 1.5). */
function gammaPHalfSeries(x: number): number {
  // P(a, x) = e^(−x) x^a / Γ(a + 1) · Σ_n x^n / ((a + 1)…(a + n)),  a = 1/2, Γ(3/2) = √π / 2.
  const a = 0.5;
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < 500; n++) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * 1e-17) break;
  }
  return sum * Math.exp(-x + a * Math.log(x) - LOG_SQRT_PI);
}

/** Regularized upper incomplete gamma Q(1/2, x) by its continued fraction (modified Lentz), x ≥ 1.5. */
function gammaQHalfFraction(x: number): number {
  const a = 0.5;
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 500; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x + a * Math.log(x) - LOG_SQRT_PI) * h;
}

/**
 * The complementary error function erfc(x) = (2/√π)∫_x^∞ e^(−t²) dt for x ∈ [−∞, +∞], with
 * relative accuracy ≈ 1e-15 (through the incomplete gamma function: erfc(x) = Q(1/2, x²) for x ≥ 0).
 */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return 0;
  if (x === -Infinity) return 2;
  const x2 = x * x;
  if (x >= 0) return x2 < 1.5 ? 1 - gammaPHalfSeries(x2) : gammaQHalfFraction(x2);
  return x2 < 1.5 ? 1 + gammaPHalfSeries(x2) : 2 - gammaQHalfFraction(x2);
}

/** log φ(x) = −x²/2 − log √(2π), the standard normal log-density, for x ∈ ℝ (−∞ at ±∞). */
export function standardNormalLogPdf(x: number): number {
  return -0.5 * x * x - LOG_SQRT_2PI;
}

/** Φ(x) = P(Z ≤ x) for Z ~ N(0, 1), accurate in relative terms in the lower tail. */
export function standardNormalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/** 1 − Φ(x) = P(Z > x), accurate in relative terms in the upper tail. */
export function standardNormalSf(x: number): number {
  return 0.5 * erfc(x / Math.SQRT2);
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
