/**
 * The players' networks for a config (`model`): MLPs, or the DCGAN pair for image data. Each network
 * is initialized from its own stream derived from the config's seed.
 */
import type { Dataset } from '../data/distribution.js';
import { ImageDataset } from '../data/image-dataset.js';
import type { Network } from '../models/network.js';
import { createRng, deriveSeed } from '../random/rng.js';
import type { TrainConfig } from './config.js';
import { labeledData } from './labels.js';
import { checkTrainingMemory, memoryBudgetInEffect, type DataShape } from './limits.js';
import { checkCriticCapabilities, MODELS, type Player } from './models.js';

export { dcganShapeFor, type Player } from './models.js';

/**
 * Throws the one-line ConfigError the trainer would throw when `dataset` does not fit the config's
 * networks (the model registry's check, ./models.ts: e.g. dcgan needs images with sides divisible by
 * 2^stages; conditional: labels), without building them, so that a host can refuse before it writes
 * anything. When the host set a memory budget (./limits.ts, setMemoryBudget), also refuses a run whose
 * estimated memory exceeds it.
 */
export function checkDataFitsModel(config: TrainConfig, dataset: Dataset): void {
  const classes = config.conditional ? labeledData(dataset).classes : 0;
  MODELS[config.model].check(config, dataset, classes);
  checkCriticCapabilities(config);
  const budget = memoryBudgetInEffect();
  if (budget !== undefined) checkTrainingMemory(config, dataShape(dataset), budget, classes);
}

/** The shape of `dataset` for the memory estimate (./limits.ts): its dimension, and an image's sides. */
export function dataShape(dataset: Dataset): DataShape {
  return dataset instanceof ImageDataset ? { dim: dataset.dim, image: { height: dataset.height, width: dataset.width, channels: dataset.channels } } : { dim: dataset.dim };
}

/**
 * One player's network for `config` on `dataset` (the model registry's, ./models.ts), initialized from
 * its own stream derived from the config's seed. A conditional network (`classes` > 0) takes a one-hot
 * label after z or x; a packed D (`config.pack` = m > 1, PacGAN) takes m samples side by side.
 */
export function createNetwork(player: Player, config: TrainConfig, dataset: Dataset, classes = 0): Network {
  const model = MODELS[config.model];
  model.check(config, dataset, classes);
  return model.create(player, config, dataset, classes, createRng(deriveSeed(config.seed, `init:${player}`)));
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
