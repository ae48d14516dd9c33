/**
 * The training config's flags, shared by every command that trains (`tsgan train`, `tsgan benchmark
 * modes`): their definitions, and the merge of recipe, paper settings, config file and flags into one
 * validated config.
 */
import { existsSync, readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import {
  checkNetworkWidths,
  configFields,
  ConfigError,
  DCGAN_DEFAULTS,
  DEFAULT_DATA_LIMITS,
  DEFAULT_MAX_WIDTH,
  fieldHelp,
  layeredConfig,
  MODEL_NAMES,
  MODELS,
  quickPresetData,
  recipeTrainConfig,
  RECIPES,
  resolveConfig,
  SCHEMA_MAX_WIDTH,
  setMemoryBudget,
  WGAN_CLIPPING,
  WGAN_GP,
  WGAN_SPECTRAL,
  type ConfigField,
  type Recipe,
  type FieldSetting,
  type TrainConfig,
} from '../index.js';
import { dataNames, hostMemoryBudget, setDataLimits } from '../node/index.js';
import { UsageError } from './errors.js';
import { parseInteger, parseIntList, parseNumber, parsePositiveInteger, parsePositiveNumber, parseSeed } from './parse.js';

const DEFAULTS = resolveConfig({});
/**
 * What `tsgan train` with no flag runs: the default data's recipe over the schema's defaults. --help shows
 * these as the defaults (a user reading "default: 3000 steps" would be misled: the ring8 recipe trains 16000).
 */
const RUN_DEFAULTS = recipeTrainConfig(DEFAULTS.data as string);

/** `d-steps` → `dSteps`: the key commander gives a flag's value under. */
const camel = (flag: string) => flag.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
export const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

function readConfigFile(file: string): Record<string, unknown> {
  if (!existsSync(file)) throw new UsageError(`--config ${file}: no such file`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigError(`${file}: not valid JSON (${(e as Error).message}): fix the file or pass flags instead`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ConfigError(`${file}: must hold a JSON object of config fields`);
  return parsed as Record<string, unknown>;
}

/** The config fields the flags in `opts` set, in the schema's order, each naming its flag. */
function flagSettings(opts: Record<string, unknown>): FieldSetting[] {
  return configFields().flatMap((f) => {
    const value = opts[camel(f.flag)];
    return value === undefined ? [] : f.paths.map((path) => ({ path, value, source: `--${f.flag}`, replacesObject: f.replacesObject }));
  });
}

/**
 * The config of `opts` (commander's values of the flags of {@link addConfigOptions}): the library's one
 * layering (src/training/config-layers.ts) — the data's recipe (its quick preset with --quick), the
 * model's and the objective's settings, the --config file, the flags — validated by the one schema. A
 * config file that is a run's config.json is complete, so a recipe never changes a reproduced run.
 */
export function buildConfig(opts: Record<string, unknown>): TrainConfig {
  const settings = flagSettings(opts);
  const config = layeredConfig({
    config: typeof opts.config === 'string' ? readConfigFile(opts.config) : undefined,
    source: typeof opts.config === 'string' ? opts.config : 'config',
    quick: opts.quick === true,
    settings,
  });
  applyLimitOptions(config, opts, new Map(settings.map((s) => [s.path.join('.'), s.source ?? ''])));
  return config;
}

/**
 * The limits on input (docs/reliability.md, "Limits on input") from the limit flags: checks the
 * networks' widths (--max-width) now, and sets the limits the data set is loaded under (--max-data-dim,
 * --max-data-mb) and the memory budget `checkDataFitsModel` checks the run against (the machine's free
 * memory and the backend's; none with --skip-memory-check). `fromFlag` names the flag of a config field.
 */
function applyLimitOptions(config: TrainConfig, opts: Record<string, unknown>, fromFlag: ReadonlyMap<string, string>): void {
  const flags: Record<string, string> = {};
  for (const field of ['generator.hidden', 'discriminator.hidden']) {
    const flag = fromFlag.get(field);
    if (flag !== undefined) flags[field] = flag;
  }
  checkNetworkWidths(config, typeof opts.maxWidth === 'number' ? opts.maxWidth : DEFAULT_MAX_WIDTH, flags);
  setDataLimits({
    maxDataDim: typeof opts.maxDataDim === 'number' ? opts.maxDataDim : DEFAULT_DATA_LIMITS.maxDataDim,
    maxDataBytes: typeof opts.maxDataMb === 'number' ? opts.maxDataMb * 2 ** 20 : DEFAULT_DATA_LIMITS.maxDataBytes,
  });
  setMemoryBudget(opts.skipMemoryCheck === true ? undefined : hostMemoryBudget(config.backend));
}

/** The commander option of a config field, its help filled with the defaults `tsgan train` runs with. */
function fieldOption(f: ConfigField): Option {
  const help = fieldHelp(f, RUN_DEFAULTS, { dataNames: dataNames().join(', '), models: MODEL_NAMES.map((m) => `${m}, ${MODELS[m].summary}`).join('; ') });
  const o = new Option(f.arg === undefined ? `--${f.flag}` : `--${f.flag} <${f.arg}>`, help);
  if (f.kind === 'choice') return o.choices(f.choices ?? []);
  const parse: ((value: string) => unknown) | undefined = f.seed === true ? parseSeed : f.kind === 'integer' ? parseInteger : f.kind === 'number' ? parseNumber : f.kind === 'integers' ? parseIntList : undefined;
  return parse === undefined ? o : o.argParser(parse);
}

/**
 * Adds the config flags — one per field of the schema that names a flag (src/training/config.ts), in the
 * schema's order, after --config and --quick — and the limit flags (--max-data-dim, …) to `command`.
 * `singleRun`: also the flags of one run's handling (--on-divergence), for `tsgan train`.
 */
export function addConfigOptions(command: Command, { singleRun = false }: { singleRun?: boolean } = {}): Command {
  command
    .option('--config <file>', 'JSON file of config fields (flags override it); a run\'s config.json works')
    .option('--quick', `the data's quick preset: its recipe shortened for a first result in about a minute (${quickPresetData().join(', ')}; flags still override it)`);
  for (const f of configFields()) {
    if (f.singleRun === true && !singleRun) continue;
    command.addOption(fieldOption(f));
    if (f.negatedHelp !== undefined) command.option(`--no-${f.flag}`, f.negatedHelp);
  }
  return command
    .option('--max-data-dim <n>', `limit: refuse data with more coordinates per point (images: height × width × channels; default: ${DEFAULT_DATA_LIMITS.maxDataDim})`, parsePositiveInteger)
    .option('--max-data-mb <mb>', `limit: refuse data that take more memory when read: a file, an IDX file unpacked, a folder of PNGs decoded (default: ${DEFAULT_DATA_LIMITS.maxDataBytes / 2 ** 20})`, parsePositiveNumber)
    .option('--max-width <n>', `limit: refuse hidden layers wider than this (default: ${DEFAULT_MAX_WIDTH}; at most ${SCHEMA_MAX_WIDTH})`, parsePositiveInteger)
    .option('--skip-memory-check', "train even when the estimated memory exceeds the machine's free memory or the wasm backend's 4 GB");
}

/** Help text: the recipes and the WGAN paper settings, and how they combine with flags. */
/** The schema's own defaults of the fields a recipe sets, for data without a recipe: "steps 3000, batch 256, …". */
function genericDefaults(): string {
  const d = DEFAULTS;
  const g = d.optimizer.generator;
  return `${d.steps} steps, batch ${d.batchSize}, noise ${d.noise.dim}, MLPs ${d.generator.hidden.join('-')} (${d.generator.activation}), ${g.name} ${g.learningRate}, no packing, no decay, no averaged generator`;
}

/** A recipe's lines of the help: its description, then one per model variant (with its unconditional variant, if any). */
function recipeHelpLines(r: Recipe): string {
  const models = Object.entries(r.models ?? {}).map(([name, m]) => {
    const withModel = `    with --model ${name}${name === r.config.model ? ' (the default)' : ''}: ${m.description}`;
    const unconditional = r.unconditional?.[name];
    return unconditional === undefined ? withModel : `${withModel}\n      ${unconditional.description}`;
  });
  return [`  ${r.data.join(', ')}: ${r.description}`, ...models].join('\n');
}

export function recipesHelp(): string {
  return `\nRecipes (the defaults for a data set; every flag and --config field overrides them):\n${RECIPES.map(recipeHelpLines).join('\n')}\nThe defaults shown above are the ${DEFAULTS.data} recipe's (what \`tsgan train\` runs with no flag). Data without a recipe (a file, a JSON spec, spiral) uses: ${genericDefaults()}.\n\nWith --loss wgan, the paper's settings go over the recipe, without its R1 penalty (flags and --config fields still win):\n${[WGAN_CLIPPING, WGAN_GP, WGAN_SPECTRAL].map((d) => `  ${d.description}`).join('\n')}\n\nWith --model dcgan, its settings go over the recipe (under the paper settings of --loss and your flags):\n  ${DCGAN_DEFAULTS.description}`;
}
