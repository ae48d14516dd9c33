/**
 * E7 on a real network: with disjoint supports, the better the discriminator, the smaller the
 * generator's gradient under the saturating loss (Arjovsky & Bottou 2017, §3 and Fig. 2), while a
 * WGAN critic keeps giving the generator a gradient of constant size (Arjovsky, Chintala & Bottou
 * 2017, §3, Fig. 2).
 */
import * as tf from '@tensorflow/tfjs-core';
import { Mlp } from '../models/mlp.js';
import { minimax } from '../objectives/minimax.js';
import { nonSaturating } from '../objectives/non-saturating.js';
import type { Objective } from '../objectives/objective.js';
import { WGAN_CLIP_VALUE, WGAN_LEARNING_RATE, wgan } from '../objectives/wgan.js';
import { createRng, deriveSeed, type Rng } from '../random/rng.js';
import { createOptimizer } from '../training/optimizers.js';
import { discriminatorStep } from './discriminator-step.js';
import { clipWeights } from '../models/weight-clipping.js';

/** Options of {@link vanishingGradients}; see there for the set-up. */
export interface VanishingGradientOptions {
  /** The generator's offset θ ≠ 0: G_θ(z) = (θ, z) (default 1). */
  readonly theta?: number;
  /** Updates of the discriminator, and of the critic (default 300). */
  readonly steps?: number;
  /** Measure every this many updates (default 10), and before the first. */
  readonly every?: number;
  /** Real and fake samples per update (default 64, the WGAN paper's m). */
  readonly batchSize?: number;
  /** Hidden widths of the discriminator (default [64, 64], relu). */
  readonly hidden?: readonly number[];
  /**
   * The discriminator's Adam learning rate (default 1e-3, β = (0.5, 0.9) as in the WGAN-GP code: with
   * β2 = 0.999 Adam's step shrinks as the gradients fade, D's logits grow only like log t and the
   * decay is polynomial; with 0.9 they grow linearly and the decay is exponential, as in the paper).
   */
  readonly learningRate?: number;
  /** Hidden widths of the WGAN critic (default [256, 256], relu). */
  readonly criticHidden?: readonly number[];
  /** The critic's clip value c (default 0.01, the paper's). */
  readonly clipValue?: number;
  /** The critic's RMSProp learning rate (default 5e-5, the paper's). */
  readonly criticLearningRate?: number;
  /** Noise (and real) samples of the fixed batches the gradients are measured on (default 256). */
  readonly evalSamples?: number;
  readonly seed?: number;
}

/** The defaults of {@link VanishingGradientOptions}. */
export const VANISHING_GRADIENT_DEFAULTS = {
  theta: 1,
  steps: 300,
  every: 10,
  batchSize: 64,
  hidden: [64, 64],
  learningRate: 1e-3,
  criticHidden: [256, 256],
  clipValue: WGAN_CLIP_VALUE,
  criticLearningRate: WGAN_LEARNING_RATE,
  evalSamples: 256,
  seed: 0,
} as const satisfies Required<VanishingGradientOptions>;

/** The generator's gradient norms after `step` updates of the discriminator and of the critic. */
export interface GradientNormRow {
  readonly step: number;
  /** ‖∇_θ E_z[log(1 − D(G_θ(z)))]‖₂: the saturating loss (minimax, E2). */
  readonly saturating: number;
  /** ‖∇_θ −E_z[log D(G_θ(z))]‖₂: the non-saturating loss (E2). */
  readonly nonSaturating: number;
  /** ‖∇_θ −E_z[f(G_θ(z))]‖₂ with the clipped WGAN critic f (E8). */
  readonly wgan: number;
  /** Mean D(x) on the real measuring batch, and mean D(G(z)) on the generated one. */
  readonly dRealMean: number;
  readonly dFakeMean: number;
  /** E_r[f] − E_g[f] of the critic on the measuring batches (≈ K·W1 = K·|θ| once trained). */
  readonly criticGap: number;
  /**
   * `wgan` / (criticGap/|θ|): the generator's WGAN gradient in the critic's own units. A critic that
   * is K-Lipschitz and optimal gives E_r f − E_g f = K·W1 = K·|θ| and ∂/∂θ of it = K·sign θ, so
   * this is ≈ 1 when the critic is near its optimum (it is undefined, and large, before).
   */
  readonly wganNormalized: number;
}

/** One ratio per generator loss. */
export interface LossRatios {
  readonly saturating: number;
  readonly nonSaturating: number;
  readonly wgan: number;
}

/** The experiment's rows and how much each gradient norm fell. */
export interface VanishingGradientResult {
  readonly options: Required<VanishingGradientOptions>;
  readonly rows: readonly GradientNormRow[];
  /** Norm at the first row (untrained networks) ÷ norm at the last (≫ 1: the gradient vanished). */
  readonly ratios: LossRatios;
  /**
   * Largest norm over the rows ÷ norm at the last row: how far each fell from its peak (1 = it
   * never fell). Unlike `ratios` it does not depend on the untrained start, where the critic's
   * gradient is small because its random weights do not yet point one way.
   */
  readonly fallFromPeak: LossRatios;
}

/** Global L2 norm of a list of tensors. */
function globalNorm(ts: readonly tf.Tensor[]): tf.Scalar {
  return tf.tidy(() => tf.sqrt(tf.addN(ts.map((t) => tf.sum(tf.square(t))))) as tf.Scalar);
}

/** (0, u), u ~ U[0, 1]: n points of P_0 = uniform on the segment {0} × [0, 1]. */
function segmentSamples(rng: Rng, n: number): tf.Tensor2D {
  const v = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) v[2 * i + 1] = rng.uniform();
  return tf.tensor2d(v, [n, 2]);
}

/** n noise draws z ~ U[0, 1], shape [n, 1]. */
function noiseSamples(rng: Rng, n: number): tf.Tensor2D {
  return tf.tensor2d(rng.fillUniform(new Float32Array(n), 0, 1), [n, 1]);
}

/**
 * ‖∇_θ L_G‖₂ for the generator loss of `objective` on the noise batch z: forward through G and D,
 * ∂L_G/∂a analytically (`generatorLogitGradient`), backward through D to its input
 * (`backward(…, {input: true})`), then through G to its parameters θ.
 */
function generatorGradientNorm(generator: Mlp, discriminator: Mlp, objective: Objective, z: tf.Tensor2D): number {
  const norm = tf.tidy(() => {
    const { output: fake, cache: gCache } = generator.forwardWithCache(z);
    const { output: logits, cache: dCache } = discriminator.forwardWithCache(fake);
    const dLogits = objective.generatorLogitGradient({ fakeLogits: logits }) as tf.Tensor2D;
    const { dInput } = discriminator.backward(dCache, dLogits, { weights: false, input: true });
    const { grads } = generator.backward(gCache, dInput!, { weights: true, input: false });
    return globalNorm(Mlp.flatGradients(grads!));
  });
  const v = norm.dataSync()[0];
  norm.dispose();
  return v;
}

/** Means of [sigmoid(D(real)), sigmoid(D(G(z))), f(real) − f(G(z))] on the measuring batches. */
function batchMeans(generator: Mlp, discriminator: Mlp, critic: Mlp, real: tf.Tensor2D, z: tf.Tensor2D): [number, number, number] {
  const t = tf.tidy(() => {
    const fake = generator.forward(z);
    return tf.stack([
      tf.mean(tf.sigmoid(discriminator.forward(real))),
      tf.mean(tf.sigmoid(discriminator.forward(fake))),
      tf.sub(tf.mean(critic.forward(real)), tf.mean(critic.forward(fake))),
    ]);
  });
  const v = t.dataSync();
  t.dispose();
  return [v[0], v[1], v[2]];
}

/**
 * The vanishing-gradient experiment (E7; Arjovsky & Bottou 2017, Thm. 2.4 and Fig. 2; Arjovsky,
 * Chintala & Bottou 2017, Example 1 and §3). Set-up: the data P_0 is uniform on the segment
 * {0} × [0, 1]; the generator is FIXED, G_θ(z) = (θ, z) with z ~ U[0, 1] (a linear network 1 → 2
 * with weights [0, 1] and bias [θ, 0], θ = its parameters), so P_θ is the segment {θ} × [0, 1]:
 * the two supports are disjoint, JS = log 2 and W1 = |θ|.
 *
 * A discriminator D (logits, relu MLP) is trained toward D* by the minimax discriminator loss −V
 * (E2; Adam, β = (0.5, 0.9)); every `every` updates the norm of the generator's gradient ‖∇_θ L_G‖₂ is measured on
 * one fixed noise batch, for the saturating loss L_G = E_z[log(1 − D(G_θ(z)))] and the
 * non-saturating L_G = −E_z[log D(G_θ(z))] (same D). Beside it a WGAN critic f (no sigmoid) is
 * trained for the same number of updates by RMSProp on E_z[f(G(z))] − E_r[f(x)] with every
 * parameter clipped to [−c, c] before the first and after each update (E8), and the generator's
 * gradient under L_G = −E_z[f(G_θ(z))] is measured the same way.
 *
 * Expected (and tested): the saturating norm falls by orders of magnitude as D approaches D*
 * (D(G(z)) → 0 and ∂L_G/∂a = −D(G(z))/n); the non-saturating one does not vanish (its ∂L_G/∂a →
 * −1/n; Arjovsky & Bottou show it becomes unstable instead); the WGAN one stays of constant order.
 * Returns the rows (norms in the units of L_G per unit of θ) and the first/last ratios.
 * Domain: θ ≠ 0 finite; steps, every, batchSize, evalSamples positive integers; rates, c > 0.
 * Deviation: one fixed generator and 2-D toy data, not the paper's DCGAN on LSUN; the critic
 * starts from PyTorch's initialization clipped to [−c, c].
 */
export function vanishingGradients(options: VanishingGradientOptions = {}): VanishingGradientResult {
  const o: Required<VanishingGradientOptions> = { ...VANISHING_GRADIENT_DEFAULTS, ...options };
  if (!(Number.isFinite(o.theta) && o.theta !== 0)) throw new RangeError(`theta must be finite and ≠ 0 (disjoint supports), got ${o.theta}`);
  for (const [k, v] of [['steps', o.steps], ['every', o.every], ['batchSize', o.batchSize], ['evalSamples', o.evalSamples]] as const) {
    if (!(Number.isInteger(v) && v >= 1)) throw new RangeError(`${k} must be a positive integer, got ${v}`);
  }
  const seed = o.seed;
  const generator = Mlp.create({ inputDim: 1, hidden: [], outputDim: 2, activation: 'linear', outputActivation: 'linear' }, createRng(seed), 'fixed-generator');
  generator.setWeights([
    { name: 'dense0/w', shape: [1, 2], values: Float32Array.from([0, 1]) },
    { name: 'dense0/b', shape: [2], values: Float32Array.from([o.theta, 0]) },
  ]);
  const discriminator = Mlp.create(
    { inputDim: 2, hidden: o.hidden, outputDim: 1, activation: 'relu', outputActivation: 'linear' },
    createRng(deriveSeed(seed, 'init:discriminator')),
    'disjoint-discriminator',
  );
  const critic = Mlp.create(
    { inputDim: 2, hidden: o.criticHidden, outputDim: 1, activation: 'relu', outputActivation: 'linear' },
    createRng(deriveSeed(seed, 'init:critic')),
    'disjoint-critic',
  );
  clipWeights(critic, o.clipValue);
  const dOpt = createOptimizer({ name: 'adam', learningRate: o.learningRate, beta1: 0.5, beta2: 0.9, epsilon: 1e-8 });
  const cOpt = createOptimizer({ name: 'rmsprop', learningRate: o.criticLearningRate, decay: 0.99, momentum: 0, epsilon: 1e-8 });
  const saturating = minimax();
  const nonSat = nonSaturating();
  const wganObjective = wgan();
  const dataRng = createRng(deriveSeed(seed, 'data'));
  const noiseRng = createRng(deriveSeed(seed, 'noise'));
  const evalRng = createRng(deriveSeed(seed, 'eval'));
  const evalReal = segmentSamples(evalRng, o.evalSamples);
  const evalNoise = noiseSamples(evalRng, o.evalSamples);
  const rows: GradientNormRow[] = [];
  const measure = (step: number) => {
    const [dRealMean, dFakeMean, criticGap] = batchMeans(generator, discriminator, critic, evalReal, evalNoise);
    const wganNorm = generatorGradientNorm(generator, critic, wganObjective, evalNoise);
    rows.push({
      step,
      saturating: generatorGradientNorm(generator, discriminator, saturating, evalNoise),
      nonSaturating: generatorGradientNorm(generator, discriminator, nonSat, evalNoise),
      wgan: wganNorm,
      dRealMean,
      dFakeMean,
      criticGap,
      wganNormalized: wganNorm / (criticGap / Math.abs(o.theta)),
    });
  };
  try {
    measure(0);
    for (let step = 1; step <= o.steps; step++) {
      tf.tidy(() => {
        const fake = generator.forward(noiseSamples(noiseRng, o.batchSize));
        discriminatorStep(discriminator, saturating, dOpt, segmentSamples(dataRng, o.batchSize), fake);
        const criticFake = generator.forward(noiseSamples(noiseRng, o.batchSize));
        discriminatorStep(critic, wganObjective, cOpt, segmentSamples(dataRng, o.batchSize), criticFake);
      });
      clipWeights(critic, o.clipValue);
      if (step % o.every === 0 || step === o.steps) measure(step);
    }
  } finally {
    for (const t of [evalReal, evalNoise]) t.dispose();
    for (const m of [generator, discriminator, critic]) m.dispose();
    dOpt.dispose();
    cOpt.dispose();
  }
  const first = rows[0];
  const last = rows[rows.length - 1];
  const peak = (k: keyof LossRatios) => Math.max(...rows.map((r) => r[k])) / last[k];
  return {
    options: o,
    rows,
    ratios: {
      saturating: first.saturating / last.saturating,
      nonSaturating: first.nonSaturating / last.nonSaturating,
      wgan: first.wgan / last.wgan,
    },
    fallFromPeak: { saturating: peak('saturating'), nonSaturating: peak('nonSaturating'), wgan: peak('wgan') },
  };
}
