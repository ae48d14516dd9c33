/**
 * E8 on real critics: a WGAN critic trained against a fixed generator (its initialization, as at the
 * start of WGAN training), with each way of keeping it Lipschitz, and its estimate E_r f − E_g f set
 * beside the exact W1 between the two samples.
 */
import type { Distribution } from '../data/distribution.js';
import { createRng, deriveSeed } from '../random/rng.js';
import { wasserstein1DSamples, wassersteinExactSamples } from '../theory/index.js';
import { resolveConfig, type TrainConfigInput } from '../training/config.js';
import { GanTrainer } from '../training/trainer.js';
import { criticAtSamples } from './critic-estimate.js';

/** The three constraints of the WGAN family (E8, E9) with the settings compared. */
export const CRITIC_CONSTRAINTS = {
  clipping: { label: 'weight clipping, c = 0.01 (WGAN)', config: { clipValue: 0.01 } },
  'gradient-penalty': { label: 'gradient penalty, λ = 10 (WGAN-GP)', config: { gradientPenaltyWeight: 10 } },
  'spectral-norm': { label: 'spectral normalization (SN)', config: { discriminator: { hidden: [64, 64], spectralNorm: true } } },
} as const satisfies Record<string, { label: string; config: TrainConfigInput }>;
export type CriticConstraint = keyof typeof CRITIC_CONSTRAINTS;

/** Options of {@link criticVersusW1}. */
export interface CriticVersusW1Options {
  /** Critic updates (default 800). */
  readonly steps?: number;
  /** Samples of each side for the measurement (default 20,000 in 1-D, 1,000 in 2-D where W1 is an O(n³) matching). */
  readonly samples?: number;
  readonly seed?: number;
}

/** One constraint's result. */
export interface CriticVersusW1Row {
  readonly constraint: CriticConstraint;
  readonly label: string;
  /** Exact W1 between the measured generated and data samples (1-D: sorted samples; 2-D: optimal matching). */
  readonly w1: number;
  /** E_r f − E_g f on the same samples. */
  readonly criticEstimate: number;
  /** max ‖∇ₓf‖ over real, fake and interpolated points: K̂ ≤ K. */
  readonly lipschitzEstimate: number;
}

/**
 * Trains a WGAN critic (2→64→64→1 ReLU MLP, Adam 1e-3, β = (0.5, 0.9), batch 256) for `steps`
 * updates against the fixed initial generator of a 1-noise-dimension 16-unit MLP, under `constraint`,
 * and measures it (experiments/critic-estimate.ts). By Kantorovich–Rubinstein (E8) a K-Lipschitz f
 * has E_r f − E_g f ≤ K·W1, with equality at the best f: spectral normalization (K ≤ 1) reaches W1
 * from below, the penalty (soft K ≈ 1) lands near W1, clipping (tiny K) gives K·W1.
 * Domain: `data` 1-D or 2-D; steps ≥ 1.
 */
export function criticVersusW1(data: Distribution, constraint: CriticConstraint, options: CriticVersusW1Options = {}): CriticVersusW1Row {
  const dim = data.dim;
  if (dim !== 1 && dim !== 2) throw new RangeError(`criticVersusW1 needs 1-D or 2-D data, got ${dim}-D`);
  const steps = options.steps ?? 800;
  const n = options.samples ?? (dim === 1 ? 20000 : 1000);
  const seed = options.seed ?? 0;
  const c = CRITIC_CONSTRAINTS[constraint];
  const config = resolveConfig({
    loss: 'wgan',
    seed,
    noise: { dim: 1 },
    generator: { hidden: [16] },
    discriminator: { hidden: [64, 64] },
    batchSize: 256,
    optimizer: { discriminator: { name: 'adam', learningRate: 1e-3, beta1: 0.5, beta2: 0.9 } },
    ...c.config,
  });
  const trainer = new GanTrainer(config, data);
  try {
    for (let i = 0; i < steps; i++) trainer.discriminatorStep();
    const fake = trainer.sample(n, createRng(deriveSeed(seed, 'critic-vs-w1:fake')));
    const real = data.sample(createRng(deriveSeed(seed, 'critic-vs-w1:real')), n);
    const w1 = dim === 1 ? wasserstein1DSamples(fake, real) : wassersteinExactSamples(fake, real, dim);
    return { constraint, label: c.label, w1, ...criticAtSamples(trainer.discriminator, real, fake, dim) };
  } finally {
    trainer.dispose();
  }
}
