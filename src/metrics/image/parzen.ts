/**
 * The Parzen-window log-likelihood of test data under a generator (Goodfellow et al. 2014,
 * "Generative adversarial nets", §5 and Table 1, following Breuleux, Bengio & Vincent 2011): fit a
 * Gaussian kernel density with bandwidth σ to m generated samples g_j and report the mean
 * log-density of the test images, with σ chosen by the same score on a validation set.
 *
 *   log p̂(x) = log (1/m) Σ_j N(x; g_j, σ² I) = logsumexp_j(−‖x − g_j‖²/(2σ²)) − log m − (d/2) log(2πσ²)
 *
 * Their MLP GAN scored 225 ± 2 nats on MNIST (pixels in [0, 1], 10,000 test images, 10,000
 * samples, σ from a grid on 10,000 held-out training images). The estimate is known to be poor in
 * high dimension (Theis, van den Oord & Bethge 2016); it is here to compare with that table.
 *
 * Numerics: squared distances come from a float32 matrix product (‖x‖² + ‖g‖² − 2x·g, error about
 * 1e-7 of ‖x‖² + ‖g‖²); the log-sum-exp is float64, over the samples within 46·2σ² of the nearest
 * one (the others weigh less than e^−46 ≈ 1e-20 of it, below float64 resolution). With `exact`,
 * the distances of the nearest of them (the 256 closest per test point, ties included) are
 * recomputed in float64 from the inputs, so the result is accurate to float64 rounding whenever
 * the kernel sum is dominated by them (it is for the σ chosen on MNIST).
 */
import * as tf from '@tensorflow/tfjs-core';
import { distanceReference, squaredDistanceBlock } from './pairwise-distances.js';

const BLOCK = 256;
const MAX_EXACT = 256;
/** e^−46 ≈ 1.1e-20: kernel terms smaller than this fraction of the largest are left out. */
const WINDOW_NATS = 46;

export interface ParzenOptions {
  /** Recompute the nearest samples' distances in float64 (see the file comment); default true. */
  readonly exact?: boolean;
}

/**
 * log p̂(x_i) (nats, see the file comment) of each row-major test vector x_i under the Parzen window
 * of the generated `samples` (same dimension `dim`, same value scale: pixels in [0, 1] for the
 * MNIST protocol), for every bandwidth σ > 0 in `sigmas`: one Float64Array per σ.
 */
export function parzenLogDensities(test: ArrayLike<number>, samples: ArrayLike<number>, dim: number, sigmas: readonly number[], options: ParzenOptions = {}): Float64Array[] {
  for (const s of sigmas) if (!(s > 0) || !Number.isFinite(s)) throw new RangeError(`Parzen bandwidths must be positive, got ${s}`);
  const n = test.length / dim;
  const ref = distanceReference(samples, dim);
  const m = ref.count;
  const exact = options.exact ?? true;
  const out = sigmas.map(() => new Float64Array(n));
  const candidates = new Int32Array(m);
  const exactD = new Float64Array(m);
  try {
    for (let s = 0; s < n; s += BLOCK) {
      const size = Math.min(BLOCK, n - s);
      const block = squaredDistanceBlock(test, s, size, ref);
      const d2 = block.dataSync() as Float32Array;
      block.dispose();
      for (let r = 0; r < size; r++) {
        const row = r * m;
        let minD = Infinity;
        for (let j = 0; j < m; j++) if (d2[row + j] < minD) minD = d2[row + j];
        sigmas.forEach((sigma, si) => {
          const h = 2 * sigma * sigma;
          const limit = minD + WINDOW_NATS * h;
          let count = 0;
          for (let j = 0; j < m; j++) if (d2[row + j] <= limit) candidates[count++] = j;
          for (let c = 0; c < count; c++) exactD[c] = d2[row + candidates[c]];
          if (exact) {
            // The MAX_EXACT nearest candidates (all when there are fewer), by a native numeric sort.
            const cutoff = count > MAX_EXACT ? Float64Array.from(exactD.subarray(0, count)).sort()[MAX_EXACT - 1] : Infinity;
            const x0 = (s + r) * dim;
            for (let c = 0; c < count; c++) {
              if (exactD[c] > cutoff) continue;
              const g0 = candidates[c] * dim;
              let acc = 0;
              for (let k = 0; k < dim; k++) {
                const diff = test[x0 + k] - samples[g0 + k];
                acc += diff * diff;
              }
              exactD[c] = acc;
            }
          }
          let best = Infinity;
          for (let c = 0; c < count; c++) if (exactD[c] < best) best = exactD[c];
          let sum = 0;
          for (let c = 0; c < count; c++) sum += Math.exp(-(exactD[c] - best) / h);
          out[si][s + r] = -best / h + Math.log(sum) - Math.log(m) - (dim / 2) * Math.log(Math.PI * h);
        });
      }
    }
  } finally {
    ref.dispose();
  }
  return out;
}

/** Mean and standard error (sample standard deviation / √n) of n ≥ 2 values. */
export function meanAndStandardError(values: ArrayLike<number>): { mean: number; standardError: number } {
  const n = values.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i];
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i] - mean) ** 2;
  return { mean, standardError: n > 1 ? Math.sqrt(ss / (n - 1) / n) : NaN };
}

/** σ grid of Goodfellow et al.'s code (adversarial/parzen_ll.py): 10 values log-spaced from 0.1 to 1. */
export const PARZEN_SIGMA_GRID: readonly number[] = Array.from({ length: 10 }, (_, i) => 10 ** (-1 + i / 9));

export interface ParzenResult {
  /** Mean log p̂ over the test vectors (nats) and its standard error. */
  readonly mean: number;
  readonly standardError: number;
  /** The bandwidth chosen on the validation set. */
  readonly sigma: number;
  /** Mean validation log-likelihood per σ of the grid. */
  readonly validation: { sigma: number; mean: number }[];
  readonly testCount: number;
  readonly sampleCount: number;
}

/**
 * The protocol of Goodfellow et al. 2014 (see the file comment): choose σ in `sigmas` maximizing the
 * mean log p̂ of the `validation` vectors (float32 distances, float64 sums), then report the mean
 * log p̂ of the `test` vectors ± its standard error at that σ (with float64 distances for the
 * nearest samples). All arguments row-major with dimension `dim`, on one value scale.
 */
export function parzenLogLikelihood(test: ArrayLike<number>, validation: ArrayLike<number>, samples: ArrayLike<number>, dim: number, sigmas: readonly number[] = PARZEN_SIGMA_GRID): ParzenResult {
  const scores = parzenLogDensities(validation, samples, dim, sigmas, { exact: false }).map((ll, i) => ({ sigma: sigmas[i], mean: meanAndStandardError(ll).mean }));
  const best = scores.reduce((a, b) => (b.mean > a.mean ? b : a));
  const [ll] = parzenLogDensities(test, samples, dim, [best.sigma], { exact: true });
  return { ...meanAndStandardError(ll), sigma: best.sigma, validation: scores, testCount: test.length / dim, sampleCount: samples.length / dim };
}
