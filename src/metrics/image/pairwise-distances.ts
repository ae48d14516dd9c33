/**
 * Squared Euclidean distances between two sets of vectors, a block of rows at a time, through TF.js
 * matrix products: ‖a − b‖² = ‖a‖² + ‖b‖² − 2 a·b. The right set is transposed once, explicitly
 * (a transposed matMul is 10–25× slower on wasm, measured).
 */
import * as tf from '@tensorflow/tfjs-core';

/** A set of n vectors of dimension d prepared as the right-hand side of {@link squaredDistanceBlock}. */
export interface DistanceReference {
  readonly count: number;
  readonly dim: number;
  /** The vectors transposed, [d, n], float32. */
  readonly transposed: tf.Tensor2D;
  /** ‖b_j‖², [1, n]. */
  readonly norms: tf.Tensor2D;
  dispose(): void;
}

/** Prepares n row-major vectors of dimension `dim` (see {@link DistanceReference}); dispose it after use. */
export function distanceReference(vectors: ArrayLike<number>, dim: number): DistanceReference {
  const count = vectors.length / dim;
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`${vectors.length} values are not vectors of dimension ${dim}`);
  const [transposed, norms] = tf.tidy(() => {
    const b = tf.tensor2d(Float32Array.from(vectors), [count, dim]);
    return [tf.transpose(b), tf.reshape(tf.sum(tf.square(b), 1), [1, count])] as [tf.Tensor2D, tf.Tensor2D];
  });
  return { count, dim, transposed, norms, dispose: () => tf.dispose([transposed, norms]) };
}

/**
 * ‖a_i − b_j‖² for the rows start … start + size − 1 of the row-major `a` against every vector of
 * `ref`: a float32 tensor [size, ref.count], clamped at 0 (rounding can make the expansion slightly
 * negative for near-equal vectors). Float32 rounding: about 1e-7·(‖a‖² + ‖b‖²) absolute.
 */
export function squaredDistanceBlock(a: ArrayLike<number>, start: number, size: number, ref: DistanceReference): tf.Tensor2D {
  const d = ref.dim;
  const rows = new Float32Array(size * d);
  for (let i = 0; i < size * d; i++) rows[i] = a[start * d + i];
  return tf.tidy(() => {
    const x = tf.tensor2d(rows, [size, d]);
    const xn = tf.sum(tf.square(x), 1, true);
    return tf.relu(tf.add(tf.sub(xn, tf.mul(tf.matMul(x, ref.transposed), 2)), ref.norms)) as tf.Tensor2D;
  });
}
