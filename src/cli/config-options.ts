/**
 * The training config's flags, shared by every command that trains (`tsgan train`, `tsgan benchmark
 * modes`): their definitions, and the merge of recipe, paper settings, config file and flags into one
 * validated config.
 */
import { existsSync, readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { ACTIVATIONS } from '../models/activations.js';
import { OBJECTIVE_NAMES } from '../objectives/registry.js';
import { BACKENDS, ConfigError, formatIssue, MODEL_NAMES, resolveConfig, trainConfigSchema, type TrainConfig } from '../training/config.js';
import { WGAN_CLIPPING, WGAN_GP, WGAN_SPECTRAL } from '../training/objective-defaults.js';
import { quickPresetData, recipeLayers, recipeTrainConfig } from '../training/recipe-config.js';
import { DCGAN_DEFAULTS } from '../training/model-defaults.js';
import { MODELS } from '../training/models.js';
import { mergeFields, RECIPES } from '../training/recipes.js';
import { UsageError } from './errors.js';
import { MAX_SEED, parseInteger, parseIntList, parseNumber, parsePositiveInteger, parsePositiveNumber, parseSeed } from './parse.js';
import { DEFAULT_DATA_LIMITS } from '../data/limits.js';
import { dataNames, setDataLimits } from '../node/data/data-source.js';
import { hostMemoryBudget } from '../node/backend/memory-budget.js';
import { checkNetworkWidths, DEFAULT_MAX_WIDTH, SCHEMA_MAX_WIDTH, setMemoryBudget } from '../training/limits.js';

const DEFAULTS = resolveConfig({});
/**
 * What `tsgan train` with no flag runs: the default data's recipe over the schema's defaults. --help shows
 * these as the defaults (a user reading "default: 3000 steps" would be misled: the ring8 recipe trains 16000).
 */
const RUN_DEFAULTS = recipeTrainConfig(DEFAULTS.data as string);

/** Each flag and the config field it sets (so a validation error names the flag the user typed). */
const FLAG_PATHS: Record<string, string[]> = {
  data: ['data'],
  loss: ['loss'],
  labelSmoothing: ['labelSmoothing'],
  steps: ['steps'],
  dSteps: ['dSteps'],
  pack: ['pack'],
  dStepsSchedule: ['dStepsSchedule'],
  lrDecay: ['learningRateDecay'],
  lrDecaySteps: ['learningRateDecaySteps'],
  gAverage: ['generatorAverage'],
  spectralNorm: ['discriminator', 'spectralNorm'],
  batchSize: ['batchSize'],
  seed: ['seed'],
  noiseDim: ['noise', 'dim'],
  noise: ['noise', 'prior'],
  model: ['model'],
  conditional: ['conditional'],
  gChannels: ['dcgan', 'generatorChannels'],
  dChannels: ['dcgan', 'discriminatorChannels'],
  kernelSize: ['dcgan', 'kernelSize'],
  gHidden: ['generator', 'hidden'],
  dHidden: ['discriminator', 'hidden'],
  gActivation: ['generator', 'activation'],
  dActivation: ['discriminator', 'activation'],
  gOutput: ['generator', 'output'],
  snapshotEvery: ['snapshotEvery'],
  lipschitzEvery: ['lipschitzEvery'],
  clipValue: ['clipValue'],
  gradientPenalty: ['gradientPenaltyWeight'],
  gradientPenaltyOneSided: ['gradientPenaltyOneSided'],
  r1: ['r1Gamma'],
  onDivergence: ['onDivergence'],
  backend: ['backend'],
};

export const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

function setPath(obj: Record<string, unknown>, path: string[], value: unknown): void {
  let o = obj;
  for (const k of path.slice(0, -1)) {
    if (typeof o[k] !== 'object' || o[k] === null) o[k] = {};
    o = o[k] as Record<string, unknown>;
  }
  o[path[path.length - 1]] = value;
}

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


/**
 * Merges, lowest first: the recipe of the data set (src/training/recipes.ts), the config file, the
 * flags; then validates the result with the one schema. A config file that is a run's config.json is
 * complete, so a recipe never changes a reproduced run.
 */
export function buildConfig(opts: Record<string, unknown>): TrainConfig {
  const file: Record<string, unknown> = typeof opts.config === 'string' ? readConfigFile(opts.config) : {};
  const data = opts.data ?? file.data ?? DEFAULTS.data;
  const fileD = (file.discriminator ?? {}) as Record<string, unknown>;
  const under = recipeLayers(data, {
    loss: opts.loss ?? file.loss,
    model: opts.model ?? file.model,
    conditional: opts.conditional ?? file.conditional,
    gradientPenaltyWeight: (opts.gradientPenalty ?? file.gradientPenaltyWeight) as number | undefined,
    spectralNorm: (opts.spectralNorm ?? fileD.spectralNorm) as boolean | undefined,
    clipValue: (opts.clipValue ?? file.clipValue) as number | undefined,
    quick: opts.quick === true,
  });
  const input: Record<string, unknown> = mergeFields<Record<string, unknown>>(under, file);
  const fromFlag = new Map<string, string>();
  for (const [key, path] of Object.entries(FLAG_PATHS)) {
    if (opts[key] !== undefined) {
      setPath(input, path, opts[key]);
      fromFlag.set(path.join('.'), `--${kebab(key)}`);
    }
  }
  for (const player of ['generator', 'discriminator'] as const) {
    const p = player[0];
    const name = opts[`${p}Optimizer`] ?? opts.optimizer;
    const lr = opts[`${p}Lr`] ?? opts.lr;
    if (name === undefined && lr === undefined) continue;
    const optimizers = (input.optimizer ?? {}) as Record<string, Record<string, unknown> | undefined>;
    let o = optimizers[player] ?? { name: DEFAULTS.optimizer[player].name };
    if (name !== undefined && name !== o.name) o = { name };
    if (lr !== undefined) o = { ...o, learningRate: lr };
    optimizers[player] = o;
    input.optimizer = optimizers;
    if (name !== undefined) fromFlag.set(`optimizer.${player}.name`, opts[`${p}Optimizer`] !== undefined ? `--${p}-optimizer` : '--optimizer');
    if (lr !== undefined) fromFlag.set(`optimizer.${player}.learningRate`, opts[`${p}Lr`] !== undefined ? `--${p}-lr` : '--lr');
  }
  const r = trainConfigSchema.safeParse(input);
  if (r.success) {
    applyLimitOptions(r.data, opts, fromFlag);
    return r.data;
  }
  const issue = r.error.issues[0];
  const flag = fromFlag.get(issue.path.join('.'));
  if (flag !== undefined) {
    const msg = formatIssue({ ...issue, path: [] }, flag).replace(': (top level)', '');
    throw new ConfigError(msg);
  }
  throw new ConfigError(formatIssue(issue, typeof opts.config === 'string' ? opts.config : 'config', trainConfigSchema));
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

/** Adds the config flags (--config, --data, --loss, …, --backend) and the limit flags (--max-data-dim, …) to `command`. */
export function addConfigOptions(command: Command): Command {
  const d = RUN_DEFAULTS;
  const g = d.optimizer.generator;
  return command
    .option('--config <file>', 'JSON file of config fields (flags override it); a run\'s config.json works')
    .option('--quick', `the data's quick preset: its recipe shortened for a first result in about a minute (${quickPresetData().join(', ')}; flags still override it)`)
    .option('--data <data>', `what to learn: a name (${dataNames().join(', ')}), a JSON spec like '{"type":"normal","mean":[2],"std":[0.5]}', a CSV/JSON file of points, an IDX images file or a folder of PNG images (default: ${d.data})`)
    .addOption(new Option('--loss <name>', `objective (default: ${d.loss})`).choices(OBJECTIVE_NAMES))
    .option('--steps <n>', `generator updates (default: ${d.steps})`, parseInteger)
    .option('--d-steps <k>', `discriminator updates per generator update, k of Algorithm 1 (default: ${d.dSteps})`, parseInteger)
    .option('--pack <m>', `PacGAN: D judges m samples at once, all real or all generated (Lin et al. 2018; MLPs; default: ${d.pack === 1 ? "1, no packing" : d.pack})`, parseInteger)
    .option('--batch-size <n>', `samples per batch (default: ${d.batchSize})`, parseInteger)
    .option('--seed <s>', `random seed, 0 to ${MAX_SEED}: same seed, config and backend give the same numbers (default: ${d.seed})`, parseSeed)
    .option('--noise-dim <n>', `dimension of z (default: ${d.noise.dim})`, parseInteger)
    .addOption(new Option('--noise <prior>', `noise prior P_z (default: ${d.noise.prior})`).choices(['normal', 'uniform']))
    .addOption(new Option('--model <name>', `the networks: ${MODEL_NAMES.map((m) => `${m}, ${MODELS[m].summary}`).join('; ')} (default: ${d.model})`).choices(MODEL_NAMES))
    .option('--conditional', 'class-conditional GAN: the label (one-hot) goes into G with z and into D with x; labeled data only, e.g. mnist (the mnist recipe\'s default)')
    .option('--no-conditional', 'the unconditional GAN (THEORY E1), for a recipe that is conditional (mnist)')
    .option('--g-channels <sizes>', `dcgan: generator channels before each ×2 upsampling (default: ${d.dcgan.generatorChannels.join(',')})`, parseIntList)
    .option('--d-channels <sizes>', `dcgan: discriminator channels after each stride-2 convolution (default: ${d.dcgan.discriminatorChannels.join(',')})`, parseIntList)
    .option('--kernel-size <k>', `dcgan: side of every convolution kernel (default: ${d.dcgan.kernelSize})`, parseInteger)
    .option('--g-hidden <sizes>', `generator hidden widths (default: ${d.generator.hidden.join(',')})`, parseIntList)
    .option('--d-hidden <sizes>', `discriminator hidden widths (default: ${d.discriminator.hidden.join(',')})`, parseIntList)
    .addOption(new Option('--g-activation <name>', `generator hidden activation (default: ${d.generator.activation})`).choices(ACTIVATIONS))
    .addOption(new Option('--d-activation <name>', `discriminator hidden activation (default: ${d.discriminator.activation})`).choices(ACTIVATIONS))
    .addOption(new Option('--g-output <name>', `generator output activation (default: ${d.generator.output})`).choices(ACTIVATIONS))
    .addOption(new Option('--optimizer <name>', `optimizer of both players (default: ${g.name})`).choices(['adam', 'rmsprop', 'sgd']))
    .addOption(new Option('--g-optimizer <name>', 'optimizer of the generator').choices(['adam', 'rmsprop', 'sgd']))
    .addOption(new Option('--d-optimizer <name>', 'optimizer of the discriminator').choices(['adam', 'rmsprop', 'sgd']))
    .option('--lr <rate>', `learning rate of both players (default: ${g.learningRate})`, parseNumber)
    .addOption(new Option('--lr-decay <schedule>', `learning-rate schedule of both players: none, or linear decay to lr/H at step H − 1, then constant (default: ${d.learningRateDecay})`).choices(['none', 'linear']))
    .option('--lr-decay-steps <H>', `the horizon H of --lr-decay linear (default: ${d.learningRateDecaySteps ?? '--steps'}; fixed, --resume --steps MORE equals one run)`, parseInteger)
    .option('--g-average <β>', `sample from an exponential moving average of G's weights with decay β, e.g. 0.999 (Yazıcı et al. 2019; default: ${d.generatorAverage === 0 ? '0, off' : d.generatorAverage})`, parseNumber)
    .option('--g-lr <rate>', 'learning rate of the generator', parseNumber)
    .option('--d-lr <rate>', 'learning rate of the discriminator', parseNumber)
    .option('--clip-value <c>', 'WGAN: clip every critic parameter to [−c, c] after each update (paper: 0.01)', parseNumber)
    .option('--gradient-penalty <λ>', 'WGAN-GP: add λ·E[(‖∇D(x̂)‖ − 1)²] to the critic\'s loss (paper: 10; exact for every activation)', parseNumber)
    .option('--gradient-penalty-one-sided', 'penalize only gradient norms above 1')
    .option('--spectral-norm', 'spectral normalization of every discriminator/critic weight matrix (Miyato et al. 2018)')
    .addOption(new Option('--d-steps-schedule <name>', 'k per step: constant, or wgan-official (k = 100 for the first 25 generator updates and every 500th, as in the WGAN code)').choices(['constant', 'wgan-official']))
    .option('--r1 <γ>', 'R1: add (γ/2)·E_real[‖∇D(x)‖²] to the discriminator\'s loss (Mescheder et al. 2018)', parseNumber)
    .option('--label-smoothing <s>', 'one-sided label smoothing in [0, 1) (default: 0, off: it moves the optimum away from D*)', parseNumber)
    .option('--snapshot-every <n>', `evaluate and redraw samples.png every n steps (default: ${d.snapshotEvery})`, parseInteger)
    .option('--lipschitz-every <n>', `measure the critic's empirical Lipschitz estimate (max ‖∇ₓD‖) on step 1 and every n-th (default: ${d.lipschitzEvery}; 1: every step, ~15–25 % slower on small MLPs)`, parseInteger)
    .addOption(new Option('--backend <name>', `TF.js backend (default: ${d.backend}; tensorflow needs @tensorflow/tfjs-node installed by you)`).choices(BACKENDS))
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

export function recipesHelp(): string {
  return `\nRecipes (the defaults for a data set; every flag and --config field overrides them):\n${RECIPES.map((r) => [`  ${r.data.join(', ')}: ${r.description}`, ...Object.values(r.models ?? {}).map((m) => `    with ${m.config.model === undefined ? 'that model' : `--model ${m.config.model}`}${m.config.model !== undefined && m.config.model === r.config.model ? ' (the default)' : ''}: ${m.description}`)].join('\n')).join('\n')}\nThe defaults shown above are the ${DEFAULTS.data} recipe's (what \`tsgan train\` runs with no flag). Data without a recipe (a file, a JSON spec, spiral) uses: ${genericDefaults()}.\n\nWith --loss wgan, the paper's settings go over the recipe, without its R1 penalty (flags and --config fields still win):\n${[WGAN_CLIPPING, WGAN_GP, WGAN_SPECTRAL].map((d) => `  ${d.description}`).join('\n')}\n\nWith --model dcgan, its settings go over the recipe (under the paper settings of --loss and your flags):\n  ${DCGAN_DEFAULTS.description}`;
}
