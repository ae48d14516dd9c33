/**
 * Mode-collapse metrics for mixtures of isotropic Gaussians (the 2-D ring and grid).
 *
 * The protocol of Srivastava et al., "VEEGAN: Reducing mode collapse in GANs using implicit
 * variational learning", NeurIPS 2017, §5.1, and Lin et al., "PacGAN: The power of two samples in
 * generative adversarial networks", NeurIPS 2018, §5.1.
 */
import type { GaussianMode } from '../data/distribution.js';

/** The PacGAN / VEEGAN mode metrics of a set of generated samples. */
export interface ModeMetrics {
  /** Number of modes that are the nearest mode of at least one high-quality sample. */
  readonly modesCaptured: number;
  /** Number of modes of the true distribution. */
  readonly totalModes: number;
  /** Fraction of samples within stdMultiple·std of their nearest mode, in [0, 1]. */
  readonly highQualityFraction: number;
  /** KL(generated mode histogram ‖ true mode weights) in nats, ≥ 0; Infinity if no sample is high quality. */
  readonly reverseKL: number;
  /** Per mode (in the order of `modes`), the number of high-quality samples whose nearest mode it is. */
  readonly modeCounts: number[];
}

/**
 * The PacGAN / VEEGAN mode metrics (Srivastava et al. 2017; Lin et al. 2018).
 *
 * Each sample is assigned its nearest mode centre (Euclidean; ties go to the first mode). It is
 * *high quality* if its distance to that centre is ≤ stdMultiple·std of that mode. With nₖ the
 * number of high-quality samples assigned to mode k and N = Σ nₖ:
 * - modesCaptured = #{k : nₖ ≥ 1};
 * - highQualityFraction = N / (number of samples);
 * - reverseKL = Σₖ qₖ log(qₖ / pₖ), qₖ = nₖ/N, pₖ = the mode weights normalized to sum to 1, with
 *   0·log 0 = 0 (the "reverse" KL: generated histogram first). It is 0 iff the high-quality samples
 *   split across modes exactly in proportion to the weights, and +Infinity when a mode of weight 0
 *   gets samples.
 * When N = 0 (no high-quality sample, or no samples at all) the histogram q is undefined and
 * reverseKL is reported as +Infinity (the worst value), highQualityFraction as 0.
 *
 * Deviation: some papers count a mode as captured only above a minimum number of samples; here one
 * high-quality sample suffices.
 *
 * samples: row-major, length a multiple of dim (possibly 0); dim: positive integer; modes: at least
 * one, each centre of length dim, std > 0, weights ≥ 0 with a positive sum; options.stdMultiple > 0
 * (default 3). Throws RangeError on invalid arguments.
 */
export function modeMetrics(
  samples: Float64Array,
  dim: number,
  modes: readonly GaussianMode[],
  options: { readonly stdMultiple?: number } = {},
): ModeMetrics {
  const stdMultiple = options.stdMultiple ?? 3;
  if (!Number.isInteger(dim) || dim < 1) throw new RangeError(`dim must be a positive integer, got ${dim}`);
  if (samples.length % dim !== 0) throw new RangeError(`samples.length ${samples.length} is not a multiple of dim ${dim}`);
  if (modes.length === 0) throw new RangeError('modeMetrics needs at least one mode');
  if (!(stdMultiple > 0)) throw new RangeError(`stdMultiple must be > 0, got ${stdMultiple}`);
  const totalWeight = modes.reduce((s, m) => s + m.weight, 0);
  modes.forEach((m, k) => {
    if (m.center.length !== dim) throw new RangeError(`mode ${k} has a centre of length ${m.center.length}, expected ${dim}`);
    if (!(m.std > 0)) throw new RangeError(`mode ${k} has std ${m.std}; it must be > 0`);
    if (!(m.weight >= 0)) throw new RangeError(`mode ${k} has weight ${m.weight}; it must be ≥ 0`);
  });
  if (!(totalWeight > 0)) throw new RangeError('the mode weights must have a positive sum');

  const K = modes.length;
  const n = samples.length / dim;
  const modeCounts = new Array<number>(K).fill(0);
  let highQuality = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestSq = Infinity;
    for (let k = 0; k < K; k++) {
      const c = modes[k].center;
      let sq = 0;
      for (let j = 0; j < dim; j++) {
        const d = samples[i * dim + j] - c[j];
        sq += d * d;
      }
      if (sq < bestSq) {
        bestSq = sq;
        best = k;
      }
    }
    const radius = stdMultiple * modes[best].std;
    if (bestSq <= radius * radius) {
      modeCounts[best]++;
      highQuality++;
    }
  }

  let reverseKL = Infinity;
  if (highQuality > 0) {
    reverseKL = 0;
    for (let k = 0; k < K; k++) {
      if (modeCounts[k] === 0) continue; // 0·log 0 = 0
      const q = modeCounts[k] / highQuality;
      const p = modes[k].weight / totalWeight;
      reverseKL += q * Math.log(q / p);
    }
    // Rounding can leave a tiny negative value for a perfectly balanced histogram.
    reverseKL = Math.max(0, reverseKL);
  }

  return {
    modesCaptured: modeCounts.filter((c) => c > 0).length,
    totalModes: K,
    highQualityFraction: n === 0 ? 0 : highQuality / n,
    reverseKL,
    modeCounts,
  };
}
