/**
 * The density of a trained generator, for the theory: exact when it can be (a 1-D ReLU generator of
 * 1-D noise), else a kernel density estimate of its samples, and which of the two it is.
 */
import { LEAKY_RELU_ALPHA } from '../models/activations.js';
import type { Mlp } from '../models/mlp.js';
import { gaussianKde, mlpGeneratorDensity, standardNormalPrior, uniformNoisePrior, type DenseMlp1D, type DensityModel } from '../theory/index.js';
import type { TrainConfig } from '../training/config.js';

/** A generator's density model and how it was obtained. */
export interface GeneratorModel {
  readonly density: DensityModel;
  /** 'exact': the pushforward of the noise prior through the network; 'kde': an estimate. */
  readonly kind: 'exact' | 'kde';
  /** Samples behind the estimate (kde only). */
  readonly kdeSamples?: number;
  /** Probability mass in point masses (exact only: flat pieces of a ReLU network), in [0, 1]. */
  readonly atomMass?: number;
}

/**
 * True when the generator's exact density applies (E3–E5 then hold for the true P_g): 1-D data,
 * 1-D noise, ReLU/leakyRelu hidden layers, linear output (a piecewise-linear map).
 */
export function hasExactGeneratorDensity(config: Pick<TrainConfig, 'noise' | 'generator'>, dataDim: number): boolean {
  const act = config.generator.activation;
  return dataDim === 1 && config.noise.dim === 1 && (act === 'relu' || act === 'leakyRelu') && config.generator.output === 'linear';
}

/**
 * The generator's weights as the theory module's {@link DenseMlp1D} (`getWeights`: w as [in, out]
 * row-major, as DenseMlp1D's flat form expects), with tsgan's leakyRelu slope 0.2.
 * Domain: a 1 → … → 1 network with relu or leakyRelu hidden layers and a linear output.
 */
export function denseMlp1D(generator: Mlp, activation: 'relu' | 'leakyRelu'): DenseMlp1D {
  const named = new Map(generator.getWeights().map((w) => [w.name, w.values]));
  const weights: Float32Array[] = [];
  const biases: Float32Array[] = [];
  for (let i = 0; named.has(`dense${i}/w`); i++) {
    weights.push(named.get(`dense${i}/w`)!);
    biases.push(named.get(`dense${i}/b`)!);
  }
  return { weights, biases, activation, alpha: LEAKY_RELU_ALPHA };
}

/**
 * The density of P_g for a trained generator (E3–E5 need it):
 * - exact, when {@link hasExactGeneratorDensity}: the network is piecewise linear, so P_g is the
 *   pushforward of the noise prior (N(0, 1) or U[−1, 1]) through its linear pieces (theory's
 *   mlpGeneratorDensity); flat pieces become atoms.
 * - otherwise a Gaussian kernel density estimate (Scott's rule) of at most `maxKdeSamples` of the
 *   given generator `samples` (row-major, dimension `dataDim`): an ESTIMATE, with the smoothing bias
 *   and leaks that theory's gaussianKde documents.
 * Domain: samples finite; at least 2 of them for the estimate.
 * Deviation: the exact density is of the float32 network read in float64 (differences ~1e-7).
 */
export function generatorModel(
  generator: Mlp,
  config: Pick<TrainConfig, 'noise' | 'generator'>,
  dataDim: number,
  samples: Float64Array,
  maxKdeSamples = dataDim === 1 ? 2500 : 1000,
): GeneratorModel {
  if (hasExactGeneratorDensity(config, dataDim)) {
    const prior = config.noise.prior === 'normal' ? standardNormalPrior : uniformNoisePrior(-1, 1);
    const g = mlpGeneratorDensity(denseMlp1D(generator, config.generator.activation as 'relu' | 'leakyRelu'), prior);
    return { density: g, kind: 'exact', atomMass: 1 - g.continuousMass };
  }
  const n = Math.min(samples.length / dataDim, maxKdeSamples);
  return { density: gaussianKde(samples.subarray(0, n * dataDim), dataDim), kind: 'kde', kdeSamples: n };
}
