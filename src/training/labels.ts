/**
 * Class labels for a class-conditional GAN (Mirza & Osindero 2014): labeled batches of real data,
 * random labels for fake samples, and one-hot rows appended to a batch's features.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dataset } from '../data/distribution.js';
import { ImageDataset } from '../data/image-dataset.js';
import { batchFromRows, type BatchLayout } from '../models/batch-layout.js';
import type { Rng } from '../random/rng.js';
import { ConfigError } from './config.js';

/** A data set with one class label per sample. */
export interface LabeledData {
  readonly dataset: ImageDataset & { readonly labels: Uint8Array };
  /** Number of classes: the largest label + 1. */
  readonly classes: number;
}

/** The labels of `dataset`; throws a one-line ConfigError when it has none. */
export function labeledData(dataset: Dataset): LabeledData {
  if (!(dataset instanceof ImageDataset) || dataset.labels === undefined) {
    throw new ConfigError(`conditional needs labeled data (e.g. --data mnist), ${dataset.label} has no labels: drop --conditional`);
  }
  let max = 0;
  for (const y of dataset.labels) max = Math.max(max, y);
  return { dataset: dataset as LabeledData['dataset'], classes: max + 1 };
}

/** n samples with their labels, drawn exactly like `dataset.sample(rng, n)` (uniformly, with replacement). */
export function sampleLabeled(data: LabeledData, rng: Rng, n: number): { values: Float64Array; labels: Int32Array } {
  const ds = data.dataset;
  const values = new Float64Array(n * ds.dim);
  const labels = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const i = rng.int(ds.count);
    ds.writeImage(i, values, k * ds.dim);
    labels[k] = ds.labels[i];
  }
  return { values, labels };
}

/** n labels uniform over the classes. */
export function randomLabels(rng: Rng, n: number, classes: number): Int32Array {
  return Int32Array.from({ length: n }, () => rng.int(classes));
}

/** The rows [x_i, one-hot(label_i)] of a row-major batch x of dimension `dim`, as float32 in `layout`. */
export function withOneHot(values: ArrayLike<number>, labels: Int32Array, dim: number, classes: number, layout: BatchLayout): tf.Tensor2D {
  const n = labels.length;
  const width = dim + classes;
  const rows = new Float32Array(n * width);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < dim; j++) rows[i * width + j] = values[i * dim + j];
    rows[i * width + dim + labels[i]] = 1;
  }
  return batchFromRows(rows, n, width, layout);
}

/** One-hot rows [n, classes] in `layout`. */
export function oneHotBatch(labels: Int32Array, classes: number, layout: BatchLayout): tf.Tensor2D {
  return withOneHot([], labels, 0, classes, layout);
}
