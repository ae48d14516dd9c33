/**
 * log D and log(1 − D) from logits, stably (THEORY E2): with D = sigmoid(a),
 *   log D(x)     = −softplus(−a)
 *   log(1 − D)   = −softplus(a)
 * Never `log(sigmoid(a))`: it is −Infinity in float32 once a < −88 or so, and loses all precision
 * once D rounds to 1.
 *
 * Each has a twin on plain numbers (`…Value`: the function in float64, means summed in float32 like a
 * tensor's), for statistics of downloaded logits (the step records, see ../training/step-statistics.ts);
 * tests hold the twins to the tensor functions.
 */
import * as tf from '@tensorflow/tfjs-core';

/** Elementwise log D = −softplus(−a), for logits a ∈ (−∞, ∞). Returns values in (−∞, 0). */
export function logD(logits: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.neg(tf.softplus(tf.neg(logits))));
}

/** Elementwise log(1 − D) = −softplus(a), for logits a ∈ (−∞, ∞). Returns values in (−∞, 0). */
export function logOneMinusD(logits: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.neg(tf.softplus(logits)));
}

/**
 * The terms of the game's value (E1) on two batches:
 * `realTerm` = E_r[log D(x)], `fakeTerm` = E_z[log(1 − D(G(z)))], and `value` = their sum = V(D, G).
 * At D ≡ 1/2 (all logits 0) value = −log 4.
 */
export function gameValueTerms(logits: { realLogits: tf.Tensor; fakeLogits: tf.Tensor }): {
  realTerm: tf.Scalar;
  fakeTerm: tf.Scalar;
  value: tf.Scalar;
} {
  const realTerm = tf.tidy(() => tf.mean(logD(logits.realLogits)) as tf.Scalar);
  const fakeTerm = tf.tidy(() => tf.mean(logOneMinusD(logits.fakeLogits)) as tf.Scalar);
  return { realTerm, fakeTerm, value: tf.add(realTerm, fakeTerm) };
}

/** softplus(x) = log(1 + eˣ) in float64, without overflow (x for large x, eˣ for very negative x). */
export function softplusValue(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/** log D = −softplus(−a) (E2) for one logit, in float64. Returns a value in (−∞, 0]. */
export function logDValue(a: number): number {
  return -softplusValue(-a);
}

/** log(1 − D) = −softplus(a) (E2) for one logit, in float64. Returns a value in (−∞, 0]. */
export function logOneMinusDValue(a: number): number {
  return -softplusValue(a);
}

/** D = sigmoid(a) for one logit, in float64. */
export function sigmoidValue(a: number): number {
  return 1 / (1 + Math.exp(-a));
}

/**
 * The mean of f over `values` in float32 arithmetic, as a float32 tensor's mean is computed: each f(v)
 * rounded to float32 and added in order to a float32 sum, divided by the count (NaN for no values). So
 * a sum that leaves float32's range is ±∞ here too — a run whose loss overflows in float32 is caught at
 * the same step as when the losses were tensors.
 */
export function meanValue(values: ArrayLike<number>, f: (a: number) => number = (a) => a): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum = Math.fround(sum + Math.fround(f(values[i])));
  return Math.fround(sum / values.length);
}

/** {@link gameValueTerms} (E1) from logits as numbers (means as {@link meanValue}). */
export function gameValueNumbers(realLogits: ArrayLike<number>, fakeLogits: ArrayLike<number>): { realTerm: number; fakeTerm: number; value: number } {
  const realTerm = meanValue(realLogits, logDValue);
  const fakeTerm = meanValue(fakeLogits, logOneMinusDValue);
  return { realTerm, fakeTerm, value: realTerm + fakeTerm };
}
