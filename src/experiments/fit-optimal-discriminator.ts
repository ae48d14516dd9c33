/**
 * E3 checked on a real network: train a discriminator against a fixed generator and measure how
 * close it comes to the exact D* = p_r/(p_r + p_g).
 */
import type { Distribution } from '../data/distribution.js';
import { compareWithOptimal, unionBox, type CompareOptions, type DiscriminatorComparison } from './compare-discriminator.js';
import { tabulateLogits, type LogitGrid } from './logit-grid.js';
import { mlpLogits } from './mlp-logits.js';
import { trainDiscriminator, type DiscriminatorTrainingOptions } from './train-discriminator.js';

/** A trained discriminator compared with D*. */
export interface FittedDiscriminator extends DiscriminatorComparison {
  /** The training options used (defaults filled in) and the loss −V(D) on batches over the updates. */
  readonly training: {
    readonly options: Required<DiscriminatorTrainingOptions>;
    readonly lossTrace: readonly { step: number; loss: number }[];
  };
  /** The trained D as logits on a grid over the union of the effective boxes (plain numbers, no tensors). */
  readonly grid: LogitGrid;
  /** The grid's measured interpolation error, logit units (see logit-grid.ts). */
  readonly interpolationError: number;
}

/**
 * Trains a discriminator on samples of `real` vs samples of the FIXED `fake` (trainDiscriminator:
 * minimax discriminator loss, E2), evaluates its logits once on a fine grid through TF.js
 * (tabulateLogits), frees the network, and compares the interpolated D with the exact D* (E3,
 * Goodfellow et al. 2014, Prop. 1) by compareWithOptimal: meanAbsError, maxAbsError, valueTrained,
 * valueAtOptimum, valueGap = V(D*) − V(D) ≥ 0. Domain: real, fake of equal dimension 1 or 2, with
 * densities. Deviation: D is the grid interpolant of the network (its error is `interpolationError`).
 */
export function fitOptimalDiscriminator(
  real: Distribution,
  fake: Distribution,
  options: DiscriminatorTrainingOptions = {},
  compare: CompareOptions = {},
): FittedDiscriminator {
  if (real.dim !== fake.dim) throw new RangeError(`real and fake have different dimensions: ${real.dim} vs ${fake.dim}`);
  if (real.dim !== 1 && real.dim !== 2) throw new RangeError(`D* is compared in 1-D and 2-D, got ${real.dim}-D`);
  const trained = trainDiscriminator(real, fake, options);
  let grid: LogitGrid;
  try {
    grid = tabulateLogits(mlpLogits(trained.discriminator), real.dim, unionBox(real, fake));
  } finally {
    trained.discriminator.dispose();
  }
  const cmp = compareWithOptimal(grid, real, fake, compare);
  return { ...cmp, training: { options: trained.options, lossTrace: trained.lossTrace }, grid, interpolationError: grid.interpolationError };
}
