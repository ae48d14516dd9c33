/**
 * Evaluation of a generator's samples against the data, as recorded in metrics.jsonl.
 *
 * - Mixtures of Gaussians (ring8, grid25, …): the PacGAN protocol (modes captured, % high quality,
 *   reverse KL of the mode histogram), see ./modes.ts.
 * - 1-D data: W1(P_r, P_g) estimated exactly between the generated samples and 20,000 fresh data
 *   samples (the 1-D W1 between empirical distributions, THEORY E8).
 * - 2-D data: exact W1 (optimal matching) between 500 generated and 500 data samples: an estimate
 *   with sampling bias (it is biased upward at this size), comparable across steps of one run.
 */
import type { Dataset } from '../data/distribution.js';
import { hasDensity } from '../data/distribution.js';
import type { Rng } from '../random/rng.js';
import { wasserstein1DSamples, wassersteinExactSamples } from '../theory/index.js';
import { modeMetrics, type ModeMetrics } from './modes.js';

/** An evaluation of generated samples at a training step (a line of metrics.jsonl, `type: 'eval'`). */
export interface EvalRecord {
  readonly type: 'eval';
  readonly step: number;
  /** Number of generated samples evaluated. */
  readonly samples: number;
  /** PacGAN mode metrics, when the data is a mixture of isotropic Gaussians. */
  readonly modes?: ModeMetrics;
  /**
   * With `modes`: the high-quality share of as many fresh data samples — what a perfect generator scores
   * (≈ 98.9 % for 2-D Gaussian modes, 99.7 % in 1-D). A generator above it lacks the data's tails.
   */
  readonly dataHighQualityFraction?: number;
  /** W1 between data and generator (see `w1Method`). */
  readonly w1?: number;
  readonly w1Method?: string;
  /** Per-coordinate mean and standard deviation of the generated samples. */
  readonly fakeMean: number[];
  readonly fakeStd: number[];
}

/** Per-coordinate mean and standard deviation of row-major samples. */
export function moments(x: Float64Array, dim: number): { mean: number[]; std: number[] } {
  const n = x.length / dim;
  const mean = new Array(dim).fill(0);
  const sq = new Array(dim).fill(0);
  for (let i = 0; i < x.length; i++) mean[i % dim] += x[i] / n;
  for (let i = 0; i < x.length; i++) sq[i % dim] += (x[i] - mean[i % dim]) ** 2 / n;
  return { mean, std: sq.map(Math.sqrt) };
}

/** Evaluates generated samples `fake` (row-major, dimension `dataset.dim`) at `step`; `rng` draws data samples. */
export function evaluateSamples(dataset: Dataset, fake: Float64Array, step: number, rng: Rng): EvalRecord {
  const dim = dataset.dim;
  const n = fake.length / dim;
  const m = moments(fake, dim);
  const modes = hasDensity(dataset) && dataset.modes !== undefined ? modeMetrics(fake, dim, dataset.modes) : undefined;
  let w1: number | undefined;
  let w1Method: string | undefined;
  if (dim === 1) {
    w1 = wasserstein1DSamples(fake, dataset.sample(rng, 20000));
    w1Method = `1-D exact between ${n} generated and 20000 data samples`;
  } else if (dim === 2) {
    const k = Math.min(500, n);
    w1 = wassersteinExactSamples(fake.subarray(0, k * 2), dataset.sample(rng, k), 2);
    w1Method = `exact matching, ${k} vs ${k} samples`;
  }
  // Drawn after W1's data, so W1 is the same with or without this reference.
  const dataHighQualityFraction = modes !== undefined && hasDensity(dataset) && dataset.modes !== undefined ? modeMetrics(dataset.sample(rng, n), dim, dataset.modes).highQualityFraction : undefined;
  return { type: 'eval', step, samples: n, modes, ...(dataHighQualityFraction === undefined ? {} : { dataHighQualityFraction }), w1, w1Method, fakeMean: m.mean, fakeStd: m.std };
}
