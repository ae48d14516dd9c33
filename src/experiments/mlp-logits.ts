/**
 * A network's outputs at many points, in large batches through TF.js (whatever backend the host
 * picked), as float64 — the bridge from a trained `Mlp` to the theory module's plain functions.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Mlp } from '../models/mlp.js';
import type { BatchLogits } from './logit-grid.js';

/**
 * x ↦ the network's first output at row-major points of dimension `mlp.shape.inputDim`, evaluated
 * `batchSize` points at a time (float32 inside TF.js, returned as float64). For a discriminator
 * with a linear output these are its logits a(x) = logit D(x) ∈ (−∞, ∞) (E2: compute from logits).
 * Domain: points.length a multiple of the input dimension. Allocates no lasting tensors.
 * Deviation: float32 inside TF.js (relative error ~1e-7), as in training.
 */
export function mlpLogits(mlp: Mlp, batchSize = 16384): BatchLogits {
  const dim = mlp.shape.inputDim;
  const outDim = mlp.shape.outputDim;
  return (points: Float64Array): Float64Array => {
    if (points.length % dim !== 0) throw new RangeError(`${points.length} coordinates are not a multiple of the input dimension ${dim}`);
    const n = points.length / dim;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i += batchSize) {
      const m = Math.min(batchSize, n - i);
      const t = tf.tidy(() => {
        const x = tf.tensor2d(Float32Array.from(points.subarray(i * dim, (i + m) * dim)), [m, dim]);
        const y = mlp.forward(x);
        return outDim === 1 ? y : tf.slice(y, [0, 0], [m, 1]);
      });
      out.set(t.dataSync(), i);
      t.dispose();
    }
    return out;
  };
}
