/**
 * The Fréchet distance between two sets of feature vectors, each summarized by a Gaussian
 * (Heusel et al. 2017, "GANs trained by a two time-scale update rule converge to a local Nash
 * equilibrium", arXiv 1706.08500; the FID when the features are Inception-v3's pool3).
 */
import type { FeatureMoments } from './feature-moments.js';
import { symmetricEigen, symmetricSqrt } from './symmetric-eigen.js';

/** n × n matrix product of row-major a and b (float64). */
function matMul(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      const aik = a[i * n + k];
      if (aik === 0) continue;
      for (let j = 0; j < n; j++) out[i * n + j] += aik * b[k * n + j];
    }
  }
  return out;
}

/**
 * FD = ‖μ1 − μ2‖² + tr Σ1 + tr Σ2 − 2 tr (Σ1^{1/2} Σ2 Σ1^{1/2})^{1/2}, the squared 2-Wasserstein
 * distance between N(μ1, Σ1) and N(μ2, Σ2) (≥ 0; 0 iff the moments agree; in squared feature
 * units). Both moment sets must have the same dimension.
 *
 * tr (Σ1^{1/2} Σ2 Σ1^{1/2})^{1/2} equals tr (Σ1 Σ2)^{1/2}, the form of the reference code (scipy
 * `sqrtm` of the non-symmetric Σ1Σ2); here both square roots are of symmetric PSD matrices, by
 * Jacobi eigendecompositions in float64, so no complex parts or ε-regularization are needed.
 * Deviation: none in the formula; the features are this project's MNIST classifier's, so values
 * are not comparable with Inception-based FIDs in papers.
 */
export function frechetDistance(a: FeatureMoments, b: FeatureMoments): number {
  const n = a.dim;
  if (b.dim !== n) throw new RangeError(`frechetDistance: feature dimensions differ (${a.dim} and ${b.dim})`);
  let meanTerm = 0;
  let traces = 0;
  for (let i = 0; i < n; i++) {
    meanTerm += (a.mean[i] - b.mean[i]) ** 2;
    traces += a.covariance[i * n + i] + b.covariance[i * n + i];
  }
  const s1 = symmetricSqrt(a.covariance, n);
  const m = matMul(matMul(s1, b.covariance, n), s1, n);
  // Symmetrize away rounding before the eigendecomposition.
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
    const v = (m[i * n + j] + m[j * n + i]) / 2;
    m[i * n + j] = v;
    m[j * n + i] = v;
  }
  let traceRoot = 0;
  for (const l of symmetricEigen(m, n).values) traceRoot += Math.sqrt(Math.max(l, 0));
  return Math.max(meanTerm + traces - 2 * traceRoot, 0);
}
