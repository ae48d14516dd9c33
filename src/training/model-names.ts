/**
 * The models a run's `model` field can name, each with the one property that the config schema
 * (./config.ts) checks itself: whether D's input is flat rows that PacGAN can pack side by side.
 * Everything else about a model is its entry in the registry (./models.ts). The names live here, below
 * both, because the registry's entries take the resolved config whose schema lists the names: so
 * neither file imports the other back. The registry has exactly one entry per name (its `satisfies`
 * clause: the compiler refuses a missing or an extra one) and reads each entry's `packs` from here.
 */

/** Every model's name, and whether its D's rows can be packed (PacGAN). */
export const MODEL_PACKING = { mlp: true, dcgan: false, resmlp: true } as const satisfies Record<string, boolean>;

/** A model's name, as a config gives it. */
export type ModelName = keyof typeof MODEL_PACKING;

/** The models' names, in the registry's order (the schema's enum). */
export const MODEL_LIST = Object.keys(MODEL_PACKING) as [ModelName, ...ModelName[]];
