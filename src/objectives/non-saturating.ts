import * as tf from '@tensorflow/tfjs-core';
import { logD, logDValue, meanValue } from './log-prob.js';
import { logLossDiscriminator, logLossDiscriminatorGradients, logLossDiscriminatorNumbers } from './minimax.js';
import type { Objective, ObjectiveOptions } from './objective.js';

/**
 * `non-saturating` (THEORY E2, practical variant; Goodfellow et al. 2014, §3).
 *
 * - Discriminator: as in `minimax` (minimizes −V(D, G)).
 * - Generator minimizes −E_z[log D(G(z))] (maximizes E[log D(G(z))]). Term `fakeLogD` = E_z[log D(G(z))].
 *   Same fixed point as the saturating loss; its gradient in a is −(1 − sigmoid(a)) → −1 when D rejects
 *   the fakes, so it does not vanish early in training.
 */
export function nonSaturating(options: ObjectiveOptions = {}): Objective {
  return {
    name: 'non-saturating',
    summary: 'G maximizes E[log D(G(z))] instead (same fixed point, strong early gradients)',
    paper: 'Goodfellow et al. 2014, §3',
    properties: { output: 'logit', estimatesOptimalDiscriminator: (options.labelSmoothing ?? 0) === 0, needsLipschitz: false, estimatesW1: false },
    discriminatorLoss: (l) => logLossDiscriminator(l, options.labelSmoothing),
    generatorLoss: ({ fakeLogits }) => {
      const fakeLogD = tf.tidy(() => tf.mean(logD(fakeLogits)) as tf.Scalar);
      return { loss: tf.neg(fakeLogD), terms: { fakeLogD } };
    },
    discriminatorLossNumbers: (real, fake) => logLossDiscriminatorNumbers(real, fake, options.labelSmoothing),
    generatorLossNumbers: (fake) => {
      const fakeLogD = meanValue(fake, logDValue);
      return { loss: -fakeLogD, terms: { fakeLogD } };
    },
    discriminatorLogitGradients: (l) => logLossDiscriminatorGradients(l, options.labelSmoothing),
    // ∂/∂a of −mean(log σ(a)) = −σ(−a)/n = −(1 − D(G(z)))/n: close to −1/n when D rejects the fakes.
    generatorLogitGradient: ({ fakeLogits }) => tf.tidy(() => tf.div(tf.neg(tf.sigmoid(tf.neg(fakeLogits))), fakeLogits.size)),
  };
}
