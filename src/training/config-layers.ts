/**
 * The one path from what a user asks for to a validated config, shared by the CLI (`tsgan train`,
 * `tsgan benchmark modes`), the library ({@link recipeTrainConfig}) and the web lab. Layers, lowest
 * first: the recipe (the data set's, ./recipes.ts, or the browser's), the model's defaults
 * (./model-defaults.ts), the objective's paper settings (./objective-defaults.ts), a config object (a
 * config file, a run's config.json, the lab's current experiment), then single field settings (flags,
 * form inputs) in order. The result is checked by the one schema; an error is one line naming the
 * flag, or the source and field, at fault.
 */
import { ConfigError, formatIssue, trainConfigSchema, type TrainConfig, type TrainConfigInput } from './config.js';
import { configFields, valueAt } from './config-fields.js';
import { recipeLayers, type LayerChoices } from './recipe-config.js';
import { BROWSER_RECIPE, mergeFields } from './recipes.js';

/** One field set by name: a flag or a form input. */
export interface FieldSetting {
  /** Where in the config (`['optimizer', 'generator', 'learningRate']`). */
  readonly path: readonly string[];
  readonly value: unknown;
  /** Who set it, for messages (`--g-lr`); none: the request's `source` and the field's path are named. */
  readonly source?: string;
  /** Setting it to a new value replaces the object holding it (an optimizer's name). */
  readonly replacesObject?: boolean;
}

/** What a user asks for (every part optional). */
export interface ConfigRequest {
  /** The data, unless a setting or `config` names it (default: the schema's, ring8). */
  readonly data?: unknown;
  /**
   * The bottom layer: `'data'` (the default) the data set's recipe (the schema's defaults for data
   * without one); `'browser'` small networks and a short run for the web lab ({@link BROWSER_RECIPE});
   * `'none'`: no recipe, model or paper layer — for a complete config (a running experiment, a trainer's
   * config), whose absent optional fields must stay absent.
   */
  readonly recipe?: 'data' | 'browser' | 'none';
  /** The data recipe's quick preset over it (`tsgan train --quick`). */
  readonly quick?: boolean;
  /** A config object over the recipe, model and paper layers (a config file; a complete config.json wins everywhere). */
  readonly config?: Readonly<Record<string, unknown>>;
  /** Names `config` in messages (a file's path; default `config`). */
  readonly source?: string;
  /** Fields set one by one over everything else, in order (a later one wins). */
  readonly settings?: readonly FieldSetting[];
}

/** The last setting of `path` (joined with dots), if any. */
function settingOf(settings: readonly FieldSetting[], path: string): FieldSetting | undefined {
  for (let i = settings.length - 1; i >= 0; i--) if (settings[i].path.join('.') === path) return settings[i];
  return undefined;
}

const SCHEMA_DEFAULTS: unknown = trainConfigSchema.parse({});

/**
 * `obj` with the setting's value at its path; missing objects on the way are created — one that holds a
 * tag (an optimizer, named by `name`) starting from the schema's default tag, so setting a learning rate
 * alone keeps the default optimizer. `replacesObject`: a new tag value starts its holder afresh.
 */
function setField(obj: Record<string, unknown>, s: FieldSetting): void {
  let o = obj;
  const path = s.path;
  for (let i = 0; i < path.length - 1; i++) {
    const k = path[i];
    if (typeof o[k] !== 'object' || o[k] === null) {
      const holder = path.slice(0, i + 1);
      const tag = configFields().find((f) => f.replacesObject === true && f.paths.some((p) => p.length === holder.length + 1 && holder.every((h, j) => p[j] === h)));
      const tagKey = tag?.paths[0][holder.length];
      o[k] = tagKey === undefined ? {} : { [tagKey]: valueAt(SCHEMA_DEFAULTS, [...holder, tagKey]) };
    }
    o = o[k] as Record<string, unknown>;
  }
  const key = path[path.length - 1];
  if (s.replacesObject === true && o[key] !== undefined && o[key] !== s.value) {
    for (const k of Object.keys(o)) delete o[k];
  }
  o[key] = s.value;
}

/** The layers under the config object: the recipe, the model's defaults, the paper settings (not validated). */
function layersUnder(request: ConfigRequest, data: unknown, choices: LayerChoices): Record<string, unknown> {
  if (request.recipe === 'none') {
    if (choices.quick === true) throw new ConfigError('quick: a complete config has no quick preset');
    return {};
  }
  if (request.recipe !== 'browser') return recipeLayers(data, choices);
  if (choices.quick === true) throw new ConfigError('quick: the browser recipe has no quick preset');
  return recipeLayers(data, choices, BROWSER_RECIPE);
}

/**
 * The validated config for `request` (see the file's comment for the layers). Throws {@link ConfigError}
 * (one line: the flag at fault, or `source: field: what is wrong`), or QuickPresetError for a quick
 * preset the data's recipe does not have.
 */
export function layeredConfig(request: ConfigRequest): TrainConfig {
  const settings = request.settings ?? [];
  const file = request.config ?? {};
  const pick = (path: string): unknown => {
    const s = settingOf(settings, path);
    return s !== undefined ? s.value : valueAt(file, path.split('.'));
  };
  const data = pick('data') ?? request.data ?? valueAt(SCHEMA_DEFAULTS, ['data']);
  const under = layersUnder(request, data, {
    loss: pick('loss'),
    model: pick('model'),
    conditional: pick('conditional'),
    gradientPenaltyWeight: pick('gradientPenaltyWeight') as number | undefined,
    spectralNorm: pick('discriminator.spectralNorm') as boolean | undefined,
    clipValue: pick('clipValue') as number | undefined,
    quick: request.quick === true,
  });
  const input = mergeFields<Record<string, unknown>>(under, structuredClone(file) as Record<string, unknown>);
  if (input.data === undefined) input.data = data;
  for (const s of settings) setField(input, s);
  const r = trainConfigSchema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  // The setting at fault: the last one whose path is the issue's or holds it (`generator.hidden` for `generator.hidden[1]`).
  const at = issue.path.map(String);
  const owner = [...settings].reverse().find((s) => s.path.length <= at.length && s.path.every((p, i) => p === at[i]));
  const by = owner?.source;
  if (by !== undefined) {
    const inner = issue.path.slice(owner!.path.length);
    const where = inner.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
    throw new ConfigError(formatIssue({ ...issue, path: [] }, `${by}${where}`).replace(': (top level)', ''));
  }
  throw new ConfigError(formatIssue(issue, request.source ?? 'config', trainConfigSchema));
}

/**
 * The validated config `tsgan train --data <data>` would run, with `over` on top (its fields win, field
 * by field), e.g. `recipeTrainConfig('ring8', { steps: 2000, learningRateDecaySteps: 2000, seed: 1 })`;
 * `options.quick`: the recipe's quick preset (`tsgan train --quick`) under `over`.
 * Throws ConfigError (one line) on an invalid result, QuickPresetError for a quick preset that does not exist.
 */
export function recipeTrainConfig(data: string, over: TrainConfigInput = {}, options: { quick?: boolean } = {}): TrainConfig {
  return layeredConfig({ config: { ...(over as Record<string, unknown>), data }, quick: options.quick });
}

/** The web lab's starting config for `data`: the browser recipe (small networks, a short run). */
export function browserConfig(data: unknown): TrainConfig {
  return layeredConfig({ recipe: 'browser', data });
}
