/**
 * What the training loop yields. Plain data only (numbers, arrays): reporters (progress bar, JSONL,
 * plots, the web page) consume these and nothing else.
 */

/** One generator update and the k discriminator updates before it (Goodfellow 2014, Algorithm 1). */
export interface StepRecord {
  readonly type: 'step';
  /** Generator updates done so far, counting this one (1-based). */
  readonly step: number;
  /** The discriminator's loss (to minimize) on its last update of this step. */
  readonly dLoss: number;
  /** The generator's loss (to minimize). */
  readonly gLoss: number;
  /** The discriminator loss's terms, e.g. realTerm, fakeTerm. */
  readonly dTerms: Readonly<Record<string, number>>;
  /** The generator loss's terms, e.g. fakeTerm (saturating) or fakeLogD (non-saturating). */
  readonly gTerms: Readonly<Record<string, number>>;
  /** E_r[log D(x)] on the last discriminator batch, reading the output as a logit (E1). */
  readonly realTerm: number;
  /** E_z[log(1 − D(G(z)))] on the last discriminator batch (E1). */
  readonly fakeTerm: number;
  /** V(D, G) = realTerm + fakeTerm (E1); −log 4 ≈ −1.386 at the game's optimum (E6). */
  readonly value: number;
  /** Mean of D(x) = sigmoid(logit) on the real batch. */
  readonly dRealMean: number;
  /** Mean of D(G(z)) on the generated batch. */
  readonly dFakeMean: number;
  /** Global L2 norm of the discriminator's gradient (its last update of this step). */
  readonly dGradNorm: number;
  /** Global L2 norm of the generator's gradient. */
  readonly gGradNorm: number;
  /**
   * E_r[f(x)] − E_z[f(G(z))] on the last discriminator batch: for a WGAN critic, its estimate of W1 (up
   * to the critic's Lipschitz constant, E8); for the other objectives the same difference of outputs.
   */
  readonly criticEstimate: number;
  /** Sum of the discriminator's penalties on its last update (E9); 0 when none is configured. */
  readonly penalty: number;
  /**
   * With a penalty: the largest per-sample ‖∇ₓD‖ over the penalized points (interpolates for WGAN-GP,
   * real samples for R1), an empirical Lipschitz estimate of the critic there.
   */
  readonly maxInputGradNorm?: number;
  /**
   * The largest ‖∇ₓD‖ (of the logit) over 64 real, 64 generated and 64 interpolated points of the last
   * discriminator batch (8 of each for a DCGAN critic), before its update (models/lipschitz.ts): an
   * empirical lower bound of the critic's Lipschitz constant, which WGAN's duality (E8) needs ≤ 1.
   * A conditional critic D(x, y): ∇ₓ only, the interpolates keeping the real rows' labels.
   */
  readonly lipschitzEstimate?: number;
  /** k: discriminator updates done in this step (dSteps, or 100 at times under the `wgan-official` schedule). */
  readonly dSteps: number;
  /** Wall time of this step in milliseconds. */
  readonly stepMs: number;
}

/** Generated samples at a step, for evaluation and plots (every `snapshotEvery` steps and at the end). */
export interface SnapshotRecord {
  readonly type: 'snapshot';
  readonly step: number;
  /** Row-major samples of G(z) for fresh noise from the snapshot stream. */
  readonly fake: Float64Array;
  readonly dim: number;
  /** True for the snapshot taken after the last step. */
  readonly final: boolean;
}

export type TrainEvent = StepRecord | SnapshotRecord;

/** The record of a discriminator update alone (GanTrainer.discriminatorStep, the web lab's "step D only"): the discriminator's fields of a step record. */
export type DiscriminatorStepRecord = { readonly type: 'd-step' } & Pick<
  StepRecord,
  'step' | 'dLoss' | 'dTerms' | 'realTerm' | 'fakeTerm' | 'value' | 'dRealMean' | 'dFakeMean' | 'dGradNorm' | 'criticEstimate' | 'penalty' | 'maxInputGradNorm' | 'lipschitzEstimate'
>;

/** The record of a generator update alone (GanTrainer.generatorStep): the generator's fields of a step record. */
export type GeneratorStepRecord = { readonly type: 'g-step' } & Pick<StepRecord, 'step' | 'gLoss' | 'gTerms' | 'gGradNorm'>;
