/**
 * The players' networks for a config (`model`): MLPs, or the DCGAN pair for image data. Each network
 * is initialized from its own stream derived from the config's seed.
 */
import type { Dataset } from '../data/distribution.js';
import { ImageDataset } from '../data/image-dataset.js';
import { DcganDiscriminator } from '../models/dcgan-discriminator.js';
import { DcganGenerator } from '../models/dcgan-generator.js';
import { checkDcganShape, type DcganShape } from '../models/dcgan-shape.js';
import { Mlp } from '../models/mlp.js';
import type { Network } from '../models/network.js';
import { createRng, deriveSeed } from '../random/rng.js';
import { ConfigError, type TrainConfig } from './config.js';
import { labeledData } from './labels.js';
import { checkTrainingMemory, memoryBudgetInEffect, type DataShape } from './limits.js';

/**
 * Throws the one-line ConfigError the trainer would throw when `dataset` does not fit the config's
 * networks (dcgan: images with sides divisible by 2^stages; conditional: labels), without building
 * them, so that a host can refuse before it writes anything. When the host set a memory budget
 * (./limits.ts, setMemoryBudget), also refuses a run whose estimated memory exceeds it.
 */
export function checkDataFitsModel(config: TrainConfig, dataset: Dataset): void {
  const classes = config.conditional ? labeledData(dataset).classes : 0;
  if (config.model === 'dcgan') {
    const shape = dcganShapeFor(config, dataset, classes);
    try {
      checkDcganShape(shape, shape.generatorChannels.length);
      checkDcganShape(shape, shape.discriminatorChannels.length);
    } catch (e) {
      if (e instanceof RangeError) throw new ConfigError(`model dcgan: ${e.message}`);
      throw e;
    }
  }
  const budget = memoryBudgetInEffect();
  if (budget !== undefined) checkTrainingMemory(config, dataShape(dataset), budget, classes);
}

/** The shape of `dataset` for the memory estimate (./limits.ts): its dimension, and an image's sides. */
export function dataShape(dataset: Dataset): DataShape {
  return dataset instanceof ImageDataset ? { dim: dataset.dim, image: { height: dataset.height, width: dataset.width, channels: dataset.channels } } : { dim: dataset.dim };
}

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

/** Which player: the generator (`init:generator` stream) or the discriminator (`init:discriminator`). */
export type Player = 'generator' | 'discriminator';

/**
 * One player's network for `config` on `dataset`, initialized from its own stream derived from the
 * config's seed: the DCGAN's (image data; a one-line ConfigError otherwise) or an MLP (`generator`,
 * `discriminator` fields, on data of `dataset.dim`). A conditional network (`classes` > 0) takes a
 * one-hot label after z or x; a packed D (`config.pack` = m > 1, PacGAN) takes m samples side by
 * side, m·dim inputs.
 */
export function createNetwork(player: Player, config: TrainConfig, dataset: Dataset, classes = 0): Network {
  const rng = createRng(deriveSeed(config.seed, `init:${player}`));
  if (config.model === 'dcgan') {
    const shape = dcganShapeFor(config, dataset, classes);
    try {
      return player === 'generator' ? DcganGenerator.create(shape, rng) : DcganDiscriminator.create(shape, rng);
    } catch (e) {
      if (e instanceof RangeError) throw new ConfigError(`model dcgan: ${e.message}`);
      throw e;
    }
  }
  if (player === 'generator') {
    const g = config.generator;
    return Mlp.create({ inputDim: config.noise.dim + classes, hidden: g.hidden, outputDim: dataset.dim, activation: g.activation, outputActivation: g.output }, rng, 'generator');
  }
  const d = config.discriminator;
  return Mlp.create({ inputDim: dataset.dim * config.pack + classes, hidden: d.hidden, outputDim: 1, activation: d.activation, outputActivation: 'linear' }, rng, 'discriminator');
}

/** Both players' networks (see {@link createNetwork}). */
export function createNetworks(config: TrainConfig, dataset: Dataset, classes = 0): { generator: Network; discriminator: Network } {
  const generator = createNetwork('generator', config, dataset, classes);
  try {
    return { generator, discriminator: createNetwork('discriminator', config, dataset, classes) };
  } catch (e) {
    generator.dispose();
    throw e;
  }
}
