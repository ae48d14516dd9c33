/**
 * Batch shaping for training (Algorithm 1's sampling): real and noise batches in the training layout
 * (models/batch-layout.ts), a conditional GAN's one-hot labels, PacGAN's packing of D's input rows, and
 * the forward and backward passes in that layout. It owns the two random streams batches come from
 * (`data`, `noise`: part of the trainer's state).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dataset } from '../data/distribution.js';
import { batchFromRows, chooseBatchLayout, type BatchLayout } from '../models/batch-layout.js';
import type { FeatureMajorPasses, Network } from '../models/network.js';
import type { Rng } from '../random/rng.js';
import type { TrainConfig } from './config.js';
import { oneHotBatch, randomLabels, sampleLabeled, withOneHot, type LabeledData } from './labels.js';
import { noiseValues } from './noise.js';

type Want = { weights: boolean; input: boolean };

export class TrainingBatches {
  constructor(
    readonly config: TrainConfig,
    readonly dataset: Dataset,
    /** The data's labels, for a class-conditional GAN. */
    readonly labeled: LabeledData | undefined,
    readonly layout: BatchLayout,
    /** The stream real batches are drawn from. */
    public dataRng: Rng,
    /** The stream noise (and a conditional G's labels, and WGAN-GP's ε) are drawn from. */
    public noiseRng: Rng,
  ) {}

  /**
   * D's data columns when its rows also hold a label (conditional: [x, one-hot label]), so that
   * penalties and the Lipschitz estimate take ∇ₓ only (models/interpolates.ts); undefined otherwise.
   */
  get dataColumns(): number | undefined {
    return this.labeled === undefined ? undefined : this.dataset.dim;
  }

  /** D's input rows per kind of batch (real, generated): the batch, or its packs (PacGAN). */
  get perKind(): number {
    return this.config.batchSize / this.config.pack;
  }

  /** A noise batch in the training layout. */
  noiseBatch(n: number): tf.Tensor2D {
    const { dim, prior } = this.config.noise;
    return batchFromRows(noiseValues(this.noiseRng, n, dim, prior), n, dim, this.layout);
  }

  /** A real batch in the training layout; conditional: [x, one-hot label] rows. */
  realBatch(n: number): tf.Tensor2D {
    if (this.labeled === undefined) return batchFromRows(this.dataset.sample(this.dataRng, n), n, this.dataset.dim, this.layout);
    const { values, labels } = sampleLabeled(this.labeled, this.dataRng, n);
    return withOneHot(values, labels, this.dataset.dim, this.labeled.classes, this.layout);
  }

  /**
   * G's input for n fakes in the training layout; conditional: [z, one-hot label] rows with labels
   * uniform over the classes (drawn from the noise stream after z), and the one-hot rows alone.
   */
  generatorInput(n: number): { input: tf.Tensor2D; oneHot?: tf.Tensor2D } {
    if (this.labeled === undefined) return { input: this.noiseBatch(n) };
    const { dim, prior } = this.config.noise;
    const z = noiseValues(this.noiseRng, n, dim, prior);
    const labels = randomLabels(this.noiseRng, n, this.labeled.classes);
    return { input: withOneHot(z, labels, dim, this.labeled.classes, this.layout), oneHot: oneHotBatch(labels, this.labeled.classes, this.layout) };
  }

  /** D's input for fakes: conditional, with their labels' one-hot rows appended to the features. */
  withLabels(fake: tf.Tensor2D, oneHot: tf.Tensor2D | undefined): tf.Tensor2D {
    return oneHot === undefined ? fake : tf.concat([fake, oneHot], this.layout === 'batch-major' ? 1 : 0);
  }

  /** ∂L/∂x from ∂L/∂(D's input): conditional, without the label features. */
  dataGradient(dInput: tf.Tensor2D): tf.Tensor2D {
    if (this.labeled === undefined) return dInput;
    const dim = this.dataset.dim;
    return this.layout === 'batch-major' ? tf.slice(dInput, [0, 0], [dInput.shape[0], dim]) : tf.slice(dInput, [0, 0], [dim, dInput.shape[1]]);
  }

  /**
   * PacGAN (config.pack = m): a batch of n samples as D's n/m input rows, samples i·m … i·m + m − 1
   * side by side in row i ([n, d] → [n/m, m·d] batch-major; the transposes feature-major). m = 1: itself.
   */
  packed(t: tf.Tensor2D): tf.Tensor2D {
    return this.regrouped(t, 'pack');
  }

  /** The inverse of {@link packed}: ∂L/∂(D's packed input) as ∂L/∂(each sample). */
  unpacked(t: tf.Tensor2D): tf.Tensor2D {
    return this.regrouped(t, 'unpack');
  }

  /** [rows, cols] (batch-major; transposed feature-major) as [rows/m, cols·m] ('pack') or [rows·m, cols/m] ('unpack'). */
  private regrouped(t: tf.Tensor2D, how: 'pack' | 'unpack'): tf.Tensor2D {
    const m = this.config.pack;
    if (m === 1) return t;
    const batchMajor = this.layout === 'batch-major';
    const [rows, cols] = batchMajor ? t.shape : [t.shape[1], t.shape[0]];
    const shape: [number, number] = how === 'pack' ? [rows / m, cols * m] : [rows * m, cols / m];
    return batchMajor ? tf.reshape(t, shape) : tf.transpose(tf.reshape(tf.transpose(t), shape));
  }

  /** A batch of the training layout as rows ([n, features], batch-major): itself, or its transpose. */
  rows(t: tf.Tensor2D): tf.Tensor2D {
    return this.layout === 'batch-major' ? t : (tf.transpose(t) as tf.Tensor2D);
  }

  /** A forward pass of `net` in the training layout, keeping what the backward pass needs. */
  forwardPass(net: Network, x: tf.Tensor2D): { output: tf.Tensor2D; cache: unknown } {
    return this.layout === 'batch-major' ? net.forwardWithCache(x) : featureMajor(net).forward(x);
  }

  /** The backward pass matching {@link forwardPass}. */
  backwardPass(net: Network, cache: unknown, dOutput: tf.Tensor2D, want: Want): { grads?: unknown; dInput?: tf.Tensor2D } {
    return this.layout === 'batch-major' ? net.backward(cache, dOutput, want) : featureMajor(net).backward(cache, dOutput, want);
  }
}

/** `net`'s feature-major passes (present whenever the layout is feature-major: the trainer checked). */
function featureMajor(net: Network): FeatureMajorPasses {
  return net.capabilities.featureMajor!;
}

/**
 * The training passes' layout for these networks: `requested`, or the one that packs fewer values
 * (chooseBatchLayout) when both networks offer feature-major passes, else batch-major. A RangeError
 * (returned, for the caller to dispose what it built and throw) when feature-major is requested of
 * networks without it.
 */
export function trainingLayout(generator: Network, discriminator: Network, config: TrainConfig, requested?: BatchLayout): BatchLayout | RangeError {
  const g = generator.capabilities.featureMajor;
  const d = discriminator.capabilities.featureMajor;
  if (g !== undefined && d !== undefined) return requested ?? chooseBatchLayout([g.layerSizes, d.layerSizes], config.batchSize);
  if (requested === 'feature-major') return new RangeError(`the feature-major layout is for MLPs only (networks that offer its passes), the config's model is ${config.model}`);
  return 'batch-major';
}
