/**
 * `tsgan classifier train`: trains the MNIST classifier whose features and class probabilities the
 * image metrics of `tsgan eval` use, and stores it (checksummed) in the cache.
 */
import { startBackend } from '../start-backend.js';
import { dirname } from 'node:path';
import cliProgress from 'cli-progress';
import { Command } from 'commander';
import {
  MNIST_CLASSIFIER_SHAPE,
  ConvClassifier,
  createRng,
  deriveSeed,
  CLASSIFIER_TRAIN_DEFAULTS,
  classifierAccuracy,
  trainClassifier,
  type ClassifierEpochRecord,
} from '../../index.js';
import { defaultClassifierPath, saveClassifier, makeFolder, checkOutputFile, mnistDataset, loadShippedClassifier, weightsSha256 } from '../../node/index.js';
import { UsageError } from '../errors.js';
import { parseInteger, parseNumber } from '../parse.js';

interface TrainOpts {
  out?: string;
  epochs: number;
  seed: number;
  batchSize: number;
  lr: number;
  limit?: number;
  testLimit?: number;
  json?: boolean;
}

function trainSubcommand(): Command {
  const d = CLASSIFIER_TRAIN_DEFAULTS;
  return new Command('train')
    .description('train the MNIST classifier of the image metrics (a small CNN: 5×5 conv 16 → pool → 5×5 conv 32 → pool → 128 → 10) and store it')
    .option('--out <file>', 'where to store it (default: $TSGAN_CACHE_DIR/mnist-classifier.json, else ~/.cache/tsgan/mnist-classifier.json)')
    .option('--epochs <n>', `passes over the 60,000 training images (default: ${d.epochs})`, parseInteger, d.epochs)
    .option('--seed <s>', `seed of the initialization and the shuffling (default: ${d.seed})`, parseInteger, d.seed)
    .option('--batch-size <n>', `images per update (default: ${d.batchSize})`, parseInteger, d.batchSize)
    .option('--lr <rate>', `Adam's learning rate in the first epoch, halved after each (default: ${d.learningRate})`, parseNumber, d.learningRate)
    .option('--limit <n>', 'train on the first N training images only (for quick tries)', parseInteger)
    .option('--test-limit <n>', 'measure the accuracy on the first N test images only (default: all 10,000)', parseInteger)
    .option('--json', 'print JSON')
    .action(async (opts: TrainOpts) => {
      if (opts.epochs < 1) throw new UsageError(`--epochs ${opts.epochs}: give a number of epochs ≥ 1`);
      if (opts.batchSize < 1) throw new UsageError(`--batch-size ${opts.batchSize}: give a batch size ≥ 1`);
      if (!(opts.lr > 0)) throw new UsageError(`--lr ${opts.lr}: give a learning rate > 0`);
      if (opts.limit !== undefined && (opts.limit < 1 || opts.limit > 60_000)) throw new UsageError(`--limit ${opts.limit}: give a number of images from 1 to 60000`);
      if (opts.testLimit !== undefined && (opts.testLimit < 1 || opts.testLimit > 10_000)) throw new UsageError(`--test-limit ${opts.testLimit}: give a number of images from 1 to 10000`);
      const path = opts.out ?? defaultClassifierPath();
      // The file's place is checked before the minutes of training, not after.
      makeFolder(dirname(path));
      checkOutputFile(path);
      const backend = await startBackend('native');
      const train = mnistDataset('train');
      const test = mnistDataset('test');
      const trainImages = Math.min(opts.limit ?? train.count, train.count);
      const testImages = opts.testLimit ?? test.count;
      const options = { ...CLASSIFIER_TRAIN_DEFAULTS, epochs: opts.epochs, seed: opts.seed, batchSize: opts.batchSize, learningRate: opts.lr, limit: trainImages };
      const model = ConvClassifier.create(MNIST_CLASSIFIER_SHAPE, createRng(deriveSeed(opts.seed, 'classifier:init')));
      const bar = new cliProgress.SingleBar(
        { stream: process.stderr, format: ' {bar} {percentage}% | epoch {epoch} | batch {value}/{total} | ETA {eta_formatted} | loss {loss} | batch accuracy {acc}', hideCursor: true, etaBuffer: 100, fps: 5 },
        cliProgress.Presets.shades_classic,
      );
      const epochs: ClassifierEpochRecord[] = [];
      const t0 = performance.now();
      try {
        let started = false;
        for await (const e of trainClassifier(model, train, options)) {
          if (e.type === 'step') {
            if (!started) {
              bar.start(e.totalSteps, 0, { epoch: 1, loss: '-', acc: '-' });
              started = true;
            }
            bar.update(e.step, { epoch: e.epoch, loss: e.loss.toFixed(4), acc: e.accuracy.toFixed(3) });
          } else {
            epochs.push(e);
          }
        }
        if (started) bar.stop();
        const trainSeconds = (performance.now() - t0) / 1000;
        const testAccuracy = classifierAccuracy(model, test, testImages);
        saveClassifier(path, {
          info: { shape: MNIST_CLASSIFIER_SHAPE, testAccuracy, testImages, trainImages, epochs: opts.epochs, seed: opts.seed, trainSeconds },
          weights: model.getWeights(),
        });
        const shipped = compareWithShipped(weightsSha256(model.getWeights()));
        const result = { path, testAccuracy, testImages, trainImages, epochs: opts.epochs, seed: opts.seed, trainSeconds: Math.round(trainSeconds * 10) / 10, parameters: model.parameterCount(), backend: backend.active, shipped, history: epochs };
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
          return;
        }
        process.stdout.write(
          `tsgan: trained the MNIST classifier (${model.parameterCount().toLocaleString('en')} parameters) for ${opts.epochs} epoch${opts.epochs === 1 ? '' : 's'} on ${trainImages.toLocaleString('en')} images in ${trainSeconds.toFixed(1)} s (${backend.active} backend)\n` +
            `  test accuracy ${(100 * testAccuracy).toFixed(2)} % on ${testImages.toLocaleString('en')} test images\n` +
            `  stored: ${path}\n` +
            `  ${shipped.line}\n`,
        );
      } finally {
        model.dispose();
      }
    });
}

export function classifierCommand(): Command {
  return new Command('classifier')
    .description('the MNIST classifier behind the image metrics of `tsgan eval`')
    .addCommand(trainSubcommand());
}

/**
 * Whether weights whose SHA-256 is `sha256` are the classifier shipped with tsgan (made by this command
 * with its defaults, seed 0: the same options on the native engine give the same bytes), and one line
 * saying so.
 */
function compareWithShipped(sha256: string): { readonly matches: boolean; readonly sha256: string; readonly shippedSha256?: string; readonly line: string } {
  let shippedSha256: string;
  try {
    shippedSha256 = loadShippedClassifier().weightsSha256;
  } catch (e) {
    return { matches: false, sha256, line: `not compared with the shipped classifier: ${(e as Error).message}` };
  }
  const matches = sha256 === shippedSha256;
  return {
    matches,
    sha256,
    shippedSha256,
    line: matches
      ? `the same weights, bit for bit, as the classifier shipped with tsgan (SHA-256 ${sha256.slice(0, 16)}…)`
      : `other weights than the classifier shipped with tsgan (SHA-256 ${sha256.slice(0, 16)}… vs ${shippedSha256.slice(0, 16)}…; it was made by this command with its defaults, --seed 0)`,
  };
}
