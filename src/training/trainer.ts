/**
 * Adversarial training: Algorithm 1 of Goodfellow et al. 2014 with a choice of objective.
 *
 * For each of `steps` iterations: k = `dSteps` times { sample a real batch and a noise batch, update D
 * by descending its loss }, then { sample a noise batch, update G by descending its loss }. Each player
 * has its own optimizer and updates only its own variables.
 *
 * The loop is an async iterator of plain records ({@link TrainEvent}); it never prints, sleeps or draws.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dataset } from '../data/distribution.js';
import { batchFromRows, chooseBatchLayout, concatBatches, sliceBatch, type BatchLayout } from '../models/batch-layout.js';
import type { Mlp } from '../models/mlp.js';
import { clipNetworkWeights, type FeatureMajorPasses, type NamedWeights, type Network } from '../models/network.js';
import type { Objective } from '../objectives/objective.js';
import { createObjective } from '../objectives/registry.js';
import { createRng, deriveSeed, rngFromState, type Rng, type RngState } from '../random/rng.js';
import { ConfigError, type TrainConfig } from './config.js';
import { globalNorm } from './global-norm.js';
import { checkFinite } from './divergence.js';
import { empiricalLipschitz } from '../models/lipschitz.js';
import { SPECTRAL_NORM_PREFIX } from '../models/spectral-norm.js';
import type { SpectralNormalizer } from '../models/spectral-normalizer.js';
import { gradientPenaltyWith, r1PenaltyWith, type PenaltyWithGrads } from '../objectives/penalties.js';
import { noiseValues, sampleNoise } from './noise.js';
import { createOptimizer, type OptimizerState, type PlayerOptimizer } from './optimizers.js';
import { createNetwork, createNetworks } from './networks.js';
import { labeledData, oneHotBatch, randomLabels, sampleLabeled, withOneHot, type LabeledData } from './labels.js';
import type { SnapshotRecord, StepRecord, TrainEvent } from './records.js';
import { GeneratorAverage } from './generator-average.js';
import { byName, discriminatorRecordFields, DISCRIMINATOR_MEASURES, generatorRecordFields, GENERATOR_MEASURES } from './step-statistics.js';

/** Everything the next step depends on, as plain data (for checkpoints). */
export interface TrainerState {
  readonly step: number;
  readonly generator: NamedWeights[];
  readonly discriminator: NamedWeights[];
  readonly generatorOptimizer: OptimizerState;
  readonly discriminatorOptimizer: OptimizerState;
  readonly rngs: { readonly data: RngState; readonly noise: RngState };
  /** The averaged generator's weights, when config.generatorAverage > 0. */
  readonly generatorAverage?: NamedWeights[];
}

/** The record of {@link GanTrainer.discriminatorStep}: the discriminator's fields of a step record. */
export type DiscriminatorStepRecord = { readonly type: 'd-step' } & Pick<
  StepRecord,
  'step' | 'dLoss' | 'dTerms' | 'realTerm' | 'fakeTerm' | 'value' | 'dRealMean' | 'dFakeMean' | 'dGradNorm' | 'criticEstimate' | 'penalty' | 'maxInputGradNorm' | 'lipschitzEstimate'
>;

/** The record of {@link GanTrainer.generatorStep}: the generator's fields of a step record. */
export type GeneratorStepRecord = { readonly type: 'g-step' } & Pick<StepRecord, 'step' | 'gLoss' | 'gTerms' | 'gGradNorm'>;

/** What a player's update returns: its measurements (step-statistics.ts) and D's logits it ran on (new tensors). */
interface UpdateOutput {
  readonly measures: tf.Tensor1D;
  readonly logits: tf.Tensor;
}

function disposeUpdate(u: UpdateOutput): void {
  u.measures.dispose();
  u.logits.dispose();
}

/** Row-major float64 samples → a float32 tensor of shape [n, dim]. */
function toTensor(values: Float64Array, dim: number): tf.Tensor2D {
  return tf.tensor2d(Float32Array.from(values), [values.length / dim, dim]);
}

/** What a training forward pass keeps for its backward pass (an MlpCache or MlpCacheTransposed for an MLP). */
type PassCache = unknown;

/** Options of a trainer that are not part of the run's config (they do not change its results' meaning). */
export interface TrainerOptions {
  /** The batch layout of the training passes; default: {@link chooseBatchLayout} for the networks. */
  readonly layout?: BatchLayout;
}

/** The classes of samples offset … offset + m − 1 of a conditional GAN's samples: sample i has class i mod `classes`. */
function cyclicLabels(offset: number, m: number, classes: number): Int32Array {
  return Int32Array.from({ length: m }, (_, j) => (offset + j) % classes);
}

/**
 * G and D are the networks' types: {@link Mlp} for `model: 'mlp'` (the default); for `model: 'dcgan'`
 * name them (`GanTrainer<DcganGenerator, DcganDiscriminator>`) or use them as {@link Network}s.
 */
export class GanTrainer<G extends Network = Mlp, D extends Network = Mlp> {
  readonly generator: G;
  readonly discriminator: D;
  readonly objective: Objective;
  /** The discriminator's spectral normalization, when the config asks for it (it owns the raw weights). */
  readonly spectralNorm?: SpectralNormalizer;
  /** The moving average of G's weights that samples come from, when config.generatorAverage > 0. */
  readonly average?: GeneratorAverage<G>;
  private readonly gOpt: PlayerOptimizer;
  private readonly dOpt: PlayerOptimizer;
  /** The batch layout of the training passes (see models/batch-layout.ts). */
  readonly layout: BatchLayout;
  /** The data's labels, for a class-conditional GAN (config.conditional). */
  readonly labeled?: LabeledData;
  private dataRng: Rng;
  private noiseRng: Rng;
  private stepCount = 0;

  /**
   * A trainer for `config` on `dataset`: both networks are initialized from the config's seed
   * (independent streams for each network's initialization, the data and the noise).
   */
  constructor(
    readonly config: TrainConfig,
    readonly dataset: Dataset,
    options: TrainerOptions = {},
  ) {
    const seed = config.seed;
    this.objective = createObjective(config.loss, { labelSmoothing: config.labelSmoothing });
    this.labeled = config.conditional ? labeledData(dataset) : undefined;
    const classes = this.labeled?.classes ?? 0;
    const networks = createNetworks(config, dataset, classes);
    this.generator = networks.generator as G;
    this.discriminator = networks.discriminator as D;
    if (config.generatorAverage > 0) {
      this.average = new GeneratorAverage(this.generator, createNetwork('generator', config, dataset, classes) as G, config.generatorAverage);
    }
    if ((config.gradientPenaltyWeight > 0 || config.r1Gamma > 0) && this.discriminator.capabilities.doubleBackprop === undefined) {
      this.disposeNetworks();
      throw new ConfigError(`model ${config.model} has no double backpropagation for a gradient penalty: drop the penalty (e.g. clip the weights) or use --model mlp or dcgan`);
    }
    if (config.discriminator.spectralNorm) {
      const snRng = createRng(deriveSeed(seed, 'init:spectral-norm'));
      const make = this.discriminator.capabilities.spectralNorm;
      if (make === undefined) {
        this.disposeNetworks();
        throw new ConfigError(`model ${config.model} has no spectral normalization: drop --spectral-norm or use --model mlp or dcgan`);
      }
      this.spectralNorm = make(snRng);
    }
    this.gOpt = createOptimizer(config.optimizer.generator);
    this.dOpt = createOptimizer(config.optimizer.discriminator);
    this.dataRng = createRng(deriveSeed(seed, 'data'));
    this.noiseRng = createRng(deriveSeed(seed, 'noise'));
    const g = this.generator.capabilities.featureMajor;
    const d = this.discriminator.capabilities.featureMajor;
    if (g !== undefined && d !== undefined) {
      this.layout = options.layout ?? chooseBatchLayout([g.layerSizes, d.layerSizes], config.batchSize);
    } else {
      if (options.layout === 'feature-major') {
        this.disposeNetworks();
        throw new RangeError(`the feature-major layout is for MLPs only (networks that offer its passes), the config's model is ${config.model}`);
      }
      this.layout = 'batch-major';
    }
  }

  /**
   * D's data columns when its rows also hold a label (conditional: [x, one-hot label]), so that
   * penalties and the Lipschitz estimate take ∇ₓ only (models/interpolates.ts); undefined otherwise.
   */
  private get dataColumns(): number | undefined {
    return this.labeled === undefined ? undefined : this.dataset.dim;
  }

  /** Disposes both networks (and the averaged generator): a constructor that refuses the config leaks nothing. */
  private disposeNetworks(): void {
    this.spectralNorm?.dispose();
    this.generator.dispose();
    this.discriminator.dispose();
    this.average?.dispose();
  }

  /** `net`'s feature-major passes (present whenever the layout is feature-major: the constructor checked). */
  private static featureMajor(net: Network): FeatureMajorPasses {
    return net.capabilities.featureMajor!;
  }

  /** Generator updates done so far. */
  get step(): number {
    return this.stepCount;
  }

  /** A noise batch in the training layout. */
  private noiseBatch(n: number): tf.Tensor2D {
    const { dim, prior } = this.config.noise;
    return batchFromRows(noiseValues(this.noiseRng, n, dim, prior), n, dim, this.layout);
  }

  /** A real batch in the training layout; conditional: [x, one-hot label] rows. */
  private realBatch(n: number): tf.Tensor2D {
    if (this.labeled === undefined) return batchFromRows(this.dataset.sample(this.dataRng, n), n, this.dataset.dim, this.layout);
    const { values, labels } = sampleLabeled(this.labeled, this.dataRng, n);
    return withOneHot(values, labels, this.dataset.dim, this.labeled.classes, this.layout);
  }

  /**
   * G's input for n fakes in the training layout; conditional: [z, one-hot label] rows with labels
   * uniform over the classes (drawn from the noise stream after z), and the one-hot rows alone.
   */
  private generatorInput(n: number): { input: tf.Tensor2D; oneHot?: tf.Tensor2D } {
    if (this.labeled === undefined) return { input: this.noiseBatch(n) };
    const { dim, prior } = this.config.noise;
    const z = noiseValues(this.noiseRng, n, dim, prior);
    const labels = randomLabels(this.noiseRng, n, this.labeled.classes);
    return { input: withOneHot(z, labels, dim, this.labeled.classes, this.layout), oneHot: oneHotBatch(labels, this.labeled.classes, this.layout) };
  }

  /** D's input for fakes: conditional, with their labels' one-hot rows appended to the features. */
  private withLabels(fake: tf.Tensor2D, oneHot: tf.Tensor2D | undefined): tf.Tensor2D {
    return oneHot === undefined ? fake : tf.concat([fake, oneHot], this.layout === 'batch-major' ? 1 : 0);
  }

  /** ∂L/∂x from ∂L/∂(D's input): conditional, without the label features. */
  private dataGradient(dInput: tf.Tensor2D): tf.Tensor2D {
    if (this.labeled === undefined) return dInput;
    const dim = this.dataset.dim;
    return this.layout === 'batch-major' ? tf.slice(dInput, [0, 0], [dInput.shape[0], dim]) : tf.slice(dInput, [0, 0], [dim, dInput.shape[1]]);
  }

  /**
   * PacGAN (config.pack = m): a batch of n samples as D's n/m input rows, samples i·m … i·m + m − 1
   * side by side in row i ([n, d] → [n/m, m·d] batch-major; the transposes feature-major). m = 1: itself.
   */
  private packed(t: tf.Tensor2D): tf.Tensor2D {
    return this.regrouped(t, 'pack');
  }

  /** The inverse of {@link packed}: ∂L/∂(D's packed input) as ∂L/∂(each sample). */
  private unpacked(t: tf.Tensor2D): tf.Tensor2D {
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

  /** A forward pass of `net` in the training layout, keeping what the backward pass needs. */
  private forwardPass(net: Network, x: tf.Tensor2D): { output: tf.Tensor2D; cache: PassCache } {
    return this.layout === 'batch-major' ? net.forwardWithCache(x) : GanTrainer.featureMajor(net).forward(x);
  }

  /** The backward pass matching {@link forwardPass}. */
  private backwardPass(net: Network, cache: PassCache, dOutput: tf.Tensor2D, want: { weights: boolean; input: boolean }): { grads?: unknown; dInput?: tf.Tensor2D } {
    return this.layout === 'batch-major'
      ? net.backward(cache, dOutput, want)
      : GanTrainer.featureMajor(net).backward(cache, dOutput, want);
  }

  /**
   * Whether step number `step` (1-based) measures the critic's Lipschitz estimate: the first step and
   * every `lipschitzEvery`-th. Not "the run's last" as well: that depends on `steps`, which `--resume
   * --steps MORE` changes, and a resumed run must record what one uninterrupted run records.
   */
  measuresLipschitzAt(step: number): boolean {
    return step === 1 || step % this.config.lipschitzEvery === 0;
  }

  /** The learning-rate schedule's factor for the current step (config.learningRateDecay). */
  learningRateFactor(): number {
    if (this.config.learningRateDecay !== 'linear') return 1;
    const horizon = this.config.learningRateDecaySteps ?? this.config.steps;
    return 1 - Math.min(this.stepCount, horizon - 1) / horizon;
  }

  /** A batch of the training layout as rows ([n, features], batch-major): itself, or its transpose. */
  private rows(t: tf.Tensor2D): tf.Tensor2D {
    return this.layout === 'batch-major' ? t : (tf.transpose(t) as tf.Tensor2D);
  }

  /**
   * k = dSteps discriminator updates before generator update number `step` (0-based): constant, or
   * the WGAN authors' schedule (100 for the first 25 generator updates and every 500th).
   */
  discriminatorStepsAt(step: number): number {
    if (this.config.dStepsSchedule === 'wgan-official' && (step < 25 || step % 500 === 0)) return 100;
    return this.config.dSteps;
  }

  /**
   * One discriminator update: returns its measurements (DISCRIMINATOR_MEASURES, step-statistics.ts: the
   * gradient norm, the penalty, its largest input-gradient norm, the Lipschitz estimate, the optimizer
   * state's norm) as one tensor and D's logits on the real then the generated batch (the caller reads
   * both with one download each and computes the losses from the logits). The Lipschitz estimate
   * (models/lipschitz.ts) is measured on the weights before the update when `measureLipschitz` (NaN
   * otherwise), and the norm of the optimizer's state after it on the step's last update, `lastOfStep`
   * (0 otherwise).
   */
  private discriminatorUpdate(lastOfStep: boolean, measureLipschitz: boolean): UpdateOutput {
    const n = this.config.batchSize;
    const layout = this.layout;
    return tf.tidy(() => {
      const real = this.packed(this.realBatch(n));
      const g = this.generatorInput(n);
      const fake = this.packed(this.withLabels(this.forwardPass(this.generator, g.input).output, g.oneHot));
      const { output: logits, cache } = this.forwardPass(this.discriminator, concatBatches(real, fake, layout));
      const packs = n / this.config.pack; // D's input rows per kind (n without packing)
      const realLogits = sliceBatch(logits, 0, packs, layout);
      const fakeLogits = sliceBatch(logits, packs, packs, layout);
      const dLogits = this.objective.discriminatorLogitGradients({ realLogits, fakeLogits });
      const dOutput = concatBatches(dLogits.realLogits as tf.Tensor2D, dLogits.fakeLogits as tf.Tensor2D, layout);
      const { grads } = this.backwardPass(this.discriminator, cache, dOutput, { weights: true, input: false });
      const penalty = this.penalties(real, fake);
      const rows = (t: tf.Tensor2D) => this.rows(t);
      const lipschitz = measureLipschitz ? empiricalLipschitz(this.discriminator, rows(real), rows(fake), this.discriminator.capabilities.lipschitzPoints, this.dataColumns) : tf.scalar(NaN);
      const flat = this.discriminator.flatGradients(grads).map((g, i) => (penalty === undefined ? g : tf.add(g, penalty.flat[i])));
      const gradNorm = globalNorm(flat);
      const sn = this.spectralNorm;
      if (sn === undefined) {
        this.dOpt.apply(this.discriminator.parameters(), flat, this.learningRateFactor());
      } else {
        this.dOpt.apply(sn.parameters(), sn.parameterGradients(flat), this.learningRateFactor());
        sn.refresh();
      }
      if (this.config.clipValue !== undefined) {
        clipNetworkWeights(this.discriminator, this.config.clipValue);
      }
      const measures = tf.stack([
        gradNorm,
        penalty?.value ?? tf.scalar(0),
        penalty?.maxNorm ?? tf.scalar(NaN),
        lipschitz,
        // the optimizer state's norm (divergence.ts), on the last of a step's k updates (a non-finite state stays non-finite)
        lastOfStep ? this.dOpt.stateNorm() : tf.scalar(0),
      ]) as tf.Tensor1D;
      return { measures, logits };
    });
  }

  /**
   * The discriminator's penalties (THEORY E9) on this batch, if any are configured: their summed value,
   * their gradient in the order of `parameters()`, and the largest per-sample input-gradient norm.
   * `real` and `fake` are in the training layout; one ε ~ U[0, 1] per sample comes from the noise stream.
   */
  private penalties(real: tf.Tensor2D, fake: tf.Tensor2D): { value: tf.Scalar; flat: tf.Tensor[]; maxNorm: tf.Scalar } | undefined {
    const c = this.config;
    if (c.gradientPenaltyWeight <= 0 && c.r1Gamma <= 0) return undefined;
    const rows = (t: tf.Tensor2D) => this.rows(t);
    const realRows = rows(real);
    const critic = this.discriminator.capabilities.doubleBackprop!; // the constructor checked it is there
    const parts: PenaltyWithGrads<tf.Tensor[]>[] = [];
    const dataColumns = this.dataColumns;
    if (c.gradientPenaltyWeight > 0) {
      const n = realRows.shape[0];
      const eps = tf.tensor2d(this.noiseRng.fillUniform(new Float32Array(n)), [n, 1]);
      const o = { weight: c.gradientPenaltyWeight, oneSided: c.gradientPenaltyOneSided };
      parts.push(gradientPenaltyWith(critic, realRows, rows(fake), eps, o, dataColumns));
    }
    if (c.r1Gamma > 0) parts.push(r1PenaltyWith(critic, realRows, c.r1Gamma, dataColumns));
    const flat = parts[0].grads.map((g, i) => parts.slice(1).reduce((acc, p) => tf.add(acc, p.grads[i]), g));
    return {
      value: tf.addN(parts.map((p) => p.value)) as tf.Scalar,
      flat,
      maxNorm: tf.max(tf.concat(parts.map((p) => p.gradNorms))) as tf.Scalar,
    };
  }

  /** One generator update: returns its measurements (GENERATOR_MEASURES: the gradient norm, the optimizer state's norm after the update) and D's logits on the generated batch. */
  private generatorUpdate(): UpdateOutput {
    const n = this.config.batchSize;
    return tf.tidy(() => {
      const g = this.generatorInput(n);
      const { output: fake, cache: gCache } = this.forwardPass(this.generator, g.input);
      const { output: fakeLogits, cache: dCache } = this.forwardPass(this.discriminator, this.packed(this.withLabels(fake, g.oneHot)));
      const dLogits = this.objective.generatorLogitGradient({ fakeLogits });
      const { dInput } = this.backwardPass(this.discriminator, dCache, dLogits as tf.Tensor2D, { weights: false, input: true });
      const { grads } = this.backwardPass(this.generator, gCache, this.dataGradient(this.unpacked(dInput!)), { weights: true, input: false });
      const flat = this.generator.flatGradients(grads);
      const gradNorm = globalNorm(flat);
      this.gOpt.apply(this.generator.parameters(), flat, this.learningRateFactor());
      this.average?.update(this.stepCount);
      const measures = tf.stack([gradNorm, this.gOpt.stateNorm()]) as tf.Tensor1D;
      return { measures, logits: fakeLogits };
    });
  }

  /**
   * Runs one iteration of Algorithm 1 (k discriminator updates, one generator update) and returns its
   * record. Throws DivergenceError (./divergence.ts) when a loss or gradient of this step is not finite;
   * the trainer must then be restored with {@link setState} before further use.
   */
  trainStep(): StepRecord {
    const t0 = performance.now();
    let d: UpdateOutput | undefined;
    const k = this.discriminatorStepsAt(this.stepCount);
    const measure = this.measuresLipschitzAt(this.stepCount + 1);
    for (let i = 0; i < k; i++) {
      if (d !== undefined) disposeUpdate(d);
      d = this.discriminatorUpdate(i === k - 1, measure && i === k - 1);
    }
    const g = this.generatorUpdate();
    const dm = byName(d!.measures.dataSync(), DISCRIMINATOR_MEASURES);
    const dFields = discriminatorRecordFields(this.objective, d!.logits.dataSync(), this.logitsPerKind, dm);
    const gm = byName(g.measures.dataSync(), GENERATOR_MEASURES);
    const gFields = generatorRecordFields(this.objective, g.logits.dataSync(), gm);
    disposeUpdate(d!);
    disposeUpdate(g);
    checkFinite(this.stepCount + 1, {
      "discriminator's loss": dFields.dLoss,
      "discriminator's gradient norm": dm.gradNorm,
      "discriminator's penalty": dm.penalty,
      "generator's loss": gFields.gLoss,
      "generator's gradient norm": gm.gradNorm,
      "discriminator's optimizer state": dm.stateNorm,
      "generator's optimizer state": gm.stateNorm,
    });
    this.stepCount++;
    return {
      type: 'step',
      ...dFields,
      step: this.stepCount,
      ...gFields,
      dSteps: k,
      stepMs: performance.now() - t0,
    };
  }

  /** D's input rows per kind of batch (real, generated): the batch, or its packs (PacGAN). */
  private get logitsPerKind(): number {
    return this.config.batchSize / this.config.pack;
  }

  /**
   * One discriminator update alone, without a generator update (the web lab's "step D only"); `step`
   * does not move. k of these followed by {@link generatorStep} is exactly one {@link trainStep} (same
   * random draws, same numbers). Throws DivergenceError like trainStep.
   */
  discriminatorStep(): DiscriminatorStepRecord {
    const d = this.discriminatorUpdate(true, true); // interactive: always measured
    const dm = byName(d.measures.dataSync(), DISCRIMINATOR_MEASURES);
    const fields = discriminatorRecordFields(this.objective, d.logits.dataSync(), this.logitsPerKind, dm);
    disposeUpdate(d);
    checkFinite(this.stepCount, { "discriminator's loss": fields.dLoss, "discriminator's gradient norm": dm.gradNorm, "discriminator's penalty": dm.penalty, "discriminator's optimizer state": dm.stateNorm });
    return { type: 'd-step', ...fields, step: this.stepCount };
  }

  /** One generator update alone (the web lab's "step G only"); it counts as a step. Throws DivergenceError. */
  generatorStep(): GeneratorStepRecord {
    const g = this.generatorUpdate();
    const gm = byName(g.measures.dataSync(), GENERATOR_MEASURES);
    const fields = generatorRecordFields(this.objective, g.logits.dataSync(), gm);
    disposeUpdate(g);
    checkFinite(this.stepCount + 1, { "generator's loss": fields.gLoss, "generator's gradient norm": gm.gradNorm, "generator's optimizer state": gm.stateNorm });
    this.stepCount++;
    return { type: 'g-step', step: this.stepCount, ...fields };
  }

  /**
   * n samples of G(z), row-major float64. Noise comes from `rng`, or by default from a stream seeded by
   * the config's seed and the label "snapshot" that is created anew at every call: every snapshot
   * pushes the same noise through the generator, so one sees the same points move. The samples come
   * from the averaged generator when config.generatorAverage > 0, unless `live` is true.
   */
  sample(n: number, rng: Rng = createRng(deriveSeed(this.config.seed, 'snapshot')), live = false): Float64Array {
    const out = new Float64Array(n * this.dataset.dim);
    const generator = live ? this.generator : this.sampledGenerator();
    const chunk = generator.capabilities.sampleChunk;
    for (let i = 0; i < n; i += chunk) {
      const m = Math.min(chunk, n - i);
      const t = tf.tidy(() => generator.forward(this.sampleInput(rng, m, i)));
      out.set(t.dataSync(), i * this.dataset.dim);
      t.dispose();
    }
    return out;
  }

  /**
   * G(z) for the noise rows `z` ([n, noise.dim], batch-major). Conditional GAN: each row's class from
   * `labels` (default: row i has class i mod classes); unconditional: `labels` is ignored. The caller
   * owns the result. The averaged generator when config.generatorAverage > 0.
   */
  generate(z: tf.Tensor2D, labels?: Int32Array): tf.Tensor2D {
    const generator = this.sampledGenerator();
    return tf.tidy(() => {
      if (this.labeled === undefined) return generator.forward(z);
      const classes = this.labeled.classes;
      const l = labels ?? cyclicLabels(0, z.shape[0], classes);
      return generator.forward(tf.concat([z, oneHotBatch(l, classes, 'batch-major')], 1) as tf.Tensor2D);
    });
  }

  /** The generator samples come from: the averaged one when config.generatorAverage > 0, else the live one. */
  sampledGenerator(): G {
    return this.average?.network() ?? this.generator;
  }

  /**
   * The classes that samples 0 … n − 1 of {@link sample} (and of a snapshot) are generated with: sample
   * i has class i mod classes. Undefined for an unconditional GAN.
   */
  sampleLabels(n: number): Int32Array | undefined {
    return this.labeled === undefined ? undefined : cyclicLabels(0, n, this.labeled.classes);
  }

  /** G's input for samples offset … offset + m − 1 of {@link sample}; conditional: sample i has label i mod classes. */
  private sampleInput(rng: Rng, m: number, offset: number): tf.Tensor2D {
    const z = sampleNoise(rng, m, this.config.noise.dim, this.config.noise.prior);
    if (this.labeled === undefined) return z;
    const classes = this.labeled.classes;
    return tf.concat([z, oneHotBatch(cyclicLabels(offset, m, classes), classes, 'batch-major')], 1);
  }

  /**
   * Whether D judges single points, so that D(x) exists at a point: false for a conditional D (it needs
   * a label too) and a packed one (config.pack > 1: it judges m points at once).
   */
  get judgesSinglePoints(): boolean {
    return this.labeled === undefined && this.config.pack === 1;
  }

  /** The discriminator's logits at row-major points of dimension `dataset.dim` (float64 out); only when {@link judgesSinglePoints}. */
  discriminatorLogits(points: Float64Array): Float64Array {
    if (this.labeled !== undefined) throw new RangeError("a conditional discriminator's logits need labels: discriminatorLogits is for unconditional GANs");
    if (this.config.pack > 1) throw new RangeError(`a packed discriminator (pack ${this.config.pack}) judges ${this.config.pack} points at once: D(x) of one point does not exist`);
    const t = tf.tidy(() => this.discriminator.forward(toTensor(points, this.dataset.dim)));
    const out = Float64Array.from(t.dataSync());
    t.dispose();
    return out;
  }

  /**
   * Trains until `config.steps` generator updates are done (or `until`), yielding a step record after
   * every update and a snapshot every `snapshotEvery` steps and after the last one.
   */
  async *run(until = this.config.steps): AsyncGenerator<TrainEvent, void, undefined> {
    while (this.stepCount < until) {
      const record = this.trainStep();
      yield record;
      const last = this.stepCount === until;
      if (last || this.stepCount % this.config.snapshotEvery === 0) {
        yield this.snapshot(last);
      }
    }
  }

  /** A snapshot record of the current generator. */
  snapshot(final = false): SnapshotRecord {
    return { type: 'snapshot', step: this.stepCount, fake: this.sample(this.config.snapshotSamples), dim: this.dataset.dim, final };
  }

  /** The players' learning rates in use: the config's, times every factor given to {@link scaleLearningRates}. */
  get learningRates(): { generator: number; discriminator: number } {
    return { generator: this.gOpt.learningRate, discriminator: this.dOpt.learningRate };
  }

  /**
   * Multiplies both players' learning rates by `factor` from the next update on (a rollback after
   * divergence, see node/train-run.ts). The factors are part of {@link getState}, so a checkpoint keeps them.
   */
  scaleLearningRates(factor: number): void {
    this.gOpt.scaleLearningRate(factor);
    this.dOpt.scaleLearningRate(factor);
  }

  /** Everything the next step depends on (networks, optimizers' state and learning rates, random streams, step). */
  async getState(): Promise<TrainerState> {
    return {
      step: this.stepCount,
      generator: this.generator.getWeights(),
      discriminator: [...this.discriminator.getWeights(), ...(this.spectralNorm?.getState() ?? [])],
      generatorOptimizer: this.gOpt.getState(),
      discriminatorOptimizer: this.dOpt.getState(),
      rngs: { data: this.dataRng.getState(), noise: this.noiseRng.getState() },
      ...(this.average === undefined ? {} : { generatorAverage: this.average.getWeights() }),
    };
  }

  /** Restores a state saved by {@link getState} (the config must describe the same networks). */
  async setState(state: TrainerState): Promise<void> {
    this.generator.setWeights(state.generator);
    const isSn = (w: NamedWeights) => w.name.startsWith(SPECTRAL_NORM_PREFIX);
    this.discriminator.setWeights(state.discriminator.filter((w) => !isSn(w)));
    const snState = state.discriminator.filter(isSn);
    if (this.spectralNorm !== undefined) this.spectralNorm.setState(snState);
    else if (snState.length > 0) throw new Error('the saved discriminator has spectral normalization but the config does not ask for it');
    if (this.average !== undefined) {
      if (state.generatorAverage === undefined) throw new Error("the config asks for an averaged generator but the saved state has none");
      this.average.setWeights(state.generatorAverage);
    } else if (state.generatorAverage !== undefined) throw new Error('the saved state has an averaged generator but the config does not ask for one');
    this.gOpt.setState(state.generatorOptimizer);
    this.dOpt.setState(state.discriminatorOptimizer);
    this.dataRng = rngFromState(state.rngs.data);
    this.noiseRng = rngFromState(state.rngs.noise);
    this.stepCount = state.step;
  }

  /** Frees every tensor the trainer owns. */
  dispose(): void {
    this.generator.dispose();
    this.discriminator.dispose();
    this.spectralNorm?.dispose();
    this.average?.dispose();
    this.gOpt.dispose();
    this.dOpt.dispose();
  }
}
