/**
 * One update of a discriminator (or critic) on a real and a fake batch, exactly as GAN training does
 * it (training/trainer.ts): analytic logit gradients of the objective, backpropagated by hand through
 * the network, one optimizer step.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Mlp } from '../models/mlp.js';
import type { Objective } from '../objectives/objective.js';
import type { PlayerOptimizer } from '../training/optimizers.js';

/**
 * Descends the objective's discriminator loss L_D once (for `minimax`, L_D = −V(D, G): E1, E2;
 * Goodfellow et al. 2014, Algorithm 1's inner step): a ← D(real ∪ fake), ∂L_D/∂a analytically
 * (the objective's `discriminatorLogitGradients`), backward through `discriminator`, `optimizer`
 * step on its parameters. Returns L_D before the update (a scalar the caller disposes) when
 * `wantLoss`, else undefined. Domain: real and fake of shape [n, dim] (the caller keeps them).
 * Deviation: none; one optimizer step per call, no clipping (see weight-clipping.ts for WGAN).
 */
export function discriminatorStep(
  discriminator: Mlp,
  objective: Objective,
  optimizer: PlayerOptimizer,
  real: tf.Tensor2D,
  fake: tf.Tensor2D,
  wantLoss = false,
): tf.Scalar | undefined {
  return tf.tidy(() => {
    const nr = real.shape[0];
    const nf = fake.shape[0];
    const { output: logits, cache } = discriminator.forwardWithCache(tf.concat([real, fake], 0));
    const realLogits = tf.slice(logits, [0, 0], [nr, 1]);
    const fakeLogits = tf.slice(logits, [nr, 0], [nf, 1]);
    const g = objective.discriminatorLogitGradients({ realLogits, fakeLogits });
    const { grads } = discriminator.backward(cache, tf.concat([g.realLogits, g.fakeLogits], 0) as tf.Tensor2D, { weights: true, input: false });
    const loss = wantLoss ? tf.keep(objective.discriminatorLoss({ realLogits, fakeLogits }).loss) : undefined;
    optimizer.apply(discriminator.parameters(), Mlp.flatGradients(grads!));
    return loss;
  });
}
