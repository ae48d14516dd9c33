import * as tf from '@tensorflow/tfjs-core';
import { meanValue } from './log-prob.js';
import type { Objective } from './objective.js';

/**
 * `hinge` (Lim & Ye 2017, Geometric GAN; the form of Miyato et al. 2018). Output a used as is.
 *
 * - Discriminator minimizes E_r[max(0, 1 − a(x))] + E_z[max(0, 1 + a(G(z)))].
 *   Terms: `realTerm`, `fakeTerm` (the two expectations).
 * - Generator minimizes −E_z[a(G(z))]. Term `fakeScore` = E_z[a(G(z))].
 * Deviation from E1: not the log-loss game (label smoothing does not apply and is ignored).
 */
export function hinge(): Objective {
  return {
    name: 'hinge',
    summary: 'hinge loss for D, −E[D(G(z))] for G (SN-GAN form)',
    paper: 'Lim & Ye 2017; Miyato et al. 2018',
    properties: { output: 'score', estimatesOptimalDiscriminator: false, needsLipschitz: false, estimatesW1: false },
    discriminatorLoss: ({ realLogits, fakeLogits }) => {
      const realTerm = tf.tidy(() => tf.mean(tf.relu(tf.sub(1, realLogits))) as tf.Scalar);
      const fakeTerm = tf.tidy(() => tf.mean(tf.relu(tf.add(1, fakeLogits))) as tf.Scalar);
      return { loss: tf.add(realTerm, fakeTerm), terms: { realTerm, fakeTerm } };
    },
    generatorLoss: ({ fakeLogits }) => {
      const fakeScore = tf.tidy(() => tf.mean(fakeLogits) as tf.Scalar);
      return { loss: tf.neg(fakeScore), terms: { fakeScore } };
    },
    discriminatorLossNumbers: (real, fake) => {
      const realTerm = meanValue(real, (a) => Math.max(0, 1 - a));
      const fakeTerm = meanValue(fake, (a) => Math.max(0, 1 + a));
      return { loss: realTerm + fakeTerm, terms: { realTerm, fakeTerm } };
    },
    generatorLossNumbers: (fake) => {
      const fakeScore = meanValue(fake);
      return { loss: -fakeScore, terms: { fakeScore } };
    },
    // ∂/∂a: −1[a < 1]/n on real, 1[a > −1]/n on fake (subgradient 0 at the kinks); generator −1/n.
    discriminatorLogitGradients: ({ realLogits, fakeLogits }) =>
      tf.tidy(() => ({
        realLogits: tf.div(tf.neg(tf.cast(tf.less(realLogits, 1), 'float32')), realLogits.size),
        fakeLogits: tf.div(tf.cast(tf.greater(fakeLogits, -1), 'float32'), fakeLogits.size),
      })),
    generatorLogitGradient: ({ fakeLogits }) => tf.tidy(() => tf.fill(fakeLogits.shape, -1 / fakeLogits.size)),
  };
}
