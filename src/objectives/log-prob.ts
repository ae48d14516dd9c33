/**
 * log D and log(1 − D) from logits, stably (THEORY E2): with D = sigmoid(a),
 *   log D(x)     = −softplus(−a)
 *   log(1 − D)   = −softplus(a)
 * Never `log(sigmoid(a))`: it is −Infinity in float32 once a < −88 or so, and loses all precision
 * once D rounds to 1.
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
