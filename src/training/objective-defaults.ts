/**
 * The papers' settings for the Wasserstein objectives, applied when a user picks `wgan` and leaves
 * them out: over a data set's recipe (./recipes.ts), under everything the user sets. Each sets
 * `r1Gamma: 0`: a critic has its paper's constraint only, not the R1 penalty of a recipe's GAN
 * (grid25's); `--r1` still adds it.
 */
import type { TrainConfigInput } from './config.js';

/** What the user chose about the critic's constraint (undefined = not set). */
export interface CriticChoice {
  readonly gradientPenaltyWeight?: number;
  readonly spectralNorm?: boolean;
  readonly clipValue?: number;
}

/** One objective's paper settings: where they come from, and the config fields they set. */
export interface ObjectiveDefaults {
  readonly description: string;
  readonly config: TrainConfigInput;
}

/** WGAN, Arjovsky, Chintala & Bottou 2017, Algorithm 1: c = 0.01, RMSProp lr 5e-5, k = 5. */
export const WGAN_CLIPPING: ObjectiveDefaults = {
  description: 'WGAN (Arjovsky et al. 2017, Algorithm 1): clip 0.01, RMSProp lr 5e-5, 5 critic steps',
  config: {
    clipValue: 0.01,
    r1Gamma: 0,
    dSteps: 5,
    optimizer: { generator: { name: 'rmsprop', learningRate: 5e-5 }, discriminator: { name: 'rmsprop', learningRate: 5e-5 } },
  },
};

/** WGAN-GP, Gulrajani et al. 2017, Algorithm 1: λ = 10, Adam lr 1e-4, β = (0.5, 0.9), k = 5. */
export const WGAN_GP: ObjectiveDefaults = {
  description: 'WGAN-GP (Gulrajani et al. 2017, Algorithm 1; β1 = 0.5 as in their toy code): λ 10, Adam lr 1e-4 β=(0.5, 0.9), 5 critic steps',
  config: {
    gradientPenaltyWeight: 10,
    r1Gamma: 0,
    dSteps: 5,
    optimizer: {
      generator: { name: 'adam', learningRate: 1e-4, beta1: 0.5, beta2: 0.9 },
      discriminator: { name: 'adam', learningRate: 1e-4, beta1: 0.5, beta2: 0.9 },
    },
  },
};

/** WGAN with a spectrally normalized critic (Miyato et al. 2018, their setting B): Adam lr 2e-4, β = (0.5, 0.999), k = 5. */
export const WGAN_SPECTRAL: ObjectiveDefaults = {
  description: 'WGAN with spectral normalization (Miyato et al. 2018): Adam lr 2e-4 β=(0.5, 0.999), 5 critic steps',
  config: {
    r1Gamma: 0,
    dSteps: 5,
    optimizer: {
      generator: { name: 'adam', learningRate: 2e-4, beta1: 0.5, beta2: 0.999 },
      discriminator: { name: 'adam', learningRate: 2e-4, beta1: 0.5, beta2: 0.999 },
    },
  },
};

/** The paper settings of each objective that has them, chosen from what the user set about the critic's constraint. */
const PAPER_SETTINGS: Readonly<Record<string, (choice: CriticChoice) => ObjectiveDefaults>> = {
  // a gradient penalty → WGAN-GP; spectral normalization → SN; otherwise (clipping, or nothing chosen) → clipping
  wgan: (choice) => ((choice.gradientPenaltyWeight ?? 0) > 0 ? WGAN_GP : choice.spectralNorm === true ? WGAN_SPECTRAL : WGAN_CLIPPING),
};

/**
 * The paper settings for `loss` given what the user chose about the critic's constraint, or
 * undefined for an objective without any (a registry keyed by the objective's name). For `wgan`: a
 * gradient penalty → {@link WGAN_GP}; spectral normalization → {@link WGAN_SPECTRAL}; otherwise
 * (clipping, or nothing chosen) → {@link WGAN_CLIPPING}.
 */
export function objectiveDefaults(loss: unknown, choice: CriticChoice): ObjectiveDefaults | undefined {
  return typeof loss === 'string' && Object.hasOwn(PAPER_SETTINGS, loss) ? PAPER_SETTINGS[loss](choice) : undefined;
}
