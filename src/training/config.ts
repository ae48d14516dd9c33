/**
 * The one schema of a training run. It gives the TypeScript type (`TrainConfig`), the validation of
 * configs and CLI flags (one-line errors), the defaults, and the `config.json` saved in a run folder.
 */
import { z } from 'zod';
import { ACTIVATIONS } from '../models/activations.js';
import { createObjective, OBJECTIVE_NAMES } from '../objectives/registry.js';
import { didYouMean } from '../text/closest.js';
import { ConfigError } from './config-error.js';
import { MODEL_LIST, MODEL_PACKING, type ModelName } from './model-names.js';

const positiveInt = z.number().int().positive();
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
    data: dataSchema.default('ring8'),
    /** The objective (registry name). `wgan` needs `clipValue` or `gradientPenaltyWeight` (checked below). */
    loss: z.enum(OBJECTIVE_NAMES as [string, ...string[]]).default('non-saturating'),
    /**
     * c: clip every discriminator/critic parameter to [−c, c] after each of its updates (WGAN,
     * Arjovsky et al. 2017, Algorithm 1; paper c = 0.01). Absent = no clipping.
     */
    clipValue: z.number().positive().optional(),
    /** λ of the WGAN-GP penalty λ·E[(‖∇f(x̂)‖₂ − 1)²] (Gulrajani et al. 2017; paper 10); 0 = off (E9). */
    gradientPenaltyWeight: z.number().min(0).default(0),
    /** Penalize only norms above 1: λ·E[max(0, ‖∇f(x̂)‖ − 1)²]. */
    gradientPenaltyOneSided: z.boolean().default(false),
    /** γ of the R1 penalty (γ/2)·E_real[‖∇D(x)‖²] (Mescheder et al. 2018); 0 = off (E9). */
    r1Gamma: z.number().min(0).default(0),
    /** One-sided label smoothing s ∈ [0, 1); 0 = off. */
    labelSmoothing: z.number().min(0).lt(1).default(0),
    /**
     * The players' networks, by the model registry's name (./models.ts): `mlp` (multilayer perceptrons,
     * Goodfellow et al. 2014; `generator`, `discriminator` below), `resmlp` (the same fields, each hidden
     * entry a residual block of the first entry's width), or `dcgan` (Radford et al. 2016; image data
     * only: transposed convolutions with batch norm and ReLU in G, tanh output; stride-2 convolutions with
     * leakyRelu 0.2 in D; widths in `dcgan`; the `hidden`, `activation` and `output` fields are not used).
     */
    model: z.enum(MODEL_NAMES).default('mlp'),
    /**
     * Class-conditional GAN (Mirza & Osindero 2014): G gets [z, one-hot label], D gets [x, one-hot
     * label] (dcgan: the label as extra input channels); labeled data only (e.g. mnist). Fake samples'
     * labels are uniform over the classes; snapshots cycle through the classes (sample i has label i mod classes).
     */
    conditional: z.boolean().default(false),
    /** The DCGAN's widths (model `dcgan`): see src/models/dcgan-shape.ts. */
    dcgan: z
      .object({
        /** G's channels before each ×2 upsampling (28×28 images: [C₀ at 7×7, C₁ at 14×14]). */
        generatorChannels: z.array(positiveInt.max(2048)).min(1).max(5).default([64, 32]),
        /** D's channels after each stride-2 convolution (28×28 images: [C₀ at 14×14, C₁ at 7×7]). */
        discriminatorChannels: z.array(positiveInt.max(2048)).min(1).max(5).default([32, 64]),
        /** Side of every kernel (4 as in PyTorch's DCGAN example). */
        kernelSize: positiveInt.max(9).default(4),
      })
      .strict()
      .prefault({}),
    noise: z
      .object({
        dim: positiveInt.max(4096).default(2),
        /** P_z: standard normal, or uniform on [−1, 1]^dim. */
        prior: z.enum(['normal', 'uniform']).default('normal'),
      })
      .strict()
      .prefault({}),
    generator: z
      .object({
        hidden: z.array(positiveInt.max(16384)).max(16).default([128, 128, 128]),
        activation: z.enum(ACTIVATIONS).default('relu'),
        output: z.enum(ACTIVATIONS).default('linear'),
      })
      .strict()
      .prefault({}),
    discriminator: z
      .object({
        hidden: z.array(positiveInt.max(16384)).max(16).default([128, 128, 128]),
        activation: z.enum(ACTIVATIONS).default('relu'),
        /**
         * Spectral normalization of every weight matrix (Miyato et al. 2018): each layer uses W/σ(W),
         * σ by one power iteration per update, keeping the critic 1-Lipschitz (E8). Default off.
         */
        spectralNorm: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
    /** Generator updates (Algorithm 1's outer loop). */
    steps: positiveInt.max(100_000_000).default(3000),
    /**
     * PacGAN packing (Lin et al. 2018): D judges m samples at once, all real or all generated, its input
     * row [x₁, …, x_m] (m·dim values). A packed D sees the joint distribution of m samples, on which a
     * generator that drops or starves modes is further from the data; 1 (the default) is the ordinary
     * D of one sample. MLPs only, unconditional, batchSize divisible by m; D(x) of a single point
     * (plots' D field, theory tracking) does not exist then.
     */
    pack: positiveInt.max(16).default(1),
    /** k: discriminator updates per generator update (Algorithm 1). */
    dSteps: positiveInt.max(1000).default(1),
    /**
     * `constant`: k = dSteps at every step. `wgan-official`: the WGAN authors' code (Arjovsky et al.
     * 2017, main.py): k = 100 for the first 25 generator updates and every 500th, else dSteps.
     */
    dStepsSchedule: z.enum(['constant', 'wgan-official']).default('constant'),
    batchSize: positiveInt.max(65536).default(256),
    seed: z.number().int().min(0).max(2 ** 32 - 1).default(0),
    optimizer: z
      .object({
        generator: optimizerSchema.prefault(defaultOptimizer),
        discriminator: optimizerSchema.prefault(defaultOptimizer),
      })
      .strict()
      .prefault({}),
    /**
     * Learning-rate schedule of both players: `none`, or `linear` decay over a horizon H of generator
     * steps: step t (its k discriminator updates too) uses the factor max(1 − t/H, 1/H), so the rate
     * falls from the configured one to rate/H at step H − 1 and stays there. Sharpens modes late in training.
     */
    learningRateDecay: z.enum(['none', 'linear']).default('none'),
    /**
     * The horizon H of `learningRateDecay: linear`. Unset: H = `steps`, which then depends on the run's
     * length, so `--resume DIR --steps MORE` changes the schedule from the resume point on. Set (as the
     * recipes do), the schedule depends on the step counter only, and a resumed run equals one run.
     */
    learningRateDecaySteps: positiveInt.optional(),
    /**
     * β of an exponential moving average of the generator's weights (./generator-average.ts; Yazıcı et
     * al. 2019), e.g. 0.999: samples, snapshots, plots and evaluations then come from the averaged
     * generator, while training uses the live one. 0 (the default) turns it off.
     */
    generatorAverage: z.number().min(0).lt(1).default(0),
    /** Every how many steps the loop emits a snapshot (generated samples) for evaluation and plots. */
    snapshotEvery: positiveInt.default(500),
    /**
     * Every how many steps the record carries the critic's empirical Lipschitz estimate
     * (models/lipschitz.ts: an extra forward and backward pass of D on 3 × 64 points, ~15–25 % of a
     * small MLP GAN's step): steps 1, n, 2n, … Measuring draws no random numbers,
     * so training is the same whatever n; only which records hold `lipschitzEstimate` changes.
     */
    lipschitzEvery: positiveInt.default(10),
    /** Generated samples per snapshot (2,500 in the PacGAN protocol). */
    snapshotSamples: positiveInt.max(1_000_000).default(2500),
    /**
     * What a non-finite loss or gradient does (training/divergence.ts): `stop` the run with one line
     * (CLI exit 3), or `rollback`: return to the last good checkpoint (or the start), multiply both
     * learning rates by `rollbackLearningRateFactor`, and go on.
     */
    onDivergence: z.enum(ON_DIVERGENCE).default('stop'),
    /** The factor in (0, 1) both learning rates are multiplied by at each rollback. */
    rollbackLearningRateFactor: z.number().gt(0).lt(1).default(0.5),
    /** Rollbacks allowed in one run; a divergence after the last of them stops it. */
    maxRollbacks: z.number().int().min(1).max(100).default(5),
    /** The TF.js backend the host runs on (part of the config: results are reproducible per backend). */
    backend: z.enum(BACKENDS).default('native'),
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
