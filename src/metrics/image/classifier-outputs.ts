/**
 * What the image metrics need from the classifier for a set of images: its features (the last hidden
 * layer), its class probabilities p(y|x) and its predicted classes.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ConvClassifier } from '../../models/conv-classifier.js';

export interface ClassifierOutputs {
  readonly count: number;
  /** Row-major [count, featureDim]. */
  readonly features: Float32Array;
  readonly featureDim: number;
  /** softmax of the logits, row-major [count, classes]. */
  readonly probs: Float64Array;
  readonly classes: number;
  /** argmax of the logits. */
  readonly predicted: Int32Array;
}

/** The classifier's outputs for row-major images in [−1, 1] (dimension h·w·c of the classifier), in batches. */
export function classifierOutputs(model: ConvClassifier, images: ArrayLike<number>, batchSize = 500): ClassifierOutputs {
  const s = model.shape;
  const dim = s.height * s.width * s.channels;
  const count = images.length / dim;
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`${images.length} values are not ${s.height}×${s.width}×${s.channels} images`);
  const featureDim = s.hidden[s.hidden.length - 1];
  const features = new Float32Array(count * featureDim);
  const probs = new Float64Array(count * s.classes);
  const predicted = new Int32Array(count);
  for (let i = 0; i < count; i += batchSize) {
    const m = Math.min(batchSize, count - i);
    const x = new Float32Array(m * dim);
    for (let j = 0; j < m * dim; j++) x[j] = images[i * dim + j];
    const [f, p, c] = tf.tidy(() => {
      const { features: ft, logits } = model.featuresAndLogits(tf.tensor2d(x, [m, dim]));
      return [ft, tf.softmax(logits), tf.argMax(logits, 1)];
    });
    features.set(f.dataSync() as Float32Array, i * featureDim);
    probs.set(p.dataSync(), i * s.classes);
    predicted.set(c.dataSync() as Int32Array, i);
    tf.dispose([f, p, c]);
  }
  return { count, features, featureDim, probs, classes: s.classes, predicted };
}
