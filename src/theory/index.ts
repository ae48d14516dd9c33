/**
 * tsgan's theory module: the GAN equations of THEORY.md (E1–E8) as executable, checked code.
 * Pure functions only (no I/O, no TensorFlow); the lowest layer: it imports no other tsgan layer.
 * Distributions enter through the structural `DensityModel` interface, which src/data's
 * `Distribution` satisfies.
 */
export type { Atom, Box, DensityModel } from './density-model.js';
export { logDensityOf } from './density-model.js';
export { compensatedSum, erfc, logAddExp, sigmoid, softplus, standardNormalCdf, standardNormalLogPdf, standardNormalSf } from './special.js';
export type { QuadratureOptions, QuadratureResult, VectorIntegrand, VectorQuadratureResult } from './quadrature.js';
export { integrate, integrateVector } from './quadrature.js';
export type { Quadrature2DOptions, VectorIntegrand2D } from './quadrature-2d.js';
export { integrate2D, integrate2DNested, integrate2DVector } from './quadrature-2d.js';
export type { PairIntegrand, PairIntegralOptions, PairIntegralResult } from './pair-integral.js';
export { integratePair } from './pair-integral.js';
export { jsIntegrand, klIntegrand, tvIntegrand, valueAtOptimumIntegrand } from './pointwise.js';
export type { DivergenceOptions } from './divergences.js';
export { jsDivergence, klDivergence, totalVariation } from './divergences.js';
export type { Wasserstein1DOptions } from './wasserstein.js';
export { wasserstein1D, wasserstein1DSamples } from './wasserstein.js';
export { numericalCdf } from './numerical-cdf.js';
export type { Assignment } from './assignment.js';
export { solveAssignment } from './assignment.js';
export { wassersteinExactSamples } from './exact-transport.js';
export type { SlicedWassersteinOptions } from './sliced-wasserstein.js';
export { slicedWasserstein } from './sliced-wasserstein.js';
export type { OptimalDiscriminator, OptimalDiscriminatorValue } from './optimal-discriminator.js';
export { optimalDiscriminator } from './optimal-discriminator.js';
export type { Discriminator, GameValue, LogitDiscriminator, ProbabilityDiscriminator } from './value-function.js';
export { valueAtOptimum, valueFunction } from './value-function.js';
export type { IdentityCheck } from './identity-check.js';
export { identityCheck } from './identity-check.js';
export type { NoisePrior } from './noise-prior.js';
export { standardNormalPrior, uniformNoisePrior } from './noise-prior.js';
export type { DenseMlp1D, LinearPiece } from './piecewise-linear.js';
export { mlpFunction1D, mlpPieces, piecesFromKnots } from './piecewise-linear.js';
export type { GeneratorDensity } from './generator-density.js';
export { mlpGeneratorDensity, piecewiseLinearGeneratorDensity, pushforwardDensity } from './generator-density.js';
export type { KernelDensity, KernelDensityOptions } from './kernel-density.js';
export { gaussianKde } from './kernel-density.js';
export type { BoxUniform } from './box-uniform.js';
export { uniformBox } from './box-uniform.js';
export type { DisjointSupportsRow, Example1NumericOptions } from './disjoint.js';
export { thickSegmentsClosedForm, wganExample1, wganExample1Numeric } from './disjoint.js';
