import * as tf from '@tensorflow/tfjs-core';
import { meanValue } from './log-prob.js';
import type { Objective } from './objective.js';

/** WGAN's weight-clipping bound c (Arjovsky, Chintala & Bottou 2017, Algorithm 1). */
export const WGAN_CLIP_VALUE = 0.01;
/** WGAN's RMSProp learning rate α for both players (paper, Algorithm 1). */
export const WGAN_LEARNING_RATE = 5e-5;
/** WGAN's n_critic: critic updates per generator update (paper, Algorithm 1). */
export const WGAN_CRITIC_STEPS = 5;
/** WGAN's batch size m (paper, Algorithm 1). */
export const WGAN_BATCH_SIZE = 64;

/**
 * `wgan` (THEORY E8; Arjovsky, Chintala & Bottou 2017, Algorithm 1). The network's output f(x) is a
 * CRITIC score in (−∞, ∞), not a logit: no sigmoid, no log.
 *
 * - Critic minimizes L_critic = E_z[f(G(z))] − E_r[f(x)], i.e. maximizes E_r[f] − E_g[f], which for a
 *   1-Lipschitz f is at most W(P_r, P_g) (Kantorovich–Rubinstein duality, E8): the maximum over
 *   1-Lipschitz f IS W1. Terms: `criticReal` = E_r[f(x)], `criticFake` = E_z[f(G(z))].
 * - Generator minimizes −E_z[f(G(z))]. Term `criticFake` = E_z[f(G(z))].
 * Paper defaults: clip every critic parameter to [−c, c] after each critic update, c = 0.01
 * ({@link WGAN_CLIP_VALUE}); RMSProp, lr 5e-5; n_critic = 5; batch 64.
 * Deviation: this objective is only the pair of losses. It does NOT make f Lipschitz: without weight
 * clipping (or a gradient penalty, E9) the critic's loss is unbounded below and the duality does
 * not hold. The trainer clips (config `clipValue`, models/weight-clipping.ts) or adds the penalty
 * (`gradientPenaltyWeight`); the config refuses `wgan` with neither. Label smoothing does not apply.
 */
export function wgan(): Objective {
  return {
    name: 'wgan',
    summary: 'WGAN critic E[f(G(z))] − E[f(x)] and generator −E[f(G(z))] (needs clipping or a gradient penalty)',
    paper: 'Arjovsky, Chintala & Bottou 2017, Algorithm 1',
    properties: { output: 'score', estimatesOptimalDiscriminator: false, needsLipschitz: true, estimatesW1: true },
    discriminatorLoss: ({ realLogits, fakeLogits }) => {
      const criticReal = tf.tidy(() => tf.mean(realLogits) as tf.Scalar);
      const criticFake = tf.tidy(() => tf.mean(fakeLogits) as tf.Scalar);
      return { loss: tf.sub(criticFake, criticReal), terms: { criticReal, criticFake } };
    },
    generatorLoss: ({ fakeLogits }) => {
      const criticFake = tf.tidy(() => tf.mean(fakeLogits) as tf.Scalar);
      return { loss: tf.neg(criticFake), terms: { criticFake } };
    },
    discriminatorLossNumbers: (real, fake) => {
      const criticReal = meanValue(real);
      const criticFake = meanValue(fake);
      return { loss: criticFake - criticReal, terms: { criticReal, criticFake } };
    },
    generatorLossNumbers: (fake) => {
      const criticFake = meanValue(fake);
      return { loss: -criticFake, terms: { criticFake } };
    },
    // ∂/∂f: −1/n on real, +1/n on fake; generator −1/n. Constant: the critic's gradient never saturates.
    discriminatorLogitGradients: ({ realLogits, fakeLogits }) =>
      tf.tidy(() => ({
        realLogits: tf.fill(realLogits.shape, -1 / realLogits.size),
        fakeLogits: tf.fill(fakeLogits.shape, 1 / fakeLogits.size),
      })),
    generatorLogitGradient: ({ fakeLogits }) => tf.tidy(() => tf.fill(fakeLogits.shape, -1 / fakeLogits.size)),
  };
}
