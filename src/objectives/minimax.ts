import * as tf from '@tensorflow/tfjs-core';
import { logD, logDValue, logOneMinusD, logOneMinusDValue, meanValue } from './log-prob.js';
import type { Objective, ObjectiveOptions, DiscriminatorLogits, LossNumbers, LossValue } from './objective.js';

/**
 * The discriminator's loss of the original game (THEORY E1, E2; Goodfellow et al. 2014, eq. 1):
 *
 *   L_D = −( E_r[log D(x)] + E_z[log(1 − D(G(z)))] ) = −V(D, G)
 *
 * so minimizing it maximizes V. Logits in (−∞, ∞). Terms: `realTerm` = E_r[log D(x)],
 * `fakeTerm` = E_z[log(1 − D(G(z)))]. Shared by the minimax and non-saturating objectives.
 *
 * With label smoothing s > 0 the real part becomes (1 − s)·E_r[log D] + s·E_r[log(1 − D)].
 * Deviation: with s > 0 the optimal discriminator is no longer D* of E3.
 */
export function logLossDiscriminator(logits: DiscriminatorLogits, labelSmoothing = 0): LossValue {
  const realTerm = tf.tidy(() => tf.mean(logD(logits.realLogits)) as tf.Scalar);
  const fakeTerm = tf.tidy(() => tf.mean(logOneMinusD(logits.fakeLogits)) as tf.Scalar);
  const loss = tf.tidy(() => {
    let real: tf.Tensor = realTerm;
    if (labelSmoothing > 0) {
      const realAsFake = tf.mean(logOneMinusD(logits.realLogits));
      real = tf.add(tf.mul(1 - labelSmoothing, realTerm), tf.mul(labelSmoothing, realAsFake));
    }
    return tf.neg(tf.add(real, fakeTerm)) as tf.Scalar;
  });
  return { loss, terms: { realTerm, fakeTerm } };
}

/** {@link logLossDiscriminator} on logits as numbers, in float64. */
export function logLossDiscriminatorNumbers(realLogits: ArrayLike<number>, fakeLogits: ArrayLike<number>, labelSmoothing = 0): LossNumbers {
  const realTerm = meanValue(realLogits, logDValue);
  const fakeTerm = meanValue(fakeLogits, logOneMinusDValue);
  const real = labelSmoothing > 0 ? (1 - labelSmoothing) * realTerm + labelSmoothing * meanValue(realLogits, logOneMinusDValue) : realTerm;
  return { loss: -(real + fakeTerm), terms: { realTerm, fakeTerm } };
}

/**
 * ∂L_D/∂a of {@link logLossDiscriminator}, with n the batch size and σ the sigmoid:
 * real logits: −[(1 − s)·σ(−a) − s·σ(a)]/n  (= −(1 − D(x))/n for s = 0);  fake logits: σ(a)/n = D(G(z))/n.
 */
export function logLossDiscriminatorGradients(
  { realLogits, fakeLogits }: DiscriminatorLogits,
  labelSmoothing = 0,
): { realLogits: tf.Tensor; fakeLogits: tf.Tensor } {
  return tf.tidy(() => {
    const nr = realLogits.size;
    const nf = fakeLogits.size;
    let real = tf.sigmoid(tf.neg(realLogits));
    if (labelSmoothing > 0) real = tf.sub(tf.mul(1 - labelSmoothing, real), tf.mul(labelSmoothing, tf.sigmoid(realLogits)));
    return { realLogits: tf.div(tf.neg(real), nr), fakeLogits: tf.div(tf.sigmoid(fakeLogits), nf) };
  });
}

/**
 * `minimax`: the game exactly as written (THEORY E1, E2; Goodfellow et al. 2014, eq. 1).
 *
 * - Discriminator minimizes −E_r[log D(x)] − E_z[log(1 − D(G(z)))] (i.e. maximizes V).
 * - Generator minimizes E_z[log(1 − D(G(z)))] — the *saturating* loss. Term `fakeTerm` is that
 *   expectation itself. When D confidently rejects the fakes (a → −∞) its gradient in a is
 *   −sigmoid(a) → 0: the generator learns slowly early on (E7 makes this precise). That is the game as
 *   written; the `non-saturating` objective is the practical fix.
 */
export function minimax(options: ObjectiveOptions = {}): Objective {
  return {
    name: 'minimax',
    summary: 'the game as written: G minimizes E[log(1 − D(G(z)))] (saturating)',
    paper: 'Goodfellow et al. 2014, eq. 1',
    properties: { output: 'logit', estimatesOptimalDiscriminator: (options.labelSmoothing ?? 0) === 0, needsLipschitz: false, estimatesW1: false },
    discriminatorLoss: (l) => logLossDiscriminator(l, options.labelSmoothing),
    generatorLoss: ({ fakeLogits }) => {
      const fakeTerm = tf.tidy(() => tf.mean(logOneMinusD(fakeLogits)) as tf.Scalar);
      return { loss: fakeTerm.clone(), terms: { fakeTerm } };
    },
    discriminatorLossNumbers: (real, fake) => logLossDiscriminatorNumbers(real, fake, options.labelSmoothing),
    generatorLossNumbers: (fake) => {
      const fakeTerm = meanValue(fake, logOneMinusDValue);
      return { loss: fakeTerm, terms: { fakeTerm } };
    },
    discriminatorLogitGradients: (l) => logLossDiscriminatorGradients(l, options.labelSmoothing),
    // ∂/∂a of mean(log(1 − σ(a))) = −σ(a)/n: vanishes as D(G(z)) → 0 (the saturation of E7).
    generatorLogitGradient: ({ fakeLogits }) => tf.tidy(() => tf.div(tf.neg(tf.sigmoid(fakeLogits)), fakeLogits.size)),
  };
}
