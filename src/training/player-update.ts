/**
 * What one player's update (./discriminator-update.ts, ./generator-update.ts) works with and returns:
 * the trainer's parts it reads and moves, and its measurements and D's logits for the step record
 * (./step-statistics.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Network } from '../models/network.js';
import type { SpectralNormalizer } from '../models/spectral-normalizer.js';
import type { Objective } from '../objectives/objective.js';
import { byName, discriminatorRecordFields, DISCRIMINATOR_MEASURES, generatorRecordFields, GENERATOR_MEASURES } from './step-statistics.js';
import type { TrainConfig } from './config.js';
import type { GeneratorAverage } from './generator-average.js';
import type { PlayerOptimizer } from './optimizers.js';
import type { TrainingBatches } from './training-batches.js';
import { checkFinite } from './divergence.js';

export interface UpdateContext {
  readonly config: TrainConfig;
  readonly objective: Objective;
  readonly generator: Network;
  readonly discriminator: Network;
  readonly batches: TrainingBatches;
  readonly generatorOptimizer: PlayerOptimizer;
  readonly discriminatorOptimizer: PlayerOptimizer;
  /** The discriminator's spectral normalization, when the config asks for it (it owns the raw weights). */
  readonly spectralNorm?: SpectralNormalizer;
  /** The moving average of G's weights, when config.generatorAverage > 0. */
  readonly average?: GeneratorAverage<Network>;
  /** The learning-rate schedule's factor for this update. */
  readonly learningRateFactor: number;
  /** Generator updates done before this one. */
  readonly step: number;
}

/** A player's update's result: its measurements (in the order of step-statistics.ts) and D's logits it ran on (new tensors). */
export interface UpdateOutput {
  readonly measures: tf.Tensor1D;
  readonly logits: tf.Tensor;
}

export function disposeUpdate(u: UpdateOutput): void {
  u.measures.dispose();
  u.logits.dispose();
}

/** A discriminator update's record fields and measurements from its downloaded values. */
function discriminatorRead(objective: Objective, measureValues: ArrayLike<number>, logits: ArrayLike<number>, perKind: number) {
  const measures = byName(measureValues, DISCRIMINATOR_MEASURES);
  return { fields: discriminatorRecordFields(objective, logits, perKind, measures), measures };
}

/** A generator update's record fields and measurements from its downloaded values. */
function generatorRead(objective: Objective, measureValues: ArrayLike<number>, logits: ArrayLike<number>) {
  const measures = byName(measureValues, GENERATOR_MEASURES);
  return { fields: generatorRecordFields(objective, logits, measures), measures };
}

/** A discriminator update's record fields and measurements, downloaded (the update's tensors are disposed). */
export function readDiscriminatorUpdate(objective: Objective, u: UpdateOutput, perKind: number) {
  const read = discriminatorRead(objective, u.measures.dataSync(), u.logits.dataSync(), perKind);
  disposeUpdate(u);
  return read;
}

/** A generator update's record fields and measurements, downloaded (the update's tensors are disposed). */
export function readGeneratorUpdate(objective: Objective, u: UpdateOutput) {
  const read = generatorRead(objective, u.measures.dataSync(), u.logits.dataSync());
  disposeUpdate(u);
  return read;
}

/**
 * Both updates of a full step, downloaded in one read: the four tensors (D's measurements and logits,
 * G's measurements and logits) are concatenated on the backend and read back once — one GPU→CPU
 * transfer per step instead of four, which is what a step costs on WebGL/WebGPU. The same numbers as
 * {@link readDiscriminatorUpdate} and {@link readGeneratorUpdate}; the update's tensors are disposed.
 */
export function readStepUpdates(objective: Objective, d: UpdateOutput, g: UpdateOutput, perKind: number) {
  const parts = [d.measures, d.logits, g.measures, g.logits];
  const joined = tf.tidy(() => tf.concat(parts.map((t) => tf.reshape(t, [-1]))));
  const all = joined.dataSync();
  joined.dispose();
  let at = 0;
  const [dMeasures, dLogits, gMeasures, gLogits] = parts.map((t) => all.subarray(at, (at += t.size)));
  disposeUpdate(d);
  disposeUpdate(g);
  return { dRead: discriminatorRead(objective, dMeasures, dLogits, perKind), gRead: generatorRead(objective, gMeasures, gLogits) };
}

/**
 * Throws DivergenceError (./divergence.ts) at `step` when a read update's loss, gradient norm, penalty or
 * optimizer state is not finite — D's and G's losses, gradients and penalty first, then their optimizers'
 * states (the first one found is the one reported).
 */
export function checkUpdatesFinite(step: number, d?: ReturnType<typeof readDiscriminatorUpdate>, g?: ReturnType<typeof readGeneratorUpdate>): void {
  checkFinite(step, {
    ...(d === undefined ? {} : { "discriminator's loss": d.fields.dLoss, "discriminator's gradient norm": d.measures.gradNorm, "discriminator's penalty": d.measures.penalty }),
    ...(g === undefined ? {} : { "generator's loss": g.fields.gLoss, "generator's gradient norm": g.measures.gradNorm }),
    ...(d === undefined ? {} : { "discriminator's optimizer state": d.measures.stateNorm }),
    ...(g === undefined ? {} : { "generator's optimizer state": g.measures.stateNorm }),
  });
}
