/**
 * A model's own settings, applied when a user picks it and leaves them out: over a data set's recipe
 * (./recipes.ts), under the objective's paper settings (./objective-defaults.ts) and everything the user sets.
 */
import type { TrainConfigInput } from './config.js';

/** One model's settings: where they come from, and the config fields they set. */
export interface ModelDefaults {
  readonly description: string;
  readonly config: TrainConfigInput;
}

/**
 * DCGAN, Radford, Metz & Chintala 2016, §4: z of 100 dimensions, Adam lr 2e-4 with β1 = 0.5 (the
 * schema's defaults already). Deviation: mini-batches of 64 instead of the paper's 128 (half the time
 * per step on a CPU), and normal noise instead of uniform (the schema's default).
 */
export const DCGAN_DEFAULTS: ModelDefaults = {
  description: 'DCGAN (Radford et al. 2016): noise dimension 100, batch 64, Adam lr 2e-4 β=(0.5, 0.999)',
  // pack 1: a DCGAN's D judges one image (a recipe's packing is for its MLPs).
  config: { noise: { dim: 100 }, batchSize: 64, pack: 1 },
};

/** The settings of `model`, or undefined (the MLP uses the schema's defaults and the recipes). */
export function modelDefaults(model: unknown): ModelDefaults | undefined {
  return model === 'dcgan' ? DCGAN_DEFAULTS : undefined;
}
