/**
 * What the Lab's views show, computed from the session with the library's public functions:
 * D(x) on a grid, D*(x) = p_r/(p_r + p_g) (E3) with p_g a kernel estimate of the generator's samples,
 * |D − D*|, the generator's gradient on its samples, V(D*, G) = −log 4 + 2·JS (E5) by Monte Carlo,
 * W1 (E8) by exact matching, and the PacGAN mode metrics.
 */
import * as tf from '@tensorflow/tfjs-core';
import { createRng, deriveSeed, gaussianKde, modeMetrics, sigmoid, softplus, wasserstein1DSamples, wassersteinExactSamples, type ModeMetrics } from 'tsgan';
import { gridPoints, type ViewBox } from '../plots/box.js';
import type { LabSession } from './session.js';

/** Cells per side of the heatmaps (2-D data). */
export const GRID = 48;
/** Points along the axis of the curves (1-D data). */
export const LINE = 256;

/** `n` evenly spaced points across the box's first coordinate (the x of the 1-D views). */
export function linePoints(box: ViewBox, n = LINE): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = box.low[0] + (i / (n - 1)) * (box.high[0] - box.low[0]);
  return out;
}

/** Where the fields are evaluated: the heatmap's cell centres in 2-D, the curves' points in 1-D. */
export function fieldPoints(s: LabSession): Float64Array {
  return s.data.dataset.dim === 1 ? linePoints(s.viewBox) : gridPoints(s.viewBox, GRID);
}

/** Whether the session's D = sigmoid(logit) estimates D* (E3, the objective's declared property); for the others |D − D*| is not defined. */
export function comparesWithOptimal(s: LabSession): boolean {
  return s.trainer.objective.properties.estimatesOptimalDiscriminator;
}

/** Each point of `points` (dim values each) repeated m times in a row: the packs (x, …, x) of a packed D's diagonal. */
export function tilePoints(points: Float64Array, dim: number, m: number): Float64Array {
  if (m === 1) return points;
  const out = new Float64Array(points.length * m);
  for (let k = 0; k < points.length / dim; k++) for (let j = 0; j < m; j++) out.set(points.subarray(k * dim, k * dim + dim), (k * m + j) * dim);
  return out;
}

/**
 * D's logits at single points: D(x), or for a packed D (PacGAN, pack m) D(x, …, x) — m copies of x, the
 * diagonal of its input space, where the optimal packed D is p_r(x)^m / (p_r(x)^m + p_g(x)^m).
 */
function logitsOnPoints(s: LabSession, points: Float64Array): Float64Array {
  return s.config.pack === 1 ? s.trainer.discriminatorLogits(points) : s.trainer.packedDiscriminatorLogits(tilePoints(points, s.data.dataset.dim, s.config.pack));
}

/** The first points of `points` that make whole packs of the session's D (all of them without packing). */
export function wholePacks(s: LabSession, points: Float64Array): Float64Array {
  const dim = s.data.dataset.dim;
  const n = points.length / dim;
  return points.subarray(0, (n - (n % s.config.pack)) * dim);
}

/**
 * The discriminator on the grid: D(x) ∈ (0, 1) (a packed D: D(x, …, x)), or for a D that outputs a score
 * (a WGAN critic, hinge, least squares) its output rescaled to [0, 1].
 */
export function discriminatorField(s: LabSession): { values: Float64Array; critic: boolean; range: [number, number] } {
  const logits = logitsOnPoints(s, fieldPoints(s));
  if (s.trainer.objective.properties.output === 'score') {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of logits) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    const span = hi - lo || 1;
    return { values: logits.map((v) => (v - lo) / span), critic: true, range: [lo, hi] };
  }
  return { values: logits.map(sigmoid), critic: false, range: [0, 1] };
}

/** The generator's samples shown (the same noise every time, so one sees the points move). */
export function generatorSamples(s: LabSession, n = 512): Float64Array {
  return s.trainer.sample(n);
}

/**
 * −∂L_G/∂x at each generated point x, times the number of D's inputs (L_G is a mean over them): the
 * direction the generator's loss pushes each sample, backpropagated through D only (first-order,
 * tf.grad). A packed D (pack m) judges m consecutive points at once, as in training: `points` must be
 * whole packs ({@link wholePacks}), and each point's push depends on its pack.
 */
export function generatorPush(s: LabSession, points: Float64Array): Float64Array {
  const dim = s.data.dataset.dim;
  const pack = s.config.pack;
  const n = points.length / dim;
  const g = tf.tidy(() => {
    const x = tf.tensor2d(Float32Array.from(points), [n, dim]);
    const grad = tf.grad((xi: tf.Tensor) => s.trainer.objective.generatorLoss({ fakeLogits: s.trainer.discriminator.forward(tf.reshape(xi, [n / pack, pack * dim]) as tf.Tensor2D) }).loss)(x);
    return tf.mul(grad, -n / pack);
  });
  const out = Float64Array.from(g.dataSync());
  g.dispose();
  return out;
}

export interface OptimalView {
  /** D*(x) on the grid (NaN where p_r = p_g = 0). */
  readonly dStar: Float64Array;
  /** |D − D*| on the grid, when the objective's D estimates D*. */
  readonly gap?: Float64Array;
  /** Mean |D − D*| over the grid cells weighted by (p_r + p_g)/2. */
  readonly meanGap?: number;
  /** V(D*, G) = −log 4 + 2·JS(P_r‖P_g) (E5), estimated by Monte Carlo with p_g by kernel estimate. */
  readonly valueAtOptimum: number;
  /** JS(P_r‖P_g) = (V(D*, G) + log 4)/2 (E5 solved for JS), in nats: 0 … log 2 (a packed D: JS(P_r^m‖P_g^m)). */
  readonly js: number;
  /** KL(P_r‖P_g) = E_r[log p_r − log p_g] by Monte Carlo: large where G misses mass the data has (dropped modes). */
  readonly klRealToGen: number;
  /** KL(P_g‖P_r) = E_g[log p_g − log p_r]: large where G puts mass the data lacks (samples off the data). */
  readonly klGenToReal: number;
}

/**
 * log D*(x) − log(1 − D*(x)) = log p_r(x) − log p_g(x): D* in logit form, from log densities so that it
 * stays defined far from both supports (NaN only where both are exactly 0, E4).
 */
function optimalLogit(lr: number, lg: number): number {
  if (lr === -Infinity && lg === -Infinity) return NaN;
  return lr - lg;
}

/**
 * D*, |D − D*| and V(D*, G) for the current generator (p_g: kernel estimate of `fake`). For a packed D
 * (pack m) the game is played on m-tuples of independent samples, whose densities are products: D* on
 * the view's diagonal (x, …, x) is p_r^m/(p_r^m + p_g^m) (E3 for the m-fold product distributions), and
 * V(D*, G) = −log 4 + 2·JS(P_r^m‖P_g^m) (E5), by Monte Carlo over m-tuples; the KLs stay per sample.
 */
export function optimalView(s: LabSession, fake: Float64Array, dField: Float64Array): OptimalView {
  const pack = s.config.pack;
  const dim = s.data.dataset.dim;
  const pg = gaussianKde(fake, dim);
  const logPr = s.data.realLogDensity;
  const grid = fieldPoints(s);
  const n = grid.length / dim;
  const dStar = new Float64Array(n);
  const compare = comparesWithOptimal(s);
  const gap = compare ? new Float64Array(n) : undefined;
  let wsum = 0;
  let gsum = 0;
  for (let k = 0; k < n; k++) {
    const x = grid.subarray(dim * k, dim * k + dim);
    const lr = logPr(x);
    const lg = pg.logDensity(x);
    dStar[k] = sigmoid(pack * optimalLogit(lr, lg));
    if (gap !== undefined) {
      gap[k] = Math.abs(dField[k] - dStar[k]);
      // Weighted by (p_r + p_g)/2: where the samples are.
      const w = (Math.exp(lr) + Math.exp(lg)) / 2;
      if (!Number.isNaN(gap[k]) && w > 0) {
        wsum += w;
        gsum += w * gap[k];
      }
    }
  }
  // E5 by Monte Carlo on fresh samples: E_r[log D*(x)] + E_g[log(1 − D*(x))], with
  // log D* = −softplus(−a*) and log(1 − D*) = −softplus(a*) for a* = log p_r − log p_g.
  // A tuple's a* is the sum of its points' (log p_r − log p_g).
  const m = 300;
  const rng = createRng(deriveSeed(s.config.seed, `lab:mc:${s.step}`));
  const real = s.data.dataset.sample(rng, m * pack);
  const fresh = s.trainer.sample(m * pack, rng);
  let v = 0;
  let klRg = 0;
  let klGr = 0;
  for (let i = 0; i < m; i++) {
    let ar = 0;
    let ag = 0;
    for (let j = i * pack; j < (i + 1) * pack; j++) {
      const xr = real.subarray(dim * j, dim * j + dim);
      const a = optimalLogit(logPr(xr), pg.logDensity(xr));
      ar += a;
      klRg += Number.isNaN(a) ? 0 : a / (m * pack); // a* = log p_r − log p_g at a real point
      const xg = fresh.subarray(dim * j, dim * j + dim);
      const b = optimalLogit(logPr(xg), pg.logDensity(xg));
      ag += b;
      klGr -= Number.isNaN(b) ? 0 : b / (m * pack);
    }
    v -= Number.isNaN(ar) ? 0 : softplus(-ar) / m;
    v -= Number.isNaN(ag) ? 0 : softplus(ag) / m;
  }
  return { dStar, gap, meanGap: gap === undefined || wsum === 0 ? undefined : gsum / wsum, valueAtOptimum: v, js: (v + Math.log(4)) / 2, klRealToGen: klRg, klGenToReal: klGr };
}

/**
 * W1 between the generator and the data (E8): in 1-D exactly between 2,000 samples of each (sorted
 * samples); in 2-D by exact matching of 256 and 256 samples (an estimate biased upward).
 */
export function w1Estimate(s: LabSession): number {
  const rng = createRng(deriveSeed(s.config.seed, `lab:w1:${s.step}`));
  if (s.data.dataset.dim === 1) return wasserstein1DSamples(s.trainer.sample(2000, rng), s.data.dataset.sample(rng, 2000));
  const k = 256;
  return wassersteinExactSamples(s.trainer.sample(k, rng), s.data.dataset.sample(rng, k), 2);
}

/** The PacGAN mode metrics of `fake`, for mixtures of Gaussians. */
export function modesView(s: LabSession, fake: Float64Array): ModeMetrics | undefined {
  return s.data.modes === undefined ? undefined : modeMetrics(fake, s.data.dataset.dim, s.data.modes);
}

/** Noise points per side of the manifold view's grid. */
export const MANIFOLD = 21;

/**
 * The generator's transformation of its noise space (GAN Lab's "manifold"): a grid over z's first two
 * coordinates (±2.5 for the normal prior, ±1 for the uniform one; the other coordinates 0; one line
 * for 1-D noise), drawn through G — the averaged generator when there is one, as the samples are, or
 * the live one (the generator being trained) when `live`. Returns G of the grid's points, row by row,
 * and the grid's size (rows × columns).
 */
export function generatorManifold(s: LabSession, live = false): { points: Float64Array; rows: number; cols: number; zRange: number } {
  const d = s.config.noise.dim;
  const zRange = s.config.noise.prior === 'uniform' ? 1 : 2.5;
  const cols = MANIFOLD;
  const rows = d === 1 ? 1 : MANIFOLD;
  const z = new Float32Array(rows * cols * d);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const k = (i * cols + j) * d;
      z[k] = -zRange + (2 * zRange * j) / (cols - 1);
      if (d > 1) z[k + 1] = rows === 1 ? 0 : zRange - (2 * zRange * i) / (rows - 1);
    }
  }
  const zt = tf.tensor2d(z, [rows * cols, d]);
  const x = s.trainer.generate(zt, undefined, live);
  const points = Float64Array.from(x.dataSync());
  tf.dispose([zt, x]);
  return { points, rows, cols, zRange };
}
