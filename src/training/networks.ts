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

/**
 * Throws the one-line ConfigError the trainer would throw when `dataset` does not fit the config's
 * networks (dcgan: images with sides divisible by 2^stages; conditional: labels), without building
 * them, so that a host can refuse before it writes anything.
 */
export function checkDataFitsModel(config: TrainConfig, dataset: Dataset): void {
  const classes = config.conditional ? labeledData(dataset).classes : 0;
  if (config.model !== 'dcgan') return;
  const shape = dcganShapeFor(config, dataset, classes);
  try {
    checkDcganShape(shape, shape.generatorChannels.length);
    checkDcganShape(shape, shape.discriminatorChannels.length);
  } catch (e) {
    if (e instanceof RangeError) throw new ConfigError(`model dcgan: ${e.message}`);
    throw e;
  }
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

/** The DCGAN generator and discriminator for `config` on `dataset` (image data). */
export function createDcganNetworks(config: TrainConfig, dataset: Dataset, classes = 0): { generator: Network; discriminator: Network } {
  const shape = dcganShapeFor(config, dataset, classes);
  const seed = config.seed;
  let generator: DcganGenerator | undefined;
  try {
    generator = DcganGenerator.create(shape, createRng(deriveSeed(seed, 'init:generator')));
    const discriminator = DcganDiscriminator.create(shape, createRng(deriveSeed(seed, 'init:discriminator')));
    return { generator, discriminator };
  } catch (e) {
    generator?.dispose();
    if (e instanceof RangeError) throw new ConfigError(`model dcgan: ${e.message}`);
    throw e;
  }
}

/**
 * The MLP generator and discriminator for `config` (`generator`, `discriminator` fields) on data of
 * `dataset.dim`; a conditional pair (`classes` > 0) takes a one-hot label after z and after x; a
 * packed D (`config.pack` = m > 1, PacGAN) takes m samples side by side, m·dim inputs.
 */
export function createMlpNetworks(config: TrainConfig, dataset: Dataset, classes = 0): { generator: Mlp; discriminator: Mlp } {
  const seed = config.seed;
  const generator = Mlp.create(
    {
      inputDim: config.noise.dim + classes,
      hidden: config.generator.hidden,
      outputDim: dataset.dim,
      activation: config.generator.activation,
      outputActivation: config.generator.output,
    },
    createRng(deriveSeed(seed, 'init:generator')),
    'generator',
  );
  const discriminator = Mlp.create(
    {
      inputDim: dataset.dim * config.pack + classes,
      hidden: config.discriminator.hidden,
      outputDim: 1,
      activation: config.discriminator.activation,
      outputActivation: 'linear',
    },
    createRng(deriveSeed(seed, 'init:discriminator')),
    'discriminator',
  );
  return { generator, discriminator };
}
