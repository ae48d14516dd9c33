/**
 * tsgan's experiments: the theory (src/theory) checked on real networks — a trained discriminator
 * against D* (E3), the theory tracked during training (E3–E6, E8), vanishing gradients on disjoint
 * supports (E7, E8). Pure and backend-agnostic like the rest of the library.
 */
export type { BatchLogits, LogitGrid, TabulateOptions } from './logit-grid.js';
export { tabulateLogits } from './logit-grid.js';
export { mlpLogits } from './mlp-logits.js';
export { discriminatorStep } from './discriminator-step.js';
export type { DiscriminatorTrainingOptions, TrainedDiscriminator } from './train-discriminator.js';
export { DISCRIMINATOR_TRAINING_DEFAULTS, trainDiscriminator } from './train-discriminator.js';
export type { CompareOptions, DiscriminatorComparison } from './compare-discriminator.js';
export { compareWithOptimal, unionBox } from './compare-discriminator.js';
export type { FittedDiscriminator } from './fit-optimal-discriminator.js';
export { fitOptimalDiscriminator } from './fit-optimal-discriminator.js';
export type { GeneratorModel } from './generator-model.js';
export { denseMlp1D, generatorModel, hasExactGeneratorDensity } from './generator-model.js';
export type { TheoryRecord } from './theory-record.js';
export type { TheoryAnalysis } from './track-theory.js';
export { theoryAnalysis, theoryRecordFor, theoryTracker, theoryTrackingProblem } from './track-theory.js';
export type { GradientNormRow, LossRatios, VanishingGradientOptions, VanishingGradientResult } from './vanishing-gradients.js';
export { VANISHING_GRADIENT_DEFAULTS, vanishingGradients } from './vanishing-gradients.js';
export type { Example1TableRow } from './wgan-example1-table.js';
export { EXAMPLE1_THETAS, EXAMPLE1_WIDTH, wganExample1Table } from './wgan-example1-table.js';
export { criticAtSamples } from './critic-estimate.js';
export { CRITIC_CONSTRAINTS, criticVersusW1, type CriticConstraint, type CriticVersusW1Options, type CriticVersusW1Row } from './critic-vs-w1.js';
