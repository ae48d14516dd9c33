/**
 * One generator update of Algorithm 1 (THEORY E2: G descends its objective's loss — the saturating one
 * of the game as written, or the non-saturating variant): a noise batch through G and D, the objective's
 * analytic logit gradient backpropagated through D (input only) and G (its weights), the optimizer's
 * step, and the averaged generator's update when configured.
 */
import * as tf from '@tensorflow/tfjs-core';
import { globalNorm } from './global-norm.js';
import type { UpdateContext, UpdateOutput } from './player-update.js';

/** One generator update: returns its measurements (GENERATOR_MEASURES: the gradient norm, the optimizer state's norm after the update) and D's logits on the generated batch. */
export function generatorUpdate(c: UpdateContext): UpdateOutput {
  const { batches: b, generator: g, discriminator: d } = c;
  return tf.tidy(() => {
    const input = b.generatorInput(c.config.batchSize);
    const { output: fake, cache: gCache } = b.forwardPass(g, input.input);
    const { output: fakeLogits, cache: dCache } = b.forwardPass(d, b.packed(b.withLabels(fake, input.oneHot)));
    const dLogits = c.objective.generatorLogitGradient({ fakeLogits });
    const { dInput } = b.backwardPass(d, dCache, dLogits as tf.Tensor2D, { weights: false, input: true });
    const { grads } = b.backwardPass(g, gCache, b.dataGradient(b.unpacked(dInput!)), { weights: true, input: false });
    const flat = g.flatGradients(grads);
    const gradNorm = globalNorm(flat);
    c.generatorOptimizer.apply(g.parameters(), flat, c.learningRateFactor);
    c.average?.update(c.step);
    const measures = tf.stack([gradNorm, c.generatorOptimizer.stateNorm()]) as tf.Tensor1D;
    return { measures, logits: fakeLogits };
  });
}
