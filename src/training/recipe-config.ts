/**
 * A training config the way `tsgan train` builds one: the data set's recipe (./recipes.ts), then the
 * model's defaults (--model dcgan, ./model-defaults.ts), then the objective's paper settings (--loss
 * wgan, ./objective-defaults.ts). ./config-layers.ts puts a config object and single settings (a config
 * file and flags, the lab's form) on top and validates the result.
 */
import { ConfigError } from './config.js';
import { modelDefaults } from './model-defaults.js';
import { objectiveDefaults } from './objective-defaults.js';
import { mergeFields, recipeConfig, recipeFor, RECIPES, type Recipe } from './recipes.js';

/** The choices that pick the layers: each as the caller set it (undefined: not set). */
export interface LayerChoices {
  readonly loss?: unknown;
  readonly model?: unknown;
  readonly conditional?: unknown;
  readonly gradientPenaltyWeight?: number;
  readonly spectralNorm?: boolean;
  readonly clipValue?: number;
  /** The recipe's quick preset over it (an error for a recipe without one). */
  readonly quick?: boolean;
}

/** Thrown for `quick` on data whose recipe has no quick preset. */
export class QuickPresetError extends ConfigError {}

/** The data names whose recipe has a quick preset. */
export function quickPresetData(): string[] {
  return RECIPES.filter((r) => r.quick !== undefined).flatMap((r) => [...r.data]);
}

/**
 * The recipe, model and paper layers for `data` under `choices`, merged lowest first (a plain object, not
 * validated). `recipe`: the data's own (default), or another one such as the web lab's browser recipe.
 */
export function recipeLayers(data: unknown, choices: LayerChoices, recipe: Recipe | undefined = recipeFor(data)): Record<string, unknown> {
  const paper = objectiveDefaults(choices.loss ?? recipe?.config.loss, {
    gradientPenaltyWeight: choices.gradientPenaltyWeight,
    spectralNorm: choices.spectralNorm,
    clipValue: choices.clipValue,
  });
  const picked = choices.model ?? recipe?.config.model;
  const model = modelDefaults(picked);
  let recipeLayer = structuredClone(recipeConfig(recipe, picked, choices.conditional) ?? {}) as Record<string, unknown>;
  if (choices.quick === true) {
    if (recipe?.quick === undefined) throw new QuickPresetError(`--quick: ${typeof data === 'string' ? `the data "${data}"` : 'this data'} has no quick preset; the recipes with one: ${quickPresetData().join(', ')}`);
    recipeLayer = mergeFields(recipeLayer, structuredClone(recipe.quick.config) as Record<string, unknown>);
  }
  const withModel = mergeFields<Record<string, unknown>>(recipeLayer, structuredClone(model?.config ?? {}) as Record<string, unknown>);
  const under = mergeFields<Record<string, unknown>>(withModel, structuredClone(paper?.config ?? {}) as Record<string, unknown>);
  // A recipe's packing (PacGAN) is for its unconditional GAN; conditional alone does not inherit it.
  if (choices.conditional === true) delete under.pack;
  return under;
}
