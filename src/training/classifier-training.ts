/**
 * Supervised training of a {@link ConvClassifier} on a labelled image data set: minibatch Adam on
 * the softmax cross-entropy, one shuffled pass over the images per epoch, the learning rate
 * multiplied by `learningRateDecay` after every epoch. Like the GAN trainer, the loop is an async
 * iterator of plain records; it never prints, sleeps or draws.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ImageDataset } from '../data/image-dataset.js';
import type { ConvClassifier } from '../models/conv-classifier.js';
import { createRng, deriveSeed, type Rng } from '../random/rng.js';
import { createOptimizer, type PlayerOptimizer } from './optimizers.js';
import { softmaxCrossEntropy } from './softmax-cross-entropy.js';

export interface ClassifierTrainOptions {
  readonly epochs: number;
  readonly batchSize: number;
  /** Adam's learning rate in the first epoch (β = (0.9, 0.999), PyTorch's defaults). */
  readonly learningRate: number;
  /** Factor applied to the learning rate after each epoch (1 = constant). */
  readonly learningRateDecay: number;
  readonly seed: number;
  /** Train on the first `limit` images only (default: all). */
  readonly limit?: number;
}

/** Defaults of `tsgan classifier train`. */
export const CLASSIFIER_TRAIN_DEFAULTS: ClassifierTrainOptions = { epochs: 4, batchSize: 64, learningRate: 1e-3, learningRateDecay: 0.5, seed: 0 };

/** One minibatch update. */
export interface ClassifierStepRecord {
  readonly type: 'step';
  readonly epoch: number;
  /** Updates done so far (1-based), out of `totalSteps`. */
  readonly step: number;
  readonly totalSteps: number;
  /** Mean cross-entropy on the batch before the update (nats). */
  readonly loss: number;
  /** Fraction of the batch classified correctly before the update. */
  readonly accuracy: number;
}

/** The end of an epoch. */
export interface ClassifierEpochRecord {
  readonly type: 'epoch';
  readonly epoch: number;
  /** Means over the epoch's batches (taken before each update). */
  readonly trainLoss: number;
  readonly trainAccuracy: number;
  /** Accuracy on the test set, when one was given. */
  readonly testAccuracy?: number;
  readonly learningRate: number;
}

export type ClassifierEvent = ClassifierStepRecord | ClassifierEpochRecord;

/** The images at `indices` as a float32 batch [n, dim] in [−1, 1], and their labels (−1 without labels). */
export function imageBatch(data: ImageDataset, indices: ArrayLike<number>): { x: tf.Tensor2D; labels: Int32Array } {
  const n = indices.length;
  const values = new Float32Array(n * data.dim);
  const labels = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    data.writeImage(indices[k], values, k * data.dim);
    labels[k] = data.labels === undefined ? -1 : data.labels[indices[k]];
  }
  return { x: tf.tensor2d(values, [n, data.dim]), labels };
}

/** A uniformly random permutation of 0 … n − 1 (Fisher–Yates). */
function shuffled(n: number, rng: Rng): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}

/** The predicted class (largest logit) of each of the first `limit` images (default all), in batches. */
export function predictClasses(model: ConvClassifier, data: ImageDataset, limit = data.count, batchSize = 500): Int32Array {
  const out = new Int32Array(limit);
  for (let i = 0; i < limit; i += batchSize) {
    const idx = Int32Array.from({ length: Math.min(batchSize, limit - i) }, (_, k) => i + k);
    const { x } = imageBatch(data, idx);
    const p = tf.tidy(() => tf.argMax(model.logits(x), 1));
    out.set(p.dataSync() as Int32Array, i);
    p.dispose();
    x.dispose();
  }
  return out;
}

/** Fraction of the first `limit` labelled images (default all) that `model` classifies correctly. */
export function classifierAccuracy(model: ConvClassifier, data: ImageDataset, limit = data.count): number {
  if (data.labels === undefined) throw new RangeError(`${data.label} has no labels`);
  const p = predictClasses(model, data, limit);
  let correct = 0;
  for (let i = 0; i < limit; i++) if (p[i] === data.labels[i]) correct++;
  return correct / limit;
}

/** Trains `model` in place on `train` (which needs labels), yielding a record per update and per epoch. */
export async function* trainClassifier(model: ConvClassifier, train: ImageDataset, options: ClassifierTrainOptions, test?: ImageDataset): AsyncGenerator<ClassifierEvent, void, undefined> {
  if (train.labels === undefined) throw new RangeError(`${train.label} has no labels: a classifier needs labelled images`);
  const { epochs, batchSize } = options;
  if (!Number.isInteger(epochs) || epochs < 1) throw new RangeError(`epochs must be a whole number ≥ 1, got ${epochs}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batch size must be a whole number ≥ 1, got ${batchSize}`);
  const count = Math.min(options.limit ?? train.count, train.count);
  const perEpoch = Math.ceil(count / batchSize);
  const rng = createRng(deriveSeed(options.seed, 'classifier:shuffle'));
  const params = model.parameters();
  let optimizer: PlayerOptimizer | undefined;
  let step = 0;
  try {
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const learningRate = options.learningRate * options.learningRateDecay ** (epoch - 1);
      // A new learning rate, the same moments and step count: the optimizer's state carries over.
      const next = createOptimizer({ name: 'adam', learningRate, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
      if (optimizer !== undefined) {
        next.setState(optimizer.getState());
        optimizer.dispose();
      }
      optimizer = next;
      const order = shuffled(count, rng);
      let lossSum = 0;
      let correctSum = 0;
      for (let b = 0; b < perEpoch; b++) {
        const idx = order.subarray(b * batchSize, Math.min((b + 1) * batchSize, count));
        const { x, labels } = imageBatch(train, idx);
        let loss = 0;
        let correct = 0;
        tf.tidy(() => {
          const { output, cache } = model.forwardWithCache(x);
          const ce = softmaxCrossEntropy(output, labels);
          loss = ce.loss;
          correct = ce.correct;
          const grads = model.backward(cache, ce.dLogits);
          optimizer!.apply(params, grads);
        });
        x.dispose();
        step++;
        lossSum += loss * idx.length;
        correctSum += correct;
        yield { type: 'step', epoch, step, totalSteps: perEpoch * epochs, loss, accuracy: correct / idx.length };
      }
      yield {
        type: 'epoch',
        epoch,
        trainLoss: lossSum / count,
        trainAccuracy: correctSum / count,
        learningRate,
        ...(test === undefined ? {} : { testAccuracy: classifierAccuracy(model, test) }),
      };
    }
  } finally {
    optimizer?.dispose();
  }
}
