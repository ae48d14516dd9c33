/**
 * Drawing samples from a trained generator and reading the discriminator at points: what snapshots,
 * plots, `tsgan sample` and the web lab use (./trainer.ts delegates to these). Batch-major throughout;
 * a conditional GAN's samples cycle through the classes (sample i has class i mod classes).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dataset } from '../data/distribution.js';
import type { Network } from '../models/network.js';
import type { Rng } from '../random/rng.js';
import type { TrainConfig } from './config.js';
import { oneHotBatch, type LabeledData } from './labels.js';
import { sampleNoise } from './noise.js';

/** What sampling needs of a trainer. */
export interface SamplingSource {
  readonly config: TrainConfig;
  readonly dataset: Dataset;
  readonly labeled?: LabeledData;
}

/** The classes of samples offset … offset + m − 1 of a conditional GAN's samples: sample i has class i mod `classes`. */
export function cyclicLabels(offset: number, m: number, classes: number): Int32Array {
  return Int32Array.from({ length: m }, (_, j) => (offset + j) % classes);
}

/** G's input for samples offset … offset + m − 1: noise from `rng` (times `temperature`, ./noise.ts); conditional: sample i has label i mod classes. */
function sampleInput(s: SamplingSource, rng: Rng, m: number, offset: number, temperature: number): tf.Tensor2D {
  const z = sampleNoise(rng, m, s.config.noise.dim, s.config.noise.prior, temperature);
  if (s.labeled === undefined) return z;
  const classes = s.labeled.classes;
  return tf.concat([z, oneHotBatch(cyclicLabels(offset, m, classes), classes, 'batch-major')], 1);
}

/**
 * n samples of `generator`, row-major float64, noise from `rng` multiplied by `temperature` (default 1:
 * samples of p_g; ./noise.ts), drawn `capabilities.sampleChunk` rows at a time.
 */
export function drawSamples(s: SamplingSource, generator: Network, n: number, rng: Rng, temperature = 1): Float64Array {
  const out = new Float64Array(n * s.dataset.dim);
  const chunk = generator.capabilities.sampleChunk;
  for (let i = 0; i < n; i += chunk) {
    const m = Math.min(chunk, n - i);
    const t = tf.tidy(() => generator.forward(sampleInput(s, rng, m, i, temperature)));
    out.set(t.dataSync(), i * s.dataset.dim);
    t.dispose();
  }
  return out;
}

/** `generator`(z) for noise rows z; conditional: each row's class from `labels` (default: row i has class i mod classes). */
export function generateFrom(s: SamplingSource, generator: Network, z: tf.Tensor2D, labels?: Int32Array): tf.Tensor2D {
  return tf.tidy(() => {
    if (s.labeled === undefined) return generator.forward(z);
    const classes = s.labeled.classes;
    const l = labels ?? cyclicLabels(0, z.shape[0], classes);
    return generator.forward(tf.concat([z, oneHotBatch(l, classes, 'batch-major')], 1) as tf.Tensor2D);
  });
}

/** `discriminator`'s logits on `points` read as inputs of `width` values each (row-major, float64 out). */
function logitsOfRows(discriminator: Network, points: Float64Array, width: number): Float64Array {
  const t = tf.tidy(() => discriminator.forward(tf.tensor2d(Float32Array.from(points), [points.length / width, width])));
  const out = Float64Array.from(t.dataSync());
  t.dispose();
  return out;
}

/** `discriminator`'s logits at row-major points of dimension `dataset.dim` (float64 out): unconditional, unpacked D only. */
export function logitsAt(s: SamplingSource, discriminator: Network, points: Float64Array): Float64Array {
  if (s.labeled !== undefined) throw new RangeError("a conditional discriminator's logits need labels: discriminatorLogits is for unconditional GANs");
  if (s.config.pack > 1) throw new RangeError(`a packed discriminator (pack ${s.config.pack}) judges ${s.config.pack} points at once: D(x) of one point does not exist`);
  return logitsOfRows(discriminator, points, s.dataset.dim);
}

/**
 * A packed discriminator's logits (PacGAN, config.pack = m): `points` holds k·m points, row-major, and
 * each m consecutive points are one input row [x₁, …, x_m] (the layout the training batches pack);
 * returns the k logits. For m = 1 the same as {@link logitsAt}. Throws a RangeError when the points are
 * not whole packs.
 */
export function packedLogitsAt(s: SamplingSource, discriminator: Network, points: Float64Array): Float64Array {
  if (s.labeled !== undefined) throw new RangeError("a conditional discriminator's logits need labels: packedDiscriminatorLogits is for unconditional GANs");
  const m = s.config.pack;
  const n = points.length / s.dataset.dim;
  if (!Number.isInteger(n) || n % m !== 0) throw new RangeError(`a packed discriminator (pack ${m}) judges ${m} points at once: ${n} points are not whole packs`);
  return logitsOfRows(discriminator, points, m * s.dataset.dim);
}
