/**
 * Adversarial training: Algorithm 1 of Goodfellow et al. 2014 with a choice of objective.
 *
 * For each of `steps` iterations: k = `dSteps` times { sample a real batch and a noise batch, update D
 * by descending its loss }, then { sample a noise batch, update G by descending its loss }. Each player
 * has its own optimizer and updates only its own variables.
 *
 * The loop is an async iterator of plain records ({@link TrainEvent}); it never prints, sleeps or draws.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { Dataset } from '../data/distribution.js';
import type { BatchLayout } from '../models/batch-layout.js';
import type { Mlp } from '../models/mlp.js';
import type { Network } from '../models/network.js';
import type { SpectralNormalizer } from '../models/spectral-normalizer.js';
import type { Objective } from '../objectives/objective.js';
import { createObjective } from '../objectives/registry.js';
import { createRng, deriveSeed, type Rng } from '../random/rng.js';
import { ConfigError, type TrainConfig } from './config.js';
import type { FieldSetting } from './config-layers.js';
import { discriminatorUpdate } from './discriminator-update.js';
import { GeneratorAverage } from './generator-average.js';
import { generatorUpdate } from './generator-update.js';
import { labeledData, type LabeledData } from './labels.js';
import { criticCapabilityProblem } from './models.js';
import { createNetwork, createNetworks } from './networks.js';
import { createOptimizer, type PlayerOptimizer } from './optimizers.js';
import { checkUpdatesFinite, disposeUpdate, readDiscriminatorUpdate, readGeneratorUpdate, readStepUpdates, type UpdateContext, type UpdateOutput } from './player-update.js';
import type { DiscriminatorStepRecord, GeneratorStepRecord, SnapshotRecord, StepRecord, TrainEvent } from './records.js';
import { retunedConfig } from './retune.js';
import { discriminatorStepsAt, learningRateFactorAt, measuresLipschitzAt } from './schedules.js';
import { captureState, restoreState, type TrainerState } from './trainer-state.js';
import { cyclicLabels, drawSamples, generateFrom, logitsAt, packedLogitsAt } from './trainer-sampling.js';
import { TrainingBatches, trainingLayout } from './training-batches.js';

export type { TrainerState } from './trainer-state.js';
export type { DiscriminatorStepRecord, GeneratorStepRecord } from './records.js';

/** Options of a trainer that are not part of the run's config (they do not change its results' meaning). */
export interface TrainerOptions {
  /** The batch layout of the training passes; default: the one that packs fewer values (models/batch-layout.ts). */
  readonly layout?: BatchLayout;
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
  /** Batch shaping: layouts, packing, labels, and the data and noise streams (./training-batches.ts). */
  private readonly batches: TrainingBatches;
  private stepCount = 0;
  /** The config in use: the constructor's, with the changes of {@link retune}. */
  private current: TrainConfig;

  /**
   * A trainer for `config` on `dataset`: both networks are initialized from the config's seed
   * (independent streams for each network's initialization, the data and the noise).
   */
  constructor(
    config: TrainConfig,
    readonly dataset: Dataset,
    options: TrainerOptions = {},
  ) {
    this.current = config;
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
    const offers = this.discriminator.capabilities;
    const problem = criticCapabilityProblem(config, { penalties: offers.doubleBackprop !== undefined, spectralNorm: offers.spectralNorm !== undefined });
    if (problem !== undefined) {
      this.disposeNetworks();
      throw new ConfigError(problem);
    }
    if (config.discriminator.spectralNorm) this.spectralNorm = offers.spectralNorm!(createRng(deriveSeed(seed, 'init:spectral-norm')));
    this.gOpt = createOptimizer(config.optimizer.generator);
    this.dOpt = createOptimizer(config.optimizer.discriminator);
    const layout = trainingLayout(this.generator, this.discriminator, config, options.layout);
    if (typeof layout !== 'string') {
      this.disposeNetworks();
      throw layout;
    }
    this.layout = layout;
    this.batches = new TrainingBatches(config, dataset, this.labeled, this.layout, createRng(deriveSeed(seed, 'data')), createRng(deriveSeed(seed, 'noise')));
  }

  /** Disposes both networks (and the averaged generator): a constructor that refuses the config leaks nothing. */
  private disposeNetworks(): void {
    this.spectralNorm?.dispose();
    this.generator.dispose();
    this.discriminator.dispose();
    this.average?.dispose();
  }

  /** The config in use: the one given, with {@link retune}'s changes. */
  get config(): TrainConfig {
    return this.current;
  }

  /**
   * Changes tunable settings (learning rates, k, the critic's penalties and clipping; ./retune.ts) from the
   * next update on, keeping networks, optimizer state and random streams; returns the new config. Throws
   * ConfigError (one line). Not part of {@link getState}: restore into a trainer of the retuned config.
   */
  retune(settings: readonly FieldSetting[]): TrainConfig {
    this.current = retunedConfig(this.current, settings, this.discriminator.capabilities);
    this.gOpt.setBaseLearningRate(this.current.optimizer.generator.learningRate);
    this.dOpt.setBaseLearningRate(this.current.optimizer.discriminator.learningRate);
    return this.current;
  }

  /** Generator updates done so far. */
  get step(): number {
    return this.stepCount;
  }

  /** Whether step number `step` (1-based) measures the critic's Lipschitz estimate (./schedules.ts). */
  measuresLipschitzAt(step: number): boolean {
    return measuresLipschitzAt(this.config, step);
  }

  /** The learning-rate schedule's factor for the current step (./schedules.ts). */
  learningRateFactor(): number {
    return learningRateFactorAt(this.config, this.stepCount);
  }

  /** k discriminator updates before generator update number `step` (0-based; ./schedules.ts). */
  discriminatorStepsAt(step: number): number {
    return discriminatorStepsAt(this.config, step);
  }

  /** What this step's player updates work with (./player-update.ts), and what the state is made of (./trainer-state.ts). */
  private updateContext(): UpdateContext {
    return {
      config: this.config,
      objective: this.objective,
      generator: this.generator,
      discriminator: this.discriminator,
      batches: this.batches,
      generatorOptimizer: this.gOpt,
      discriminatorOptimizer: this.dOpt,
      spectralNorm: this.spectralNorm,
      average: this.average,
      learningRateFactor: this.learningRateFactor(),
      step: this.stepCount,
    };
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
      d = discriminatorUpdate(this.updateContext(), i === k - 1, measure && i === k - 1);
    }
    const g = generatorUpdate(this.updateContext());
    const { dRead, gRead } = readStepUpdates(this.objective, d!, g, this.batches.perKind);
    checkUpdatesFinite(this.stepCount + 1, dRead, gRead);
    this.stepCount++;
    return { type: 'step', ...dRead.fields, step: this.stepCount, ...gRead.fields, dSteps: k, stepMs: performance.now() - t0 };
  }

  /**
   * One discriminator update alone, without a generator update (the web lab's "step D only"); `step`
   * does not move. k of these followed by {@link generatorStep} is exactly one {@link trainStep} (same
   * random draws, same numbers). Throws DivergenceError like trainStep.
   */
  discriminatorStep(): DiscriminatorStepRecord {
    const read = readDiscriminatorUpdate(this.objective, discriminatorUpdate(this.updateContext(), true, true), this.batches.perKind); // interactive: always measured
    checkUpdatesFinite(this.stepCount, read);
    return { type: 'd-step', ...read.fields, step: this.stepCount };
  }

  /** One generator update alone (the web lab's "step G only"); it counts as a step. Throws DivergenceError. */
  generatorStep(): GeneratorStepRecord {
    const read = readGeneratorUpdate(this.objective, generatorUpdate(this.updateContext()));
    checkUpdatesFinite(this.stepCount + 1, undefined, read);
    this.stepCount++;
    return { type: 'g-step', step: this.stepCount, ...read.fields };
  }

  /**
   * n samples of G(z), row-major float64 (./trainer-sampling.ts), from the averaged generator unless
   * `live`. Noise from `rng`, by default a stream seeded by the seed and "snapshot", new at every call:
   * every snapshot pushes the same noise through G, so one sees the same points move. `temperature`
   * multiplies the noise (default 1; below 1 the temperature/truncation trick, ./noise.ts).
   */
  sample(n: number, rng: Rng = createRng(deriveSeed(this.config.seed, 'snapshot')), live = false, temperature = 1): Float64Array {
    return drawSamples(this, live ? this.generator : this.sampledGenerator(), n, rng, temperature);
  }

  /**
   * G(z) for noise rows z [n, noise.dim] (the averaged G when there is one, unless `live`); conditional:
   * classes from `labels` (default i mod classes).
   */
  generate(z: tf.Tensor2D, labels?: Int32Array, live = false): tf.Tensor2D {
    return generateFrom(this, live ? this.generator : this.sampledGenerator(), z, labels);
  }

  /** The generator samples come from: the averaged one when config.generatorAverage > 0, else the live one. */
  sampledGenerator(): G {
    return this.average?.network() ?? this.generator;
  }

  /** The classes samples 0 … n − 1 of {@link sample} are generated with (i mod classes); undefined when unconditional. */
  sampleLabels(n: number): Int32Array | undefined {
    return this.labeled === undefined ? undefined : cyclicLabels(0, n, this.labeled.classes);
  }

  /** Whether D(x) exists at a single point: not for a conditional D (it needs a label) or a packed one (it judges m points). */
  get judgesSinglePoints(): boolean {
    return this.labeled === undefined && this.config.pack === 1;
  }

  /** The discriminator's logits at row-major points of dimension `dataset.dim` (float64 out); only when {@link judgesSinglePoints}. */
  discriminatorLogits(points: Float64Array): Float64Array {
    return logitsAt(this, this.discriminator, points);
  }

  /**
   * D's logits on packs of points (PacGAN): each config.pack consecutive points of `points` are one
   * input of D, as in training; returns one logit per pack (trainer-sampling.ts packedLogitsAt).
   */
  packedDiscriminatorLogits(points: Float64Array): Float64Array {
    return packedLogitsAt(this, this.discriminator, points);
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
   * divergence, see node/run/train-run.ts). The factors are part of {@link getState}, so a checkpoint keeps them.
   */
  scaleLearningRates(factor: number): void {
    this.gOpt.scaleLearningRate(factor);
    this.dOpt.scaleLearningRate(factor);
  }

  /** Everything the next step depends on (networks, optimizers' state and learning rates, random streams, step). */
  async getState(): Promise<TrainerState> {
    return captureState(this.updateContext(), this.stepCount);
  }

  /** Restores a state saved by {@link getState} (the config must describe the same networks). */
  async setState(state: TrainerState): Promise<void> {
    this.stepCount = restoreState(this.updateContext(), state);
  }

  /** Frees every tensor the trainer owns. */
  dispose(): void {
    this.disposeNetworks();
    this.gOpt.dispose();
    this.dOpt.dispose();
  }
}
