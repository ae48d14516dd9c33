/**
 * How a batch of activations is laid out in a 2-D tensor during training (see mlp.ts):
 * - `batch-major`: one row per sample, [n, k] (TF.js's usual layout);
 * - `feature-major`: one row per unit, [k, n] (the transpose).
 *
 * Which is faster depends on sizes. The wasm backend's matrix product repacks its right operand at
 * ~9 ns per value whenever that operand is a tensor it has not seen; batch-major passes put the
 * weights there (repacked once per update), feature-major passes put activations there. So
 * feature-major wins when the weights outnumber a pass's activations (large layers, small batches:
 * the mnist-mlp preset), batch-major otherwise (the 2-D toy networks with batch 256).
 * Where products with transposed operands cost nothing and nothing is repacked (the native engine,
 * see `transposedProductsFast` in ../ops/fused-kernels.ts), batch-major always wins: its forward products carry the
 * bias and activation, and no pass needs a transpose (mnist-mlp on native: 65 steps/s batch-major,
 * 37–44 feature-major; toy2d 236 / 182).
 */
import * as tf from '@tensorflow/tfjs-core';
import { transposedProductsFast } from '../ops/fused-kernels.js';

export type BatchLayout = 'batch-major' | 'feature-major';

/**
 * The layout for training networks with these layer sizes (input, hidden…, output) on batches of n:
 * batch-major on a backend with fast transposed products, else feature-major iff the weights outnumber
 * the activations of one pass through every network.
 */
export function chooseBatchLayout(networks: readonly (readonly number[])[], n: number): BatchLayout {
  if (transposedProductsFast()) return 'batch-major';
  let weights = 0;
  let activations = 0;
  for (const sizes of networks) {
    for (let i = 0; i + 1 < sizes.length; i++) weights += sizes[i] * sizes[i + 1];
    activations += n * sizes.reduce((s, k) => s + k, 0);
  }
  return weights > activations ? 'feature-major' : 'batch-major';
}

/** A batch from row-major values (sample i = values[i·dim … i·dim + dim − 1]) as float32, in `layout`. */
export function batchFromRows(values: ArrayLike<number>, n: number, dim: number, layout: BatchLayout): tf.Tensor2D {
  if (layout === 'batch-major') return tf.tensor2d(Float32Array.from(values), [n, dim]);
  const out = new Float32Array(n * dim);
  for (let r = 0; r < n; r++) for (let c = 0; c < dim; c++) out[c * n + r] = values[r * dim + c];
  return tf.tensor2d(out, [dim, n]);
}

/** The samples of a followed by those of b. */
export function concatBatches(a: tf.Tensor2D, b: tf.Tensor2D, layout: BatchLayout): tf.Tensor2D {
  return tf.concat([a, b], layout === 'batch-major' ? 0 : 1);
}

/** Samples start … start + size − 1 of a batch. */
export function sliceBatch(t: tf.Tensor2D, start: number, size: number, layout: BatchLayout): tf.Tensor2D {
  return layout === 'batch-major' ? tf.slice(t, [start, 0], [size, t.shape[1]]) : tf.slice(t, [0, start], [t.shape[0], size]);
}
