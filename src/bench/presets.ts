/**
 * The benchmark presets of `tsgan bench`. Each is exactly a preset of a PyTorch reference
 * (toy2d and mnist-mlp: scripts/torch-reference.py; mnist-dcgan: scripts/torch-dcgan-reference.py):
 * the same layer sizes, batch, non-saturating loss, Adam (lr 1e-4, β = (0.5, 0.999)), one
 * discriminator update and one generator update per step, float32.
 *
 * A preset is an ordinary training config: the benchmark times `GanTrainer.trainStep()`, the step
 * `tsgan train` runs, on the config below.
 */
import type { Dataset } from '../data/distribution.js';
import { distributionFromSpec } from '../data/index.js';
import { createRng } from '../random/rng.js';
import { resolveConfig, type TrainConfig, type TrainConfigInput } from '../training/config.js';
import { randomImageDataset, uniformTableDataset } from './uniform-table.js';

export interface BenchPreset {
  readonly name: string;
  /** One line for the help text. */
  readonly summary: string;
  /** Timed steps when --steps is not given (as in the reference). */
  readonly defaultSteps: number;
  /** The training config; `data` names the data set for the records only. */
  readonly config: TrainConfigInput;
  /** The real data set (built on demand: the mnist-mlp table takes 190 MB). */
  dataset(): Dataset;
}

const adam = { name: 'adam', learningRate: 1e-4, beta1: 0.5, beta2: 0.999, epsilon: 1e-8 } as const;

/** The rows and columns of the mnist-mlp preset's table (the size of MNIST's training set). */
export const MNIST_TABLE = { rows: 60000, dim: 784 } as const;

export const BENCH_PRESETS = {
  toy2d: {
    name: 'toy2d',
    summary: 'noise 2 → G 128-128-128 → 2, D 2 → 128-128-128 → 1, ReLU, batch 256, ring8 data',
    defaultSteps: 300,
    config: {
      data: 'ring8',
      loss: 'non-saturating',
      noise: { dim: 2, prior: 'normal' },
      generator: { hidden: [128, 128, 128], activation: 'relu', output: 'linear' },
      discriminator: { hidden: [128, 128, 128], activation: 'relu' },
      dSteps: 1,
      batchSize: 256,
      optimizer: { generator: adam, discriminator: adam },
    },
    dataset: () => distributionFromSpec('ring8'),
  },
  'mnist-mlp': {
    name: 'mnist-mlp',
    summary: 'noise 100 → G 256-512-1024 → 784 (tanh), D 784 → 512-256 → 1, ReLU, batch 64, a 60000×784 table of U[−1, 1] values',
    defaultSteps: 100,
    config: {
      data: 'uniform-table',
      loss: 'non-saturating',
      noise: { dim: 100, prior: 'normal' },
      generator: { hidden: [256, 512, 1024], activation: 'relu', output: 'tanh' },
      discriminator: { hidden: [512, 256], activation: 'relu' },
      dSteps: 1,
      batchSize: 64,
      optimizer: { generator: adam, discriminator: adam },
    },
    dataset: () => uniformTableDataset(MNIST_TABLE.rows, MNIST_TABLE.dim, createRng(0)),
  },
  'mnist-dcgan': {
    name: 'mnist-dcgan',
    summary:
      "the mnist recipe's DCGAN, unconditional (--model dcgan --no-conditional): noise 100 → dense → 7×7×64 → (BN, ReLU, ×2) → 14×14×32 → (BN, ReLU, ×2) → 28×28×1 (tanh), D 28×28×1 → 4×4 stride-2 convolutions 32, 64 (leakyReLU 0.2) → 1, batch 64, 60000 images of random bytes",
    defaultSteps: 50,
    config: {
      data: 'random-images',
      model: 'dcgan',
      loss: 'non-saturating',
      noise: { dim: 100, prior: 'normal' },
      dcgan: { generatorChannels: [64, 32], discriminatorChannels: [32, 64], kernelSize: 4 },
      dSteps: 1,
      batchSize: 64,
      optimizer: { generator: adam, discriminator: adam },
    },
    dataset: () => randomImageDataset(MNIST_TABLE.rows, 28, 28, createRng(0)),
  },
} as const satisfies Record<string, BenchPreset>;

export type BenchPresetName = keyof typeof BENCH_PRESETS;
export const BENCH_PRESET_NAMES = Object.keys(BENCH_PRESETS) as BenchPresetName[];

/** The preset called `name`; an unknown name throws an error listing the known ones. */
export function benchPreset(name: string): BenchPreset {
  const p = (BENCH_PRESETS as Record<string, BenchPreset>)[name];
  if (p === undefined) throw new RangeError(`unknown benchmark preset "${name}": choose one of ${BENCH_PRESET_NAMES.join(', ')}`);
  return p;
}

/** The full training config of a preset, with a seed and backend (everything else as in the reference). */
export function benchConfig(preset: BenchPreset, over: { seed?: number; backend?: TrainConfig['backend'] } = {}): TrainConfig {
  return resolveConfig({ ...preset.config, ...over });
}
