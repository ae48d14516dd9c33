/**
 * The one schema of a training run. It gives the TypeScript type (`TrainConfig`), the validation of
 * configs and CLI flags (one-line errors), the defaults, and the `config.json` saved in a run folder.
 */
import { z } from 'zod';
import { ACTIVATIONS } from '../models/activations.js';
import { createObjective, OBJECTIVE_NAMES } from '../objectives/registry.js';
import { didYouMean } from '../text/closest.js';
import { ConfigError } from './config-error.js';
import { configFieldMeta, type FieldMeta, type PlayerFieldsMeta } from './config-field-meta.js';
import { MODEL_LIST, MODEL_PACKING, type ModelName } from './model-names.js';

const positiveInt = z.number().int().positive();
/** `schema` with its flag, help and form metadata (./config-field-meta.ts). */
function field<S extends z.ZodType>(schema: S, meta: FieldMeta | PlayerFieldsMeta): S {
  configFieldMeta.add(schema, meta);
  return schema;
}
const learningRate = z.number().positive().max(10);

/** The networks a run can use (see the `model` field): the model registry's names (./model-names.ts, ./models.ts). */
export const MODEL_NAMES = MODEL_LIST;
export type { ModelName };

/** Settings of one player's optimizer. Defaults: Adam, lr 2e-4, β = (0.5, 0.999) (Radford et al. 2016). */
export const optimizerSchema = z.discriminatedUnion('name', [
  z.object({
    name: z.literal('adam'),
    learningRate: learningRate.default(2e-4),
    beta1: z.number().min(0).lt(1).default(0.5),
    beta2: z.number().min(0).lt(1).default(0.999),
    epsilon: z.number().positive().default(1e-8),
  }).strict(),
  z.object({
    name: z.literal('rmsprop'),
    learningRate: learningRate.default(5e-5),
    decay: z.number().min(0).lt(1).default(0.99),
    momentum: z.number().min(0).lt(1).default(0),
    epsilon: z.number().positive().default(1e-8),
  }).strict(),
  z.object({
    name: z.literal('sgd'),
    learningRate: learningRate.default(1e-2),
  }).strict(),
]);
export type OptimizerConfig = z.infer<typeof optimizerSchema>;

const defaultOptimizer = { name: 'adam' as const };

export const BACKENDS = ['native', 'wasm', 'cpu', 'tensorflow'] as const;
export type BackendName = (typeof BACKENDS)[number];

/** What a divergence does (training/divergence.ts, node/run/train-run.ts). */
export const ON_DIVERGENCE = ['stop', 'rollback'] as const;

/** A data descriptor: a preset name, a distribution spec object, or a path to a CSV/JSON file of points. */
export const dataSchema = z.union([z.string().min(1), z.record(z.string(), z.unknown())]);

export const trainConfigSchema = z
  .object({
    /** What to learn: a name (`ring8`), a spec object, or a points file (resolved by the host). */
    data: field(dataSchema.default('ring8'), {
      flag: 'data',
      arg: 'data',
      help: 'what to learn: a name ({dataNames}), a JSON spec like \'{"type":"normal","mean":[2],"std":[0.5]}\', a CSV/JSON file of points, an IDX images file or a folder of PNG images (default: {default})',
    }),
    /** The objective (registry name). `wgan` needs `clipValue` or `gradientPenaltyWeight` (checked below). */
    loss: field(z.enum(OBJECTIVE_NAMES as [string, ...string[]]).default('non-saturating'), {
      flag: 'loss',
      arg: 'name',
      help: 'objective (default: {default})',
      form: { label: 'objective', group: 'game' },
    }),
    /**
     * c: clip every discriminator/critic parameter to [−c, c] after each of its updates (WGAN,
     * Arjovsky et al. 2017, Algorithm 1; paper c = 0.01). Absent = no clipping.
     */
    clipValue: field(z.number().positive().optional(), {
      flag: 'clip-value',
      tunable: true,
      arg: 'c',
      help: 'WGAN: clip every critic parameter to [−c, c] after each update (paper: 0.01)',
      form: { label: 'clip c', group: 'game', title: 'WGAN: clip every critic parameter to [−c, c]', empty: 'unset', placeholder: 'off' },
    }),
    /** λ of the WGAN-GP penalty λ·E[(‖∇f(x̂)‖₂ − 1)²] (Gulrajani et al. 2017; paper 10); 0 = off (E9). */
    gradientPenaltyWeight: field(z.number().min(0).default(0), {
      flag: 'gradient-penalty',
      tunable: true,
      arg: 'λ',
      help: 'WGAN-GP: add λ·E[(‖∇D(x̂)‖ − 1)²] to the critic\'s loss (paper: 10; exact for every activation)',
      form: { label: 'gradient penalty λ', group: 'game', title: 'WGAN-GP λ', empty: 0 },
    }),
    /** Penalize only norms above 1: λ·E[max(0, ‖∇f(x̂)‖ − 1)²]. */
    gradientPenaltyOneSided: field(z.boolean().default(false), { flag: 'gradient-penalty-one-sided', help: 'penalize only gradient norms above 1' }),
    /** γ of the R1 penalty (γ/2)·E_real[‖∇D(x)‖²] (Mescheder et al. 2018); 0 = off (E9). */
    r1Gamma: field(z.number().min(0).default(0), {
      flag: 'r1',
      tunable: true,
      arg: 'γ',
      help: 'R1: add (γ/2)·E_real[‖∇D(x)‖²] to the discriminator\'s loss (Mescheder et al. 2018)',
      form: { label: 'R1 γ', group: 'game', title: 'R1 γ', empty: 0 },
    }),
    /** One-sided label smoothing s ∈ [0, 1); 0 = off. */
    labelSmoothing: field(z.number().min(0).lt(1).default(0), {
      flag: 'label-smoothing',
      arg: 's',
      help: 'one-sided label smoothing in [0, 1) (default: 0, off: it moves the optimum away from D*)',
    }),
    /**
     * The players' networks, by the model registry's name (./models.ts): `mlp` (multilayer perceptrons,
     * Goodfellow et al. 2014; `generator`, `discriminator` below), `resmlp` (the same fields, each hidden
     * entry a residual block of the first entry's width), or `dcgan` (Radford et al. 2016; image data
     * only: transposed convolutions with batch norm and ReLU in G, tanh output; stride-2 convolutions with
     * leakyRelu 0.2 in D; widths in `dcgan`; the `hidden`, `activation` and `output` fields are not used).
     */
    model: field(z.enum(MODEL_NAMES).default('mlp'), {
      flag: 'model',
      arg: 'name',
      help: 'the networks: {models} (default: {default})',
    }),
    /**
     * Class-conditional GAN (Mirza & Osindero 2014): G gets [z, one-hot label], D gets [x, one-hot
     * label] (dcgan: the label as extra input channels); labeled data only (e.g. mnist). Fake samples'
     * labels are uniform over the classes; snapshots cycle through the classes (sample i has label i mod classes).
     */
    conditional: field(z.boolean().default(false), {
      flag: 'conditional',
      help: 'class-conditional GAN: the label (one-hot) goes into G with z and into D with x; labeled data only, e.g. mnist (the mnist recipe\'s default)',
      negatedHelp: 'the unconditional GAN (THEORY E1), for a recipe that is conditional (mnist)',
    }),
    /** The DCGAN's widths (model `dcgan`): see src/models/dcgan-shape.ts. */
    dcgan: z
      .object({
        /** G's channels before each ×2 upsampling (28×28 images: [C₀ at 7×7, C₁ at 14×14]). */
        generatorChannels: field(z.array(positiveInt.max(2048)).min(1).max(5).default([64, 32]), {
          flag: 'g-channels',
          arg: 'sizes',
          help: 'dcgan: generator channels before each ×2 upsampling (default: {default})',
        }),
        /** D's channels after each stride-2 convolution (28×28 images: [C₀ at 14×14, C₁ at 7×7]). */
        discriminatorChannels: field(z.array(positiveInt.max(2048)).min(1).max(5).default([32, 64]), {
          flag: 'd-channels',
          arg: 'sizes',
          help: 'dcgan: discriminator channels after each stride-2 convolution (default: {default})',
        }),
        /** Side of every kernel (4 as in PyTorch's DCGAN example). */
        kernelSize: field(positiveInt.max(9).default(4), { flag: 'kernel-size', arg: 'k', help: 'dcgan: side of every convolution kernel (default: {default})' }),
      })
      .strict()
      .prefault({}),
    noise: z
      .object({
        dim: field(positiveInt.max(4096).default(2), { flag: 'noise-dim', arg: 'n', help: 'dimension of z (default: {default})', form: { label: 'noise dim', group: 'networks' } }),
        /** P_z: standard normal, or uniform on [−1, 1]^dim. */
        prior: field(z.enum(['normal', 'uniform']).default('normal'), { flag: 'noise', arg: 'prior', help: 'noise prior P_z (default: {default})' }),
      })
      .strict()
      .prefault({}),
    generator: z
      .object({
        hidden: field(z.array(positiveInt.max(16384)).max(16).default([128, 128, 128]), {
          flag: 'g-hidden',
          arg: 'sizes',
          help: 'generator hidden widths (default: {default})',
          form: { label: 'G hidden', group: 'networks' },
        }),
        activation: field(z.enum(ACTIVATIONS).default('relu'), { flag: 'g-activation', arg: 'name', help: 'generator hidden activation (default: {default})' }),
        output: field(z.enum(ACTIVATIONS).default('linear'), { flag: 'g-output', arg: 'name', help: 'generator output activation (default: {default})' }),
      })
      .strict()
      .prefault({}),
    discriminator: z
      .object({
        hidden: field(z.array(positiveInt.max(16384)).max(16).default([128, 128, 128]), {
          flag: 'd-hidden',
          arg: 'sizes',
          help: 'discriminator hidden widths (default: {default})',
          form: { label: 'D hidden', group: 'networks' },
        }),
        activation: field(z.enum(ACTIVATIONS).default('relu'), { flag: 'd-activation', arg: 'name', help: 'discriminator hidden activation (default: {default})' }),
        /**
         * Spectral normalization of every weight matrix (Miyato et al. 2018): each layer uses W/σ(W),
         * σ by one power iteration per update, keeping the critic 1-Lipschitz (E8). Default off.
         */
        spectralNorm: field(z.boolean().default(false), {
          flag: 'spectral-norm',
          help: 'spectral normalization of every discriminator/critic weight matrix (Miyato et al. 2018)',
          form: { label: 'spectral norm', group: 'game', title: 'spectral normalization of every critic weight (Miyato et al. 2018)' },
        }),
      })
      .strict()
      .prefault({}),
    /** Generator updates (Algorithm 1's outer loop). */
    steps: field(positiveInt.max(100_000_000).default(3000), { flag: 'steps', arg: 'n', help: 'generator updates (default: {default})', form: { label: 'steps', group: 'networks' } }),
    /**
     * PacGAN packing (Lin et al. 2018): D judges m samples at once, all real or all generated, its input
     * row [x₁, …, x_m] (m·dim values). A packed D sees the joint distribution of m samples, on which a
     * generator that drops or starves modes is further from the data; 1 (the default) is the ordinary
     * D of one sample. MLPs only, unconditional, batchSize divisible by m; D(x) of a single point
     * (plots' D field, theory tracking) does not exist then.
     */
    pack: field(positiveInt.max(16).default(1), {
      flag: 'pack',
      arg: 'm',
      help: 'PacGAN: D judges m samples at once, all real or all generated (Lin et al. 2018; MLPs; default: {default})',
      defaultText: (v) => (v === 1 ? '1, no packing' : String(v)),
      form: { label: 'pack m', group: 'game', title: 'PacGAN: D judges m samples at once, all real or all generated (Lin et al. 2018); 1 = no packing' },
    }),
    /** k: discriminator updates per generator update (Algorithm 1). */
    dSteps: field(positiveInt.max(1000).default(1), {
      flag: 'd-steps',
      tunable: true,
      arg: 'k',
      help: 'discriminator updates per generator update, k of Algorithm 1 (default: {default})',
      form: { label: 'k', group: 'game', title: 'discriminator updates per generator update' },
    }),
    /**
     * `constant`: k = dSteps at every step. `wgan-official`: the WGAN authors' code (Arjovsky et al.
     * 2017, main.py): k = 100 for the first 25 generator updates and every 500th, else dSteps.
     */
    dStepsSchedule: field(z.enum(['constant', 'wgan-official']).default('constant'), {
      flag: 'd-steps-schedule',
      arg: 'name',
      help: 'k per step: constant, or wgan-official (k = 100 for the first 25 generator updates and every 500th, as in the WGAN code)',
    }),
    batchSize: field(positiveInt.max(65536).default(256), { flag: 'batch-size', arg: 'n', help: 'samples per batch (default: {default})', form: { label: 'batch', group: 'networks' } }),
    seed: field(z.number().int().min(0).max(2 ** 32 - 1).default(0), {
      flag: 'seed',
      arg: 's',
      help: `random seed, 0 to ${2 ** 32 - 1}: same seed, config and backend give the same numbers (default: {default})`,
      seed: true,
      form: { label: 'seed', group: 'networks' },
    }),
    optimizer: field(
      z
        .object({
          generator: optimizerSchema.prefault(defaultOptimizer),
          discriminator: optimizerSchema.prefault(defaultOptimizer),
        })
        .strict()
        .prefault({}),
      {
        players: {
          name: { flag: 'optimizer', arg: 'name', help: 'optimizer of {players}', replacesObject: true },
          learningRate: { flag: 'lr', arg: 'rate', help: 'learning rate of {players}', tunable: true, form: { label: 'lr', group: 'networks' } },
        },
      },
    ),
    /**
     * Learning-rate schedule of both players: `none`, or `linear` decay over a horizon H of generator
     * steps: step t (its k discriminator updates too) uses the factor max(1 − t/H, 1/H), so the rate
     * falls from the configured one to rate/H at step H − 1 and stays there. Sharpens modes late in training.
     */
    learningRateDecay: field(z.enum(['none', 'linear']).default('none'), {
      flag: 'lr-decay',
      arg: 'schedule',
      help: 'learning-rate schedule of both players: none, or linear decay to lr/H at step H − 1, then constant (default: {default})',
    }),
    /**
     * The horizon H of `learningRateDecay: linear`. Unset: H = `steps`, which then depends on the run's
     * length, so `--resume DIR --steps MORE` changes the schedule from the resume point on. Set (as the
     * recipes do), the schedule depends on the step counter only, and a resumed run equals one run.
     */
    learningRateDecaySteps: field(positiveInt.optional(), {
      flag: 'lr-decay-steps',
      arg: 'H',
      help: 'the horizon H of --lr-decay linear (default: {default}; fixed, --resume --steps MORE equals one run)',
      defaultText: (v) => (v === undefined ? '--steps' : String(v)),
    }),
    /**
     * β of an exponential moving average of the generator's weights (./generator-average.ts; Yazıcı et
     * al. 2019), e.g. 0.999: samples, snapshots, plots and evaluations then come from the averaged
     * generator, while training uses the live one. 0 (the default) turns it off.
     */
    generatorAverage: field(z.number().min(0).lt(1).default(0), {
      flag: 'g-average',
      arg: 'β',
      help: 'sample from an exponential moving average of G\'s weights with decay β, e.g. 0.999 (Yazıcı et al. 2019; default: {default})',
      defaultText: (v) => (v === 0 ? '0, off' : String(v)),
      form: { label: 'G average β', group: 'networks', title: "sample from an exponential moving average of G's weights with decay β, e.g. 0.99 (Yazıcı et al. 2019); 0 = off", empty: 0 },
    }),
    /** Every how many steps the loop emits a snapshot (generated samples) for evaluation and plots. */
    snapshotEvery: field(positiveInt.default(500), { flag: 'snapshot-every', arg: 'n', help: 'evaluate and redraw samples.png every n steps (default: {default})' }),
    /**
     * Every how many steps the record carries the critic's empirical Lipschitz estimate
     * (models/lipschitz.ts: an extra forward and backward pass of D on 3 × 64 points, ~15–25 % of a
     * small MLP GAN's step): steps 1, n, 2n, … Measuring draws no random numbers,
     * so training is the same whatever n; only which records hold `lipschitzEstimate` changes.
     */
    lipschitzEvery: field(positiveInt.default(10), {
      flag: 'lipschitz-every',
      arg: 'n',
      help: 'measure the critic\'s empirical Lipschitz estimate (max ‖∇ₓD‖) on step 1 and every n-th (default: {default}; 1: every step, ~15–25 % slower on small MLPs)',
    }),
    /** Generated samples per snapshot (2,500 in the PacGAN protocol). */
    snapshotSamples: positiveInt.max(1_000_000).default(2500),
    /**
     * What a non-finite loss or gradient does (training/divergence.ts): `stop` the run with one line
     * (CLI exit 3), or `rollback`: return to the last good checkpoint (or the start), multiply both
     * learning rates by `rollbackLearningRateFactor`, and go on.
     */
    onDivergence: field(z.enum(ON_DIVERGENCE).default('stop'), {
      flag: 'on-divergence',
      arg: 'action',
      help: 'when a loss or gradient turns NaN/∞: stop (exit 3), or rollback to the last checkpoint with both learning rates × {default.rollbackLearningRateFactor} and go on (at most {default.maxRollbacks} times; default: {default})',
      singleRun: true,
    }),
    /** The factor in (0, 1) both learning rates are multiplied by at each rollback. */
    rollbackLearningRateFactor: z.number().gt(0).lt(1).default(0.5),
    /** Rollbacks allowed in one run; a divergence after the last of them stops it. */
    maxRollbacks: z.number().int().min(1).max(100).default(5),
    /** The TF.js backend the host runs on (part of the config: results are reproducible per backend). */
    backend: field(z.enum(BACKENDS).default('native'), {
      flag: 'backend',
      arg: 'name',
      help: 'TF.js backend (default: {default}; tensorflow needs @tensorflow/tfjs-node installed by you)',
    }),
  })
  .strict()
  .refine((c) => !createObjective(c.loss).properties.needsLipschitz || c.clipValue !== undefined || c.gradientPenaltyWeight > 0 || c.discriminator.spectralNorm, {
    path: ['loss'],
    // the objective's declared property, said with its name (an issue's input is the whole config here)
    error: (issue) => `${(issue.input as { loss?: string } | undefined)?.loss ?? 'this loss'} needs its critic kept Lipschitz: add --clip-value 0.01 (WGAN), --gradient-penalty 10 (WGAN-GP) or --spectral-norm`,
  })
  .refine((c) => c.pack === 1 || (MODEL_PACKING[c.model] && !c.conditional), {
    path: ['pack'],
    error: 'pack (PacGAN) is for unconditional MLP GANs (--model mlp or resmlp): drop --pack, --conditional or --model dcgan',
  })
  .refine((c) => c.batchSize % c.pack === 0, {
    path: ['pack'],
    error: 'pack must divide the batch size (D judges batchSize/pack packs of real and of generated samples): change --pack or --batch-size',
  })
  .refine((c) => c.clipValue === undefined || !c.discriminator.spectralNorm, {
    path: ['clipValue'],
    error: 'weight clipping and spectral normalization both bound the critic: choose one (drop --clip-value or --spectral-norm)',
  });

/** A complete, validated training configuration (every field present). */
export type TrainConfig = z.infer<typeof trainConfigSchema>;
/** What a user may write: every field optional. */
export type TrainConfigInput = z.input<typeof trainConfigSchema>;

/** A config or flag that fails validation. `message` is one line: where, what, and the fix. */
export { ConfigError } from './config-error.js';

/**
 * Validates `input` and fills in defaults. Throws {@link ConfigError} with one line naming the first
 * offending field (`source` names where the config came from, e.g. the file).
 */
export function resolveConfig(input: unknown, source = 'config'): TrainConfig {
  const r = trainConfigSchema.safeParse(input ?? {});
  if (r.success) return r.data;
  throw new ConfigError(formatIssue(r.error.issues[0], source, trainConfigSchema));
}

/** A schema without its optional / default / pipe wrappers. */
function unwrapSchema(s: unknown): unknown {
  for (let i = 0; i < 32; i++) {
    const def = (s as { _zod?: { def?: { type?: string; innerType?: unknown; out?: unknown } } } | undefined)?._zod?.def;
    if (def?.innerType !== undefined) s = def.innerType;
    else if (def?.type === 'pipe') s = def.out;
    else return s;
  }
  return s;
}

/** The field names an object schema accepts at `path` inside `schema` (none if it is not an object there). */
export function fieldsAt(schema: unknown, path: readonly PropertyKey[]): string[] {
  let s = unwrapSchema(schema);
  for (const p of path) {
    const shape = (s as { shape?: Record<string, unknown> } | undefined)?.shape;
    const element = (s as { _zod?: { def?: { element?: unknown } } } | undefined)?._zod?.def?.element;
    s = unwrapSchema(typeof p === 'number' ? element : shape?.[String(p)]);
  }
  return Object.keys((s as { shape?: Record<string, unknown> } | undefined)?.shape ?? {});
}

/**
 * One line for one zod issue: `source: field.path: what is wrong`. With the `schema` the issue came from,
 * an unknown field gets the nearest known one as a suggestion ("stepz" → "steps").
 */
export function formatIssue(issue: z.core.$ZodIssue, source: string, schema?: unknown): string {
  const path = issue.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i > 0 ? '.' : ''}${String(p)}`)).join('');
  let msg = issue.message;
  if (issue.code === 'unrecognized_keys') {
    const known = schema === undefined ? [] : fieldsAt(schema, issue.path);
    msg = `unknown field(s) ${issue.keys.map((k) => `"${k}"${didYouMean(k, known)}`).join(', ')}: rename or remove them (see \`tsgan train --help\`)`;
  }
  if (issue.code === 'invalid_value' && 'values' in issue) msg = `must be one of ${issue.values.map(String).join(', ')}`;
  return `${source}: ${path === '' ? '(top level)' : path}: ${msg}`;
}
