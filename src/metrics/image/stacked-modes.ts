/**
 * The Stacked MNIST mode metrics (VEEGAN, Srivastava et al. 2017, §5; PacGAN, Lin et al. 2018, §5.2):
 * label each sample's three channels with the MNIST classifier, count the modes (digit triples, of
 * 1,000) that at least one sample falls in, and the KL divergence of the samples' mode histogram from
 * the uniform distribution over the 1,000 modes — and, as VEEGAN reports, from the training set's own
 * mode histogram.
 */

/** Modes of Stacked MNIST. */
const MODES = 1000;

export interface StackedModeMetrics {
  readonly samples: number;
  /** Modes with at least one sample, of 1,000. */
  readonly modes: number;
  /** KL(p ‖ uniform) = Σ_m p_m log(1000 · p_m), nats: 0 for a uniform spread, log 1000 = 6.91 for one mode. */
  readonly klUniform: number;
  /** KL(p ‖ q) with q the training labels' histogram (VEEGAN's measure); Infinity if a sampled mode has no training image. */
  readonly klTraining?: number;
}

/** The histogram (fractions, 1,000 entries) of mode labels 0 … 999. */
export function modeHistogram(labels: ArrayLike<number>): Float64Array {
  if (labels.length < 1) throw new RangeError('a mode histogram needs at least one label');
  const h = new Float64Array(MODES);
  for (let i = 0; i < labels.length; i++) {
    const m = labels[i];
    if (!Number.isInteger(m) || m < 0 || m >= MODES) throw new RangeError(`mode ${m} is not in 0…${MODES - 1}`);
    h[m] += 1 / labels.length;
  }
  return h;
}

/** KL(p ‖ q) = Σ p_m log(p_m / q_m) over the modes with p_m > 0, nats (Infinity where q_m = 0 < p_m). */
function kl(p: Float64Array, q: (m: number) => number): number {
  let s = 0;
  for (let m = 0; m < MODES; m++) if (p[m] > 0) s += p[m] * Math.log(p[m] / q(m));
  return Math.max(0, s);
}

/**
 * The mode metrics of samples whose modes are `labels` (100·d₁ + 10·d₂ + d₃ from the classifier's
 * digits of each channel: data/stacked-mnist.ts stackedLabels), and KL to the training labels when
 * `trainingLabels` is given.
 */
export function stackedModeMetrics(labels: ArrayLike<number>, trainingLabels?: ArrayLike<number>): StackedModeMetrics {
  const p = modeHistogram(labels);
  const modes = p.reduce((n, v) => n + (v > 0 ? 1 : 0), 0);
  const q = trainingLabels === undefined ? undefined : modeHistogram(trainingLabels);
  return {
    samples: labels.length,
    modes,
    klUniform: kl(p, () => 1 / MODES),
    ...(q === undefined ? {} : { klTraining: kl(p, (m) => q[m]) }),
  };
}

/** A published Stacked MNIST result (1,000 modes; 26,000 samples unless said). */
export interface PublishedStackedRow {
  readonly method: string;
  readonly modes: number;
  readonly klUniform: number;
  readonly source: string;
}

/** The rows tsgan reports beside its own, as the papers report them (modes of 1,000, KL to uniform). */
export const PUBLISHED_STACKED_MNIST: readonly PublishedStackedRow[] = [
  { method: 'DCGAN', modes: 99, klUniform: 3.4, source: 'Lin et al. 2018 (PacGAN)' },
  { method: 'WGAN-GP', modes: 959, klUniform: 0.73, source: 'Dieng et al. 2019 (PresGAN), a baseline' },
  { method: 'PacDCGAN2', modes: 992, klUniform: 0.28, source: 'Lin et al. 2018 (PacGAN)' },
  { method: 'PacDCGAN2 (VEEGAN setting)', modes: 1000, klUniform: 0.06, source: 'Lin et al. 2018 (PacGAN)' },
  { method: 'PresGAN', modes: 1000, klUniform: 0.12, source: 'Dieng et al. 2019 (PresGAN)' },
  { method: 'DDGAN', modes: 1000, klUniform: 0.071, source: 'Xiao et al. 2022 (DDGAN)' },
  { method: 'R3GAN', modes: 1000, klUniform: 0.029, source: 'Huang et al. 2024 (R3GAN; 8 GPUs, 7 hours)' },
];
