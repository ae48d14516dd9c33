/**
 * Limits on the networks and on memory, so that a run too large for the machine is refused in one line
 * before anything is allocated (docs/reliability.md, "Limits on input"):
 *
 * - network width: hidden layers of at most {@link DEFAULT_MAX_WIDTH} units unless the host raises it
 *   (`--max-width`, up to the schema's 16384); depth is the schema's (16 hidden layers);
 * - sample counts: at most {@link DEFAULT_MAX_SAMPLES} generated samples at once (`--max-samples`);
 * - memory: {@link estimateTrainingMemory} against a {@link MemoryBudget} the host gives (the CLI: the
 *   machine's free memory, and the wasm backend's 4 GB of tensor memory); `--skip-memory-check` skips it.
 *
 * The library sets no budget: a host sets one with {@link setMemoryBudget}, and `checkDataFitsModel`
 * (./networks.ts), which every training host calls before it writes anything, applies it.
 */
import { megabytes } from '../data/limits.js';
import { ConfigError, type OptimizerConfig, type TrainConfig } from './config.js';
import { MODELS, type NetworkSizes } from './models.js';
import type { DataShape } from './data-shape.js';

/** The widest hidden layer the CLI accepts unless `--max-width` raises it. */
export const DEFAULT_MAX_WIDTH = 4096;

/** The widest hidden layer the config schema accepts at all (`--max-width` cannot go beyond). */
export const SCHEMA_MAX_WIDTH = 16384;

/** The most samples `tsgan eval` and `tsgan sample` draw unless `--max-samples` raises it. */
export const DEFAULT_MAX_SAMPLES = 10_000_000;

export type { DataShape } from './data-shape.js';

/** The parts of {@link estimateTrainingMemory}'s estimate, in bytes (parameters: a count). */
export interface TrainingMemoryEstimate {
  /** Trainable parameters of both networks. */
  readonly parameters: number;
  /** Their weights, gradients, optimizer slots, averaged generator and spectral-norm raw weights (float32). */
  readonly parameterBytes: number;
  /** One step's activations (float32). */
  readonly activationBytes: number;
  /** A snapshot's samples in JavaScript memory (float64, and one copy for evaluation and plots). */
  readonly sampleBytes: number;
  /** What the backend holds in tensors: parameterBytes + activationBytes + one chunk of samples (float32). */
  readonly tensorBytes: number;
  /** tensorBytes + sampleBytes. */
  readonly totalBytes: number;
}

/** Optimizer slots per parameter: Adam m and v; RMSProp v, and a momentum buffer when momentum > 0; SGD none. */
function slotsPerParameter(o: OptimizerConfig): number {
  if (o.name === 'adam') return 2;
  if (o.name === 'rmsprop') return o.momentum > 0 ? 2 : 1;
  return 0;
}

/** Parameters and units per row (every layer's width, input and output included) of each network (the model registry's). */
function networkSizes(config: TrainConfig, data: DataShape, classes: number): NetworkSizes {
  return MODELS[config.model].sizes(config, data, classes);
}

/**
 * An estimate of the memory a training run of `config` on data of shape `data` takes (`classes` > 0 for
 * a conditional GAN), in bytes; an estimate to refuse what cannot fit, not a measurement:
 *
 * - parameters P_G, P_D (exact: the networks' trainable sizes), 4 bytes each times (2 + s + e): the
 *   weights, their gradients, s optimizer slots (Adam 2, RMSProp 1 or 2 with momentum, SGD 0), and e = 1
 *   for the averaged generator (G) or spectral normalization's raw weights (D);
 * - activations: 4 bytes × F × (n·A_G + (2n/m)·A_D), with A a network's units per row (every layer's
 *   width, input and output included; DCGAN: every feature map's size), n the batch, m the packing, and
 *   F = 4 (pre-activations and outputs forward, their gradients backward), for D 8 with a gradient
 *   penalty or R1 (double backpropagation);
 * - samples: a snapshot of `snapshotSamples` points of `dim` float64 values and one copy (16 bytes per
 *   value), and one chunk of them as a float32 tensor (4,096 points; 256 images).
 */
export function estimateTrainingMemory(config: TrainConfig, data: DataShape, classes = 0): TrainingMemoryEstimate {
  const { g, d, gUnits, dUnits } = networkSizes(config, data, classes);
  const gCopies = 2 + slotsPerParameter(config.optimizer.generator) + (config.generatorAverage > 0 ? 1 : 0);
  const dCopies = 2 + slotsPerParameter(config.optimizer.discriminator) + (config.discriminator.spectralNorm ? 1 : 0);
  const parameterBytes = 4 * (g * gCopies + d * dCopies);
  const n = config.batchSize;
  const penalties = config.gradientPenaltyWeight > 0 || config.r1Gamma > 0;
  const activationBytes = 4 * 4 * n * gUnits + 4 * (penalties ? 8 : 4) * ((2 * n) / config.pack) * dUnits;
  const samples = config.snapshotSamples;
  const sampleBytes = 16 * samples * data.dim;
  const chunk = Math.min(samples, MODELS[config.model].sampleChunk);
  const tensorBytes = parameterBytes + activationBytes + 4 * chunk * data.dim;
  return { parameters: g + d, parameterBytes, activationBytes, sampleBytes, tensorBytes, totalBytes: tensorBytes + sampleBytes };
}

/** What a host lets training take. */
export interface MemoryBudget {
  /** Bytes of memory free for the run (the CLI: the machine's free memory). */
  readonly availableBytes: number;
  /** The most the backend can hold in tensors, if it has such a limit (wasm: 4 GB), and its name in messages. */
  readonly tensorBytes?: number;
  readonly tensorLabel?: string;
}

/** Bytes in words: GB (2³⁰ bytes) with one decimal from 1 GB up, else MB. */
function size(bytes: number): string {
  return bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(1)} GB` : `${megabytes(bytes)} MB`;
}

const MEMORY_FIX = 'use narrower or fewer layers (--g-hidden, --d-hidden), a smaller --batch-size or snapshotSamples (--config), or --skip-memory-check to try anyway';

/**
 * Throws a one-line ConfigError when the estimate ({@link estimateTrainingMemory}) of `copies` runs at
 * once (a benchmark's parallel seeds, each its own process) exceeds the budget: one run's tensors above
 * the backend's tensor memory, or all runs above the available memory.
 */
export function checkTrainingMemory(config: TrainConfig, data: DataShape, budget: MemoryBudget, classes = 0, copies = 1): void {
  const e = estimateTrainingMemory(config, data, classes);
  const parts = `parameters, gradients and optimizer state ${size(e.parameterBytes)}, activations ${size(e.activationBytes)}, samples ${size(e.sampleBytes)}`;
  if (budget.tensorBytes !== undefined && e.tensorBytes > budget.tensorBytes) {
    throw new ConfigError(`training needs about ${size(e.tensorBytes)} of tensor memory (${parts}), more than ${budget.tensorLabel ?? size(budget.tensorBytes)}: ${MEMORY_FIX}`);
  }
  if (copies * e.totalBytes > budget.availableBytes) {
    const runs = copies > 1 ? ` for ${copies} seeds at once (--jobs)` : '';
    throw new ConfigError(`training needs about ${size(copies * e.totalBytes)}${runs} (${copies > 1 ? 'each: ' : ''}${parts}), more than the ${size(budget.availableBytes)} of free memory: ${MEMORY_FIX}`);
  }
}

let budgetInEffect: MemoryBudget | undefined;

/** Sets the budget `checkDataFitsModel` checks training against from now on in this process; undefined: no check (the default). */
export function setMemoryBudget(budget: MemoryBudget | undefined): void {
  budgetInEffect = budget;
}

/** The budget set by {@link setMemoryBudget}, if any. */
export function memoryBudgetInEffect(): MemoryBudget | undefined {
  return budgetInEffect;
}

/**
 * Throws a one-line ConfigError naming `--max-width` when a hidden layer of an MLP is wider than
 * `maxWidth`. `flags` maps a field ('generator.hidden', 'discriminator.hidden') to the flag that set
 * it, for the message; the field's path is named otherwise.
 */
export function checkNetworkWidths(config: TrainConfig, maxWidth: number, flags: Readonly<Record<string, string>> = {}): void {
  if (!MODELS[config.model].usesHiddenWidths) return;
  for (const [field, widths] of [['generator.hidden', config.generator.hidden], ['discriminator.hidden', config.discriminator.hidden]] as const) {
    widths.forEach((w, i) => {
      if (w > maxWidth) {
        throw new ConfigError(`${flags[field] ?? `${field}[${i}]`}: a layer of ${w} units is wider than the limit of ${maxWidth}: use narrower layers, or raise the limit with --max-width ${w} (at most ${SCHEMA_MAX_WIDTH})`);
      }
    });
  }
}

/**
 * Throws a one-line ConfigError when `n` samples of `dim` values are more than `maxSamples`
 * (naming `--max-samples`) or would take more than `availableBytes` (float64, and one copy); `flag`
 * is the flag that asked for them (e.g. "--samples").
 */
export function checkSampleCount(n: number, dim: number, flag: string, limits: { readonly maxSamples: number; readonly availableBytes?: number }): void {
  if (n > limits.maxSamples) {
    throw new ConfigError(`${flag} ${n}: more than the limit of ${limits.maxSamples} samples: give fewer, or raise the limit with --max-samples ${n} if the machine has the memory`);
  }
  const bytes = 16 * n * dim;
  if (limits.availableBytes !== undefined && bytes > limits.availableBytes) {
    throw new ConfigError(`${flag} ${n}: ${n} samples of ${dim} values take about ${size(bytes)}, more than the ${size(limits.availableBytes)} of free memory: give fewer`);
  }
}
