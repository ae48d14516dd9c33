import * as tf from '@tensorflow/tfjs-core';
import { meanValue } from './log-prob.js';
import type { Objective, ObjectiveOptions } from './objective.js';

/**
 * `least-squares` (LSGAN; Mao et al. 2017, eq. 2 with a = 0, b = 1, c = 1). The discriminator's output
 * a is used as is (no sigmoid).
 *
 * - Discriminator minimizes ½E_r[(a(x) − b)²] + ½E_z[(a(G(z)) − a₀)²] with b = 1 − s (s = label
 *   smoothing, 0 by default) and a₀ = 0. Terms: `realTerm` = ½E_r[(a − b)²], `fakeTerm` = ½E_z[a²].
 * - Generator minimizes ½E_z[(a(G(z)) − 1)²]. Term `fakeTerm` = the same.
 * Deviation from E1: this is not the log-loss game; its optimum minimizes a Pearson χ² divergence
 * (Mao et al. 2017, §3.2), not JS, and a is not a logit (V(D, G) in the records reads it as one).
 */
export function leastSquares(options: ObjectiveOptions = {}): Objective {
  const b = 1 - (options.labelSmoothing ?? 0);
  return {
    name: 'least-squares',
    summary: 'LSGAN: squared error to targets 1 (real) and 0 (fake)',
    paper: 'Mao et al. 2017',
    properties: { output: 'score', estimatesOptimalDiscriminator: false, needsLipschitz: false, estimatesW1: false },
    discriminatorLoss: ({ realLogits, fakeLogits }) => {
      const realTerm = tf.tidy(() => tf.mul(0.5, tf.mean(tf.square(tf.sub(realLogits, b)))) as tf.Scalar);
      const fakeTerm = tf.tidy(() => tf.mul(0.5, tf.mean(tf.square(fakeLogits))) as tf.Scalar);
      return { loss: tf.add(realTerm, fakeTerm), terms: { realTerm, fakeTerm } };
    },
    generatorLoss: ({ fakeLogits }) => {
      const fakeTerm = tf.tidy(() => tf.mul(0.5, tf.mean(tf.square(tf.sub(fakeLogits, 1)))) as tf.Scalar);
      return { loss: fakeTerm.clone(), terms: { fakeTerm } };
    },
    discriminatorLossNumbers: (real, fake) => {
      const realTerm = 0.5 * meanValue(real, (a) => (a - b) ** 2);
      const fakeTerm = 0.5 * meanValue(fake, (a) => a ** 2);
      return { loss: realTerm + fakeTerm, terms: { realTerm, fakeTerm } };
    },
    generatorLossNumbers: (fake) => {
      const fakeTerm = 0.5 * meanValue(fake, (a) => (a - 1) ** 2);
      return { loss: fakeTerm, terms: { fakeTerm } };
    },
    // ∂/∂a: (a − b)/n on real, a/n on fake; generator (a − 1)/n.
    discriminatorLogitGradients: ({ realLogits, fakeLogits }) =>
      tf.tidy(() => ({
        realLogits: tf.div(tf.sub(realLogits, b), realLogits.size),
        fakeLogits: tf.div(fakeLogits, fakeLogits.size),
      })),
    generatorLogitGradient: ({ fakeLogits }) => tf.tidy(() => tf.div(tf.sub(fakeLogits, 1), fakeLogits.size)),
  };
}
