/**
 * One discriminator update of Algorithm 1 (THEORY E2: D descends its objective's loss): a real batch
 * and a generated one, D's logits on both, the objective's analytic logit gradients backpropagated by
 * hand, the penalties of E9 when configured, the optimizer's step (through spectral normalization's raw
 * weights when there is one), and WGAN's clipping (E8) when configured.
 */
import * as tf from '@tensorflow/tfjs-core';
import { concatBatches, sliceBatch } from '../models/batch-layout.js';
import { empiricalLipschitz } from '../models/lipschitz.js';
import { clipNetworkWeights } from '../models/network.js';
import { gradientPenaltyWith, r1PenaltyWith, type PenaltyWithGrads } from '../objectives/penalties.js';
import { globalNorm } from './global-norm.js';
import type { UpdateContext, UpdateOutput } from './player-update.js';

/**
 * One discriminator update: returns its measurements (DISCRIMINATOR_MEASURES, step-statistics.ts: the
 * gradient norm, the penalty, its largest input-gradient norm, the Lipschitz estimate, the optimizer
 * state's norm) as one tensor and D's logits on the real then the generated batch (the caller reads
 * both with one download each and computes the losses from the logits). The Lipschitz estimate
 * (models/lipschitz.ts) is measured on the weights before the update when `measureLipschitz` (NaN
 * otherwise), and the norm of the optimizer's state after it on the step's last update, `lastOfStep`
 * (0 otherwise).
 */
export function discriminatorUpdate(c: UpdateContext, lastOfStep: boolean, measureLipschitz: boolean): UpdateOutput {
  const { batches: b, config, discriminator: d } = c;
  const n = config.batchSize;
  const layout = b.layout;
  return tf.tidy(() => {
    const real = b.packed(b.realBatch(n));
    const g = b.generatorInput(n);
    const fake = b.packed(b.withLabels(b.forwardPass(c.generator, g.input).output, g.oneHot));
    const { output: logits, cache } = b.forwardPass(d, concatBatches(real, fake, layout));
    const packs = b.perKind; // D's input rows per kind (n without packing)
    const realLogits = sliceBatch(logits, 0, packs, layout);
    const fakeLogits = sliceBatch(logits, packs, packs, layout);
    const dLogits = c.objective.discriminatorLogitGradients({ realLogits, fakeLogits });
    const dOutput = concatBatches(dLogits.realLogits as tf.Tensor2D, dLogits.fakeLogits as tf.Tensor2D, layout);
    const { grads } = b.backwardPass(d, cache, dOutput, { weights: true, input: false });
    const penalty = penalties(c, real, fake);
    const lipschitz = measureLipschitz ? empiricalLipschitz(d, b.rows(real), b.rows(fake), d.capabilities.lipschitzPoints, b.dataColumns) : tf.scalar(NaN);
    const flat = d.flatGradients(grads).map((gr, i) => (penalty === undefined ? gr : tf.add(gr, penalty.flat[i])));
    const gradNorm = globalNorm(flat);
    const sn = c.spectralNorm;
    if (sn === undefined) {
      c.discriminatorOptimizer.apply(d.parameters(), flat, c.learningRateFactor);
    } else {
      c.discriminatorOptimizer.apply(sn.parameters(), sn.parameterGradients(flat), c.learningRateFactor);
      sn.refresh();
    }
    if (config.clipValue !== undefined) clipNetworkWeights(d, config.clipValue);
    const measures = tf.stack([
      gradNorm,
      penalty?.value ?? tf.scalar(0),
      penalty?.maxNorm ?? tf.scalar(NaN),
      lipschitz,
      // the optimizer state's norm (divergence.ts), on the last of a step's k updates (a non-finite state stays non-finite)
      lastOfStep ? c.discriminatorOptimizer.stateNorm() : tf.scalar(0),
    ]) as tf.Tensor1D;
    return { measures, logits };
  });
}

/**
 * The discriminator's penalties (THEORY E9) on this batch, if any are configured: their summed value,
 * their gradient in the order of `parameters()`, and the largest per-sample input-gradient norm.
 * `real` and `fake` are in the training layout; one ε ~ U[0, 1] per sample comes from the noise stream.
 */
function penalties(c: UpdateContext, real: tf.Tensor2D, fake: tf.Tensor2D): { value: tf.Scalar; flat: tf.Tensor[]; maxNorm: tf.Scalar } | undefined {
  const { config, batches: b } = c;
  if (config.gradientPenaltyWeight <= 0 && config.r1Gamma <= 0) return undefined;
  const realRows = b.rows(real);
  const critic = c.discriminator.capabilities.doubleBackprop!; // the trainer checked it is there
  const parts: PenaltyWithGrads<tf.Tensor[]>[] = [];
  const dataColumns = b.dataColumns;
  if (config.gradientPenaltyWeight > 0) {
    const n = realRows.shape[0];
    const eps = tf.tensor2d(b.noiseRng.fillUniform(new Float32Array(n)), [n, 1]);
    const o = { weight: config.gradientPenaltyWeight, oneSided: config.gradientPenaltyOneSided };
    parts.push(gradientPenaltyWith(critic, realRows, b.rows(fake), eps, o, dataColumns));
  }
  if (config.r1Gamma > 0) parts.push(r1PenaltyWith(critic, realRows, config.r1Gamma, dataColumns));
  const flat = parts[0].grads.map((g, i) => parts.slice(1).reduce((acc, p) => tf.add(acc, p.grads[i]), g));
  return {
    value: tf.addN(parts.map((p) => p.value)) as tf.Scalar,
    flat,
    maxNorm: tf.max(tf.concat(parts.map((p) => p.gradNorms))) as tf.Scalar,
  };
}
