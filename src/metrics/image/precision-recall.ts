/**
 * Improved precision and recall of a generator in feature space (Kynkäänniemi, Karras, Laine,
 * Lehtinen & Aila 2019, "Improved precision and recall metric for assessing generative models",
 * arXiv 1904.06991). Each set's manifold is estimated as the union of balls around its vectors,
 * each ball reaching to that vector's k-th nearest neighbour in its own set (k = 3 in the paper).
 */
import * as tf from '@tensorflow/tfjs-core';
import { distanceReference, squaredDistanceBlock, type DistanceReference } from './pairwise-distances.js';

const BLOCK = 512;

/**
 * For each of the n vectors, the squared distance to its k-th nearest neighbour among the others
 * (duplicates count as neighbours at distance 0): the (k + 1)-th smallest squared distance to the
 * whole set, itself included. Needs n ≥ k + 1.
 */
export function kthNeighbourSquaredRadii(vectors: ArrayLike<number>, dim: number, k: number, ref?: DistanceReference): Float64Array {
  const own = ref ?? distanceReference(vectors, dim);
  const n = own.count;
  if (n < k + 1) throw new RangeError(`k-th neighbour radii need more than k = ${k} vectors, got ${n}`);
  const out = new Float64Array(n);
  for (let s = 0; s < n; s += BLOCK) {
    const size = Math.min(BLOCK, n - s);
    const kth = tf.tidy(() => {
      const { values } = tf.topk(tf.neg(squaredDistanceBlock(vectors, s, size, own)), k + 1);
      return tf.neg(tf.slice(values, [0, k], [size, 1]));
    });
    out.set(kth.dataSync(), s);
    kth.dispose();
  }
  if (ref === undefined) own.dispose();
  return out;
}

/** Fraction of the `query` vectors inside at least one ball ‖q − c_j‖² ≤ r_j² around the reference centres. */
function fractionInside(query: ArrayLike<number>, dim: number, centres: DistanceReference, squaredRadii: Float64Array): number {
  const n = query.length / dim;
  const radii = tf.tensor2d(Float32Array.from(squaredRadii), [1, squaredRadii.length]);
  let inside = 0;
  for (let s = 0; s < n; s += BLOCK) {
    const size = Math.min(BLOCK, n - s);
    const hit = tf.tidy(() => tf.any(tf.lessEqual(squaredDistanceBlock(query, s, size, centres), radii), 1));
    const h = hit.dataSync();
    for (let i = 0; i < size; i++) inside += h[i];
    hit.dispose();
  }
  radii.dispose();
  return inside / n;
}

export interface PrecisionRecall {
  /** Fraction of generated vectors inside the real manifold, in [0, 1]: how realistic the samples are. */
  readonly precision: number;
  /** Fraction of real vectors inside the generated manifold, in [0, 1]: how much of the data is covered. */
  readonly recall: number;
  readonly k: number;
}

/**
 * Improved precision and recall (see the file comment) of generated feature vectors `fake` against
 * real ones `real` (row-major, dimension `dim`, each set with more than k vectors):
 *   precision = (1/|G|) Σ_{g∈G} 1[∃ r ∈ R: ‖g − r‖ ≤ NN_k(r, R)],
 *   recall    = (1/|R|) Σ_{r∈R} 1[∃ g ∈ G: ‖r − g‖ ≤ NN_k(g, G)].
 * Distances in float32 (TF.js), blocks of 512 rows. Deviation: the paper uses 50,000 vectors per
 * set and VGG-16 features; here the set sizes are the caller's and the features the classifier's.
 * `realSquaredRadii` may pass the real set's {@link kthNeighbourSquaredRadii} when they are known.
 */
export function precisionRecall(real: ArrayLike<number>, fake: ArrayLike<number>, dim: number, k = 3, realSquaredRadii?: Float64Array): PrecisionRecall {
  const realRef = distanceReference(real, dim);
  const fakeRef = distanceReference(fake, dim);
  try {
    const realRadii = realSquaredRadii ?? kthNeighbourSquaredRadii(real, dim, k, realRef);
    const fakeRadii = kthNeighbourSquaredRadii(fake, dim, k, fakeRef);
    return { precision: fractionInside(fake, dim, realRef, realRadii), recall: fractionInside(real, dim, fakeRef, fakeRadii), k };
  } finally {
    realRef.dispose();
    fakeRef.dispose();
  }
}
