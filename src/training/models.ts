/**
 * The model registry: every architecture a run's `model` field can name, with everything the rest of
 * tsgan needs to know about it — how to build each player's network for a config and a data set, what
 * data it refuses (one line, before anything is built), its own default settings, the sizes the memory
 * estimate and the thread choice use, and whether D's rows can be packed (PacGAN). Nothing outside
 * this file asks which model a config names: adding a model is its network file(s) in ../models, one
 * entry here, and its name in ./model-names.ts, with whether D's rows can be packed, which the config
 * schema checks (the residual MLP, `resmlp`, was added that way).
 */
import type { Dataset } from '../data/distribution.js';
import { ImageDataset } from '../data/image-dataset.js';
import { DcganDiscriminator } from '../models/dcgan-discriminator.js';
import { DcganGenerator } from '../models/dcgan-generator.js';
import { checkDcganShape, type DcganShape } from '../models/dcgan-shape.js';
import { Mlp } from '../models/mlp.js';
import type { Network } from '../models/network.js';
import { ResidualMlp } from '../models/residual-mlp.js';
import type { Rng } from '../random/rng.js';
import type { TrainConfig, TrainConfigInput } from './config.js';
import { ConfigError } from './config-error.js';
import type { DataShape } from './data-shape.js';
import { MODEL_PACKING, type ModelName } from './model-names.js';

/** Which player: the generator (`init:generator` stream) or the discriminator (`init:discriminator`). */
export type Player = 'generator' | 'discriminator';

/** A model's own settings, applied when a user picks it and leaves them out (see ./model-defaults.ts). */
export interface ModelDefaults {
  readonly description: string;
  readonly config: TrainConfigInput;
}

/** Parameters and units per row (every layer's width, input and output included) of each network. */
export interface NetworkSizes {
  readonly g: number;
  readonly d: number;
  readonly gUnits: number;
  readonly dUnits: number;
}

export interface ModelSpec {
  /** One line for the help text. */
  readonly summary: string;
  /** Settings applied over a recipe when a user picks this model (undefined: the schema's and the recipes'). */
  readonly defaults?: ModelDefaults;
  /** D's input is flat rows that PacGAN can pack side by side (declared with the name, ./model-names.ts). */
  readonly packs: boolean;
  /** The config's `generator.hidden` / `discriminator.hidden` widths are this model's (so `--max-width` applies). */
  readonly usesHiddenWidths: boolean;
  /** Rows per forward pass when drawing samples (for the memory estimate; the networks say the same). */
  readonly sampleChunk: number;
  /**
   * What its discriminator offers as a critic, for refusing a config before anything is built (the
   * networks' `capabilities` say the same, which the trainer checks again; a test holds the two equal):
   * double backpropagation (E9's penalties) and spectral normalization.
   */
  readonly critic: { readonly penalties: boolean; readonly spectralNorm: boolean };
  /** Throws a one-line ConfigError when `dataset` does not suit this model (before anything is built). */
  check(config: TrainConfig, dataset: Dataset, classes: number): void;
  /**
   * One player's network for `config` on `dataset`, initialized from `rng`. A conditional network
   * (`classes` > 0) takes a one-hot label after z or x; a packed D (`config.pack` = m > 1) m samples side by side.
   */
  create(player: Player, config: TrainConfig, dataset: Dataset, classes: number, rng: Rng): Network;
  /** Parameters and units per row of both networks, for the memory estimate (./limits.ts). */
  sizes(config: TrainConfig, data: DataShape, classes: number): NetworkSizes;
  /** Mean multiply-adds per matrix product of a training step (the thread choice); undefined: large (convolutions). */
  productSize(config: TrainConfig, dataDim: number): number | undefined;
}

/** Parameters of a dense network with layer sizes `sizes` (weights and biases). */
function denseParameters(sizes: readonly number[]): number {
  let p = 0;
  for (let i = 1; i < sizes.length; i++) p += (sizes[i - 1] + 1) * sizes[i];
  return p;
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** The layer widths of each MLP player: G z ⊕ label → hidden → data; D (m packed samples) ⊕ label → hidden → 1. */
function mlpLayerSizes(config: TrainConfig, dataDim: number, classes: number): { g: number[]; d: number[] } {
  return {
    g: [config.noise.dim + classes, ...config.generator.hidden, dataDim],
    d: [dataDim * config.pack + classes, ...config.discriminator.hidden, 1],
  };
}

/** Mean multiply-adds per product of an MLP pair (unpacked, unconditional) at the config's batch size. */
function mlpProductSize(config: TrainConfig, dataDim: number): number {
  let weights = 0;
  let products = 0;
  for (const sizes of [[config.noise.dim, ...config.generator.hidden, dataDim], [dataDim, ...config.discriminator.hidden, 1]]) {
    for (let i = 0; i + 1 < sizes.length; i++) weights += sizes[i] * sizes[i + 1];
    products += sizes.length - 1;
  }
  return (config.batchSize * weights) / products;
}

const MLP: ModelSpec = {
  summary: 'multilayer perceptrons (Goodfellow et al. 2014): --g-hidden, --d-hidden, --activation',
  packs: MODEL_PACKING.mlp,
  usesHiddenWidths: true,
  sampleChunk: 4096,
  critic: { penalties: true, spectralNorm: true },
  check: () => undefined,
  create(player, config, dataset, classes, rng) {
    const { g, d } = mlpLayerSizes(config, dataset.dim, classes);
    if (player === 'generator') {
      const c = config.generator;
      return Mlp.create({ inputDim: g[0], hidden: c.hidden, outputDim: dataset.dim, activation: c.activation, outputActivation: c.output }, rng, 'generator');
    }
    const c = config.discriminator;
    return Mlp.create({ inputDim: d[0], hidden: c.hidden, outputDim: 1, activation: c.activation, outputActivation: 'linear' }, rng, 'discriminator');
  },
  sizes(config, data, classes) {
    const { g, d } = mlpLayerSizes(config, data.dim, classes);
    return { g: denseParameters(g), d: denseParameters(d), gUnits: sum(g), dUnits: sum(d) };
  },
  productSize: mlpProductSize,
};

/** The residual MLP's width and block count from a player's hidden widths (all equal; ConfigError otherwise). */
function residualShape(hidden: readonly number[], field: string): { width: number; blocks: number } {
  if (hidden.length === 0 || hidden.some((w) => w !== hidden[0])) {
    throw new ConfigError(`model resmlp: ${field} must be one width repeated (each entry a residual block of that width), got [${hidden.join(', ')}]: e.g. --g-hidden 128,128,128`);
  }
  return { width: hidden[0], blocks: hidden.length };
}

const RESMLP: ModelSpec = {
  summary: 'residual MLPs (He et al. 2016 shortcuts): each --g-hidden / --d-hidden entry a residual block, all of one width',
  packs: MODEL_PACKING.resmlp,
  usesHiddenWidths: true,
  sampleChunk: 4096,
  critic: { penalties: false, spectralNorm: false },
  check(config) {
    residualShape(config.generator.hidden, 'generator.hidden');
    residualShape(config.discriminator.hidden, 'discriminator.hidden');
  },
  create(player, config, dataset, classes, rng) {
    const { g, d } = mlpLayerSizes(config, dataset.dim, classes);
    if (player === 'generator') {
      const c = config.generator;
      return ResidualMlp.create({ inputDim: g[0], ...residualShape(c.hidden, 'generator.hidden'), outputDim: dataset.dim, activation: c.activation, outputActivation: c.output }, rng, 'generator');
    }
    const c = config.discriminator;
    return ResidualMlp.create({ inputDim: d[0], ...residualShape(c.hidden, 'discriminator.hidden'), outputDim: 1, activation: c.activation, outputActivation: 'linear' }, rng, 'discriminator');
  },
  sizes(config, data, classes) {
    // each block is two width × width layers; in and out as an MLP's first and last
    const { g, d } = mlpLayerSizes(config, data.dim, classes);
    const count = (sizes: number[]) => {
      const w = sizes[1];
      const blocks = sizes.length - 2;
      return { params: denseParameters([sizes[0], w]) + 2 * blocks * denseParameters([w, w]) + denseParameters([w, sizes[sizes.length - 1]]), units: sizes[0] + w * (1 + 2 * blocks) + sizes[sizes.length - 1] };
    };
    const gs = count(g);
    const ds = count(d);
    return { g: gs.params, d: ds.params, gUnits: gs.units, dUnits: ds.units };
  },
  productSize: mlpProductSize,
};

/**
 * The DCGAN shape for `config` on `dataset` (with `classes` for a conditional pair); throws a one-line
 * ConfigError unless the data are images.
 */
export function dcganShapeFor(config: TrainConfig, dataset: Dataset, classes = 0): DcganShape {
  if (!(dataset instanceof ImageDataset)) {
    throw new ConfigError(`model dcgan needs image data (e.g. --data mnist), got ${dataset.label} (${dataset.dim}-D points): use --model mlp`);
  }
  return {
    height: dataset.height,
    width: dataset.width,
    channels: dataset.channels,
    noiseDim: config.noise.dim,
    generatorChannels: config.dcgan.generatorChannels,
    discriminatorChannels: config.dcgan.discriminatorChannels,
    kernelSize: config.dcgan.kernelSize,
    classes,
  };
}

/** Runs `f`, turning a network's RangeError (a shape it cannot take) into the one-line ConfigError of `model`. */
function asConfigError<T>(model: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof RangeError) throw new ConfigError(`model ${model}: ${e.message}`);
    throw e;
  }
}

/**
 * DCGAN, Radford, Metz & Chintala 2016, §4: z of 100 dimensions, Adam lr 2e-4 with β1 = 0.5 (the
 * schema's defaults already). Deviation: mini-batches of 64 instead of the paper's 128 (half the time
 * per step on a CPU), and normal noise instead of uniform (the schema's default).
 */
export const DCGAN_DEFAULTS: ModelDefaults = {
  description: 'DCGAN (Radford et al. 2016): noise dimension 100, batch 64, Adam lr 2e-4 β=(0.5, 0.999)',
  // pack 1: a DCGAN's D judges one image (a recipe's packing is for its MLPs).
  config: { noise: { dim: 100 }, batchSize: 64, pack: 1 },
};

const DCGAN: ModelSpec = {
  summary: 'convolutional (Radford et al. 2016), image data only: --g-channels, --d-channels, --kernel-size',
  defaults: DCGAN_DEFAULTS,
  packs: MODEL_PACKING.dcgan,
  usesHiddenWidths: false,
  sampleChunk: 256,
  critic: { penalties: true, spectralNorm: true },
  check(config, dataset, classes) {
    const shape = dcganShapeFor(config, dataset, classes);
    asConfigError('dcgan', () => {
      checkDcganShape(shape, shape.generatorChannels.length);
      checkDcganShape(shape, shape.discriminatorChannels.length);
    });
  },
  create(player, config, dataset, classes, rng) {
    const shape = dcganShapeFor(config, dataset, classes);
    return asConfigError('dcgan', () => (player === 'generator' ? DcganGenerator.create(shape, rng) : DcganDiscriminator.create(shape, rng)));
  },
  sizes(config, data, classes) {
    if (data.image === undefined) throw new RangeError('a DCGAN needs image data');
    const { height: H, width: W, channels: C } = data.image;
    const k2 = config.dcgan.kernelSize ** 2;
    const gc = [...config.dcgan.generatorChannels, C];
    const L = gc.length - 1;
    // G: z ⊕ label → dense → [H/2^L, W/2^L, C₀]; stage i: batch norm (γ, β) and a transposed conv C_i → C_{i+1}, bias on the last only.
    const start = (H / 2 ** L) * (W / 2 ** L) * gc[0];
    let g = (config.noise.dim + classes + 1) * start + C;
    let gUnits = config.noise.dim + classes;
    for (let i = 0; i < L; i++) {
      g += 2 * gc[i] + k2 * gc[i] * gc[i + 1];
      gUnits += (H / 2 ** (L - i)) * (W / 2 ** (L - i)) * gc[i];
    }
    gUnits += H * W * C;
    // D: stride-2 convolutions (with biases) from C + classes label planes, then dense → 1.
    const dc = config.dcgan.discriminatorChannels;
    let d = 0;
    let dUnits = H * W * (C + classes);
    let inC = C + classes;
    dc.forEach((o, i) => {
      d += k2 * inC * o + o;
      dUnits += (H / 2 ** (i + 1)) * (W / 2 ** (i + 1)) * o;
      inC = o;
    });
    const features = (H / 2 ** dc.length) * (W / 2 ** dc.length) * inC;
    d += features + 1;
    dUnits += 1;
    return { g, d, gUnits, dUnits };
  },
  // Convolutions are large products (tens of millions of multiply-adds at batch 64).
  productSize: () => undefined,
};

/**
 * The one-line problem of a config that asks its critic for what the critic does not `offer` (a
 * gradient penalty or R1 without double backpropagation, spectral normalization without it), or
 * undefined. The registry's declarations (before anything is built) and the built network's
 * capabilities (the trainer) are both checked with it.
 */
export function criticCapabilityProblem(config: TrainConfig, offers: { readonly penalties: boolean; readonly spectralNorm: boolean }): string | undefined {
  if ((config.gradientPenaltyWeight > 0 || config.r1Gamma > 0) && !offers.penalties) {
    return `model ${config.model} has no double backpropagation for a gradient penalty: drop the penalty (e.g. clip the weights) or use --model mlp or dcgan`;
  }
  if (config.discriminator.spectralNorm && !offers.spectralNorm) {
    return `model ${config.model} has no spectral normalization: drop --spectral-norm or use --model mlp or dcgan`;
  }
  return undefined;
}

/** Throws the one-line ConfigError of {@link criticCapabilityProblem} for the model's declared critic. */
export function checkCriticCapabilities(config: TrainConfig): void {
  const problem = criticCapabilityProblem(config, MODELS[config.model].critic);
  if (problem !== undefined) throw new ConfigError(problem);
}

/** Every model, by the name a config gives it. */
export const MODELS = { mlp: MLP, dcgan: DCGAN, resmlp: RESMLP } as const satisfies Record<ModelName, ModelSpec>;
export { MODEL_LIST, MODEL_PACKING, type ModelName } from './model-names.js';
