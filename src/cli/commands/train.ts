/**
 * `tsgan train`: trains a GAN and writes a run folder (see src/node/run-folder.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { knownDistributionNames } from '../../data/index.js';
import { theoryTracker, theoryTrackingProblem } from '../../experiments/track-theory.js';
import { ACTIVATIONS } from '../../models/activations.js';
import { OBJECTIVE_NAMES } from '../../objectives/registry.js';
import { useBackend, wasmThreadsForTraining } from '../../node/backend.js';
import { resolveDataset } from '../../node/data-source.js';
import { progressReporter } from '../../node/reporters/progress.js';
import { prepareRunFolder, requireRun, runPaths } from '../../node/run-folder.js';
import { loadCheckpoint } from '../../node/checkpoint.js';
import type { TrainerState } from '../../training/trainer.js';
import { runTraining, type RunSummary } from '../../node/train-run.js';
import { BACKENDS, ConfigError, formatIssue, resolveConfig, trainConfigSchema, type TrainConfig } from '../../training/config.js';
import { UsageError } from '../errors.js';
import { recipeFor, RECIPES } from '../../training/recipes.js';
import { parseInteger, parseIntList, parseNumber } from '../parse.js';

const DEFAULTS = resolveConfig({});

/** Each flag and the config field it sets (so a validation error names the flag the user typed). */
const FLAG_PATHS: Record<string, string[]> = {
  data: ['data'],
  loss: ['loss'],
  labelSmoothing: ['labelSmoothing'],
  steps: ['steps'],
  dSteps: ['dSteps'],
  batchSize: ['batchSize'],
  seed: ['seed'],
  noiseDim: ['noise', 'dim'],
  noise: ['noise', 'prior'],
  gHidden: ['generator', 'hidden'],
  dHidden: ['discriminator', 'hidden'],
  gActivation: ['generator', 'activation'],
  dActivation: ['discriminator', 'activation'],
  gOutput: ['generator', 'output'],
  snapshotEvery: ['snapshotEvery'],
  clipValue: ['clipValue'],
  gradientPenalty: ['gradientPenaltyWeight'],
  gradientPenaltyOneSided: ['gradientPenaltyOneSided'],
  r1: ['r1Gamma'],
  backend: ['backend'],
};

const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

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

/** Merges the config file and the flags, then validates the result with the one schema. */
/** `over` merged into `base`: plain objects field by field, anything else (arrays too) replaced. */
function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
    out[k] = isObj(b) && isObj(v) ? deepMerge(b, v) : v;
  }
  return out;
}

/**
 * Merges, lowest first: the recipe of the data set (src/training/recipes.ts), the config file, the
 * flags; then validates the result with the one schema. A config file that is a run's config.json is
 * complete, so a recipe never changes a reproduced run.
 */
export function buildConfig(opts: Record<string, unknown>): TrainConfig {
  const file: Record<string, unknown> = typeof opts.config === 'string' ? readConfigFile(opts.config) : {};
  const data = opts.data ?? file.data ?? DEFAULTS.data;
  const recipe = recipeFor(data);
  const input: Record<string, unknown> = recipe === undefined ? file : deepMerge(structuredClone(recipe.config) as Record<string, unknown>, file);
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
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const flag = fromFlag.get(issue.path.join('.'));
  if (flag !== undefined) {
    const msg = formatIssue({ ...issue, path: [] }, flag).replace(': (top level)', '');
    throw new ConfigError(msg);
  }
  throw new ConfigError(formatIssue(issue, typeof opts.config === 'string' ? opts.config : 'config'));
}

/** Flags that may go with --resume (everything else comes from the run's checkpoint). */
const RESUME_FLAGS = ['resume', 'steps', 'checkpointEvery', 'trackTheory', 'quiet', 'json'];

/** The config and state to continue the run in `dir` with (see --resume). */
function resumeFrom(dir: string, opts: Record<string, unknown>): { config: TrainConfig; state: TrainerState } {
  const extra = Object.keys(opts).filter((k) => opts[k] !== undefined && !RESUME_FLAGS.includes(k));
  if (extra.length > 0) {
    throw new UsageError(`--resume takes the config from the run: drop ${extra.map((k) => `--${kebab(k)}`).join(', ')} (only --steps, --checkpoint-every, --track-theory, --quiet and --json go with it)`);
  }
  requireRun(dir);
  const path = runPaths(dir).checkpoint;
  const checkpoint = loadCheckpoint(path);
  const config = resolveConfig({ ...checkpoint.config, steps: opts.steps ?? checkpoint.config.steps }, path);
  if (config.steps <= checkpoint.state.step) {
    throw new UsageError(`--resume ${dir}: the run is already at step ${checkpoint.state.step}: give --steps larger than that to train on`);
  }
  return { config, state: checkpoint.state };
}

function defaultOutDir(): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  const base = join('runs', `train-${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`);
  let dir = base;
  for (let i = 2; existsSync(dir); i++) dir = `${base}-${i}`;
  return dir;
}

function fmt(x: number | undefined, digits = 3): string {
  return x === undefined || !Number.isFinite(x) ? String(x) : x.toFixed(digits);
}

/** The short human summary printed at the end of a run. */
export function summaryText(s: RunSummary): string {
  const lines = [
    `tsgan: ${s.interrupted ? 'interrupted after' : 'trained'} ${s.steps} steps on ${s.data} with the ${s.loss} loss in ${s.seconds.toFixed(1)} s (${s.stepsPerSecond.toFixed(1)} steps/s, ${s.backend} backend)`,
  ];
  const e = s.eval;
  if (e?.modes !== undefined) {
    lines.push(`  modes captured ${e.modes.modesCaptured}/${e.modes.totalModes} · high quality ${(100 * e.modes.highQualityFraction).toFixed(1)}% · reverse KL ${fmt(e.modes.reverseKL)} (PacGAN protocol, ${e.samples} samples)`);
  }
  if (e?.w1 !== undefined) lines.push(`  W1(data, generator) ≈ ${fmt(e.w1, 4)} (${e.w1Method})`);
  if (s.last !== undefined) {
    lines.push(`  last step: V(D, G) = ${fmt(s.last.value)} (−log 4 = −1.386 at the optimum) · mean D(x) real ${fmt(s.last.dRealMean)}, fake ${fmt(s.last.dFakeMean)}`);
  }
  const pics = [s.files.samples, s.files.curves].filter((f) => f !== undefined).join(', ');
  lines.push(`  pictures: ${pics}`);
  lines.push(`  metrics: ${s.files.metrics} · summary: ${s.files.summary} · checkpoint: ${s.files.checkpoint}`);
  return lines.join('\n');
}

export function trainCommand(): Command {
  const d = DEFAULTS;
  const g = d.optimizer.generator;
  return new Command('train')
    .description('train a GAN (Goodfellow et al. 2014, Algorithm 1) and write a run folder with metrics, a checkpoint and pictures')
    .option('--config <file>', 'JSON file of config fields (flags override it); a run\'s config.json works')
    .option('--data <data>', `what to learn: a name (${knownDistributionNames().join(', ')}), a JSON spec like '{"type":"normal","mean":[2],"std":[0.5]}', or a CSV/JSON file of points (default: ${d.data})`)
    .addOption(new Option('--loss <name>', `objective (default: ${d.loss})`).choices(OBJECTIVE_NAMES))
    .option('--steps <n>', `generator updates (default: ${d.steps})`, parseInteger)
    .option('--d-steps <k>', `discriminator updates per generator update, k of Algorithm 1 (default: ${d.dSteps})`, parseInteger)
    .option('--batch-size <n>', `samples per batch (default: ${d.batchSize})`, parseInteger)
    .option('--seed <s>', `random seed: same seed, config and backend give the same numbers (default: ${d.seed})`, parseInteger)
    .option('--noise-dim <n>', `dimension of z (default: ${d.noise.dim})`, parseInteger)
    .addOption(new Option('--noise <prior>', `noise prior P_z (default: ${d.noise.prior})`).choices(['normal', 'uniform']))
    .option('--g-hidden <sizes>', `generator hidden widths (default: ${d.generator.hidden.join(',')})`, parseIntList)
    .option('--d-hidden <sizes>', `discriminator hidden widths (default: ${d.discriminator.hidden.join(',')})`, parseIntList)
    .addOption(new Option('--g-activation <name>', `generator hidden activation (default: ${d.generator.activation})`).choices(ACTIVATIONS))
    .addOption(new Option('--d-activation <name>', `discriminator hidden activation (default: ${d.discriminator.activation})`).choices(ACTIVATIONS))
    .addOption(new Option('--g-output <name>', `generator output activation (default: ${d.generator.output})`).choices(ACTIVATIONS))
    .addOption(new Option('--optimizer <name>', `optimizer of both players (default: ${g.name})`).choices(['adam', 'rmsprop', 'sgd']))
    .addOption(new Option('--g-optimizer <name>', 'optimizer of the generator').choices(['adam', 'rmsprop', 'sgd']))
    .addOption(new Option('--d-optimizer <name>', 'optimizer of the discriminator').choices(['adam', 'rmsprop', 'sgd']))
    .option('--lr <rate>', `learning rate of both players (default: ${g.learningRate})`, parseNumber)
    .option('--g-lr <rate>', 'learning rate of the generator', parseNumber)
    .option('--d-lr <rate>', 'learning rate of the discriminator', parseNumber)
    .option('--clip-value <c>', 'WGAN: clip every critic parameter to [−c, c] after each update (paper: 0.01)', parseNumber)
    .option('--gradient-penalty <λ>', 'WGAN-GP: add λ·E[(‖∇D(x̂)‖ − 1)²] to the critic\'s loss (paper: 10; exact for every activation)', parseNumber)
    .option('--gradient-penalty-one-sided', 'penalize only gradient norms above 1')
    .option('--r1 <γ>', 'R1: add (γ/2)·E_real[‖∇D(x)‖²] to the discriminator\'s loss (Mescheder et al. 2018)', parseNumber)
    .option('--label-smoothing <s>', 'one-sided label smoothing in [0, 1) (default: 0, off: it moves the optimum away from D*)', parseNumber)
    .option('--snapshot-every <n>', `evaluate and redraw samples.png every n steps (default: ${d.snapshotEvery})`, parseInteger)
    .option('--track-theory', 'at every snapshot add a "theory" record to metrics.jsonl: V(D, G) of the trained D, V(D*, G) = −log 4 + 2·JS, mean |D − D*|, W1 (1-D or 2-D data with a known density)')
    .addOption(new Option('--backend <name>', `TF.js backend (default: ${d.backend}; tensorflow needs @tensorflow/tfjs-node installed by you)`).choices(BACKENDS))
    .option('--out <dir>', 'run folder to create (default: runs/train-DATE-TIME)')
    .option('--resume <dir>', 'continue the run in DIR from its checkpoint (with --steps TOTAL to train longer); the result equals an uninterrupted run')
    .option('--checkpoint-every <n>', 'also write checkpoint.json every n steps (atomically)', parseInteger)
    .option('--overwrite', 'replace the run in an existing --out folder')
    .option('--json', 'print the summary as JSON on stdout')
    .option('--quiet', 'no progress bar')
    .addHelpText(
      'after',
      `\nRecipes (the defaults for a data set; every flag and --config field overrides them):\n${RECIPES.map((r) => `  ${r.data.join(', ')}: ${r.description}`).join('\n')}\nOther data uses the defaults shown above.`,
    )
    .action(async (opts: Record<string, unknown>) => {
      const resumeDir = typeof opts.resume === 'string' ? opts.resume : undefined;
      const resumed = resumeDir === undefined ? undefined : resumeFrom(resumeDir, opts);
      const config = resumed?.config ?? buildConfig(opts);
      const { dataset, stored } = resolveDataset(config.data);
      const problem = opts.trackTheory === true ? theoryTrackingProblem(dataset) : undefined;
      if (problem !== undefined) throw new UsageError(`--track-theory: ${problem}`);
      const resolved: TrainConfig = { ...config, data: stored };
      const outDir = resumeDir ?? (typeof opts.out === 'string' ? opts.out : defaultOutDir());
      const backend = await useBackend(config.backend, { threads: wasmThreadsForTraining(config, dataset.dim) });
      if (backend.fallbackReason) process.stderr.write(`tsgan: using the cpu backend: ${backend.fallbackReason}\n`);
      if (resumed === undefined) prepareRunFolder(outDir, opts.overwrite === true);
      const abort = new AbortController();
      let interrupts = 0;
      const onSignal = () => {
        interrupts++;
        if (interrupts > 1) process.exit(130);
        process.stderr.write('\ntsgan: stopping after this step and saving the run (Ctrl-C again to quit at once)\n');
        abort.abort();
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      try {
        const summary = await runTraining({
          config: resolved,
          dataset,
          outDir,
          backend: backend.active,
          signal: abort.signal,
          analyzers: opts.trackTheory === true ? [theoryTracker(dataset)] : [],
          reporters: opts.quiet === true || opts.json === true ? [] : [progressReporter(config.steps, resumed?.state.step ?? 0)],
          resume: resumed?.state,
          checkpointEvery: typeof opts.checkpointEvery === 'number' ? opts.checkpointEvery : undefined,
        });
        const recipe = recipeFor(config.data);
        const recipeLine = recipe === undefined || typeof opts.config === 'string' ? '' : `\n  recipe for ${String(config.data)}: ${recipe.description} (flags override it)`;
        process.stdout.write(opts.json === true ? `${JSON.stringify(summary, null, 2)}\n` : `${summaryText(summary)}${recipeLine}\n`);
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });
}
