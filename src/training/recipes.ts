/**
 * Recipes: the default settings for a data set, applied under the user's config and flags.
 * `tsgan train --data grid25` uses the grid25 recipe; every field a user sets wins over it.
 * Adding a recipe is one entry here and a row in the README's recipe table.
 */
import type { TrainConfigInput } from './config.js';

export interface Recipe {
  /** Data names this recipe is for. */
  readonly data: readonly string[];
  /** One line for help texts and summaries: what it is and where it comes from. */
  readonly description: string;
  /** Config fields it sets (everything else keeps the schema's defaults). */
  readonly config: TrainConfigInput;
}

/** 1-D teaching data: one noise dimension so the generator's density is exact (THEORY E3–E5). */
const oneDimensional: TrainConfigInput = {
  noise: { dim: 1 },
  generator: { hidden: [32, 32] },
  discriminator: { hidden: [32, 32] },
  batchSize: 256,
  steps: 3000,
  optimizer: { generator: { name: 'adam', learningRate: 1e-3 }, discriminator: { name: 'adam', learningRate: 1e-3 } },
};

export const RECIPES: readonly Recipe[] = [
  {
    data: ['ring8'],
    description:
      'non-saturating GAN, ReLU MLPs 2→256³→2 and D on packs of 2 samples (PacGAN2) 4→256³→1, batch 512, Adam 2e-4 β=(0.5, 0.999) decayed linearly over 16000 steps, samples from the generator averaged with β 0.999, 16000 steps',
    config: {
      loss: 'non-saturating',
      pack: 2,
      noise: { dim: 2 },
      generator: { hidden: [256, 256, 256] },
      discriminator: { hidden: [256, 256, 256] },
      batchSize: 512,
      steps: 16000,
      optimizer: { generator: { name: 'adam', learningRate: 2e-4 }, discriminator: { name: 'adam', learningRate: 2e-4 } },
      learningRateDecay: 'linear',
      learningRateDecaySteps: 16000,
      generatorAverage: 0.999,
    },
  },
  {
    data: ['mnist'],
    description: 'DCGAN (--model mlp for the MLP GAN), samples from the generator averaged with β 0.999, 8000 steps',
    config: { model: 'dcgan', generatorAverage: 0.999, steps: 8000 },
  },
  {
    data: ['normal', 'uniform', 'bimodal', 'bimodal-unbalanced', 'trimodal'],
    description: '1-D: noise dimension 1 (exact generator density), MLPs 1→32²→1, Adam 1e-3, 3000 steps',
    config: oneDimensional,
  },
];

/** The recipe for a data descriptor (a preset name), or undefined (then the schema defaults apply). */
export function recipeFor(data: unknown): Recipe | undefined {
  if (typeof data !== 'string') return undefined;
  const key = data.trim().toLowerCase();
  return RECIPES.find((r) => r.data.includes(key));
}
