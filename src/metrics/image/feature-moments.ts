/**
 * The mean and covariance of a set of feature vectors, in float64: the Gaussian summary that the
 * Fréchet distance compares.
 */

/** Mean μ (length d) and covariance Σ (d × d, row-major) of n feature vectors. */
export interface FeatureMoments {
  readonly dim: number;
  readonly count: number;
  readonly mean: Float64Array;
  readonly covariance: Float64Array;
}

/**
 * μ = (1/n) Σ_i f_i and the unbiased covariance Σ = (1/(n − 1)) Σ_i (f_i − μ)(f_i − μ)ᵀ (as
 * numpy.cov, which the FID code of Heusel et al. uses) of n ≥ 2 row-major vectors of dimension d.
 */
export function featureMoments(features: ArrayLike<number>, dim: number): FeatureMoments {
  const n = features.length / dim;
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`featureMoments needs at least 2 vectors of dimension ${dim}, got ${features.length} values`);
  const mean = new Float64Array(dim);
  for (let i = 0; i < n; i++) for (let j = 0; j < dim; j++) mean[j] += features[i * dim + j];
  for (let j = 0; j < dim; j++) mean[j] /= n;
  const cov = new Float64Array(dim * dim);
  const centred = new Float64Array(dim);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < dim; j++) centred[j] = features[i * dim + j] - mean[j];
    for (let j = 0; j < dim; j++) {
      const cj = centred[j];
      if (cj === 0) continue;
      const row = j * dim;
      for (let k = j; k < dim; k++) cov[row + k] += cj * centred[k];
    }
  }
  for (let j = 0; j < dim; j++) {
    for (let k = j; k < dim; k++) {
      const c = cov[j * dim + k] / (n - 1);
      cov[j * dim + k] = c;
      cov[k * dim + j] = c;
    }
  }
  return { dim, count: n, mean, covariance: cov };
}
