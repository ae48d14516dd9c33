/**
 * A model's own settings, applied when a user picks it and leaves them out: over a data set's recipe
 * (./recipes.ts), under the objective's paper settings (./objective-defaults.ts) and everything the user
 * sets. Each model declares its own in the registry (./models.ts).
 */
import { MODELS, type ModelDefaults } from './models.js';

export { DCGAN_DEFAULTS, type ModelDefaults } from './models.js';

/** The settings of `model`, or undefined (a model without its own: the schema's defaults and the recipes). */
export function modelDefaults(model: unknown): ModelDefaults | undefined {
  return typeof model === 'string' && Object.hasOwn(MODELS, model) ? MODELS[model as keyof typeof MODELS].defaults : undefined;
}
