/**
 * Shared test helpers for the data layer: quadrature independent of the code under test, the
 * distributions every test runs on, and simple statistics.
 */
import type { Distribution } from '../../src/data/index.js';

/** 10-point Gauss–Legendre nodes and weights on [−1, 1] (Abramowitz & Stegun 25.4.30). */
const GL10_X = [
  -0.9739065285171717, -0.8650633666889845, -0.6794095682990244, -0.4333953941292472, -0.1488743389816312,
  0.1488743389816312, 0.4333953941292472, 0.6794095682990244, 0.8650633666889845, 0.9739065285171717,
];
const GL10_W = [
  0.0666713443086881, 0.1494513491505806, 0.219086362515982, 0.2692667193099963, 0.2955242247147529,
  0.2955242247147529, 0.2692667193099963, 0.219086362515982, 0.1494513491505806, 0.0666713443086881,
];

/**
 * ∫_a^b f by composite 10-point Gauss–Legendre: [a, b] is cut at every breakpoint inside it, and
 * each piece into `panels` equal panels.
 */
export function integrate1d(f: (x: number) => number, a: number, b: number, breaks: readonly number[] = [], panels = 400): number {
  const cuts = [a, ...breaks.filter((x) => x > a && x < b), b];
  let total = 0;
  for (let c = 0; c + 1 < cuts.length; c++) {
    const h = (cuts[c + 1] - cuts[c]) / panels;
    for (let p = 0; p < panels; p++) {
      const mid = cuts[c] + (p + 0.5) * h;
      for (let i = 0; i < 10; i++) total += (h / 2) * GL10_W[i] * f(mid + (h / 2) * GL10_X[i]);
    }
  }
  return total;
}

/**
 * ∫ f over the box by the tensor midpoint rule with cells of side ≤ h. For a smooth density that
 * decays to ~0 at the box edges this converges spectrally (error ≈ exp(−2π²σ²/h²) for Gaussian
 * features of width σ); for a uniform density on exactly this box it is exact.
 */
export function integrateBox(
  f: (x: Float64Array) => number,
  box: { readonly low: readonly number[]; readonly high: readonly number[] },
  h: number,
): number {
  const d = box.low.length;
  const n = box.low.map((l, i) => Math.max(1, Math.ceil((box.high[i] - l) / h)));
  const step = box.low.map((l, i) => (box.high[i] - l) / n[i]);
  const x = new Float64Array(d);
  const idx = new Array<number>(d).fill(0);
  let total = 0;
  for (;;) {
    for (let i = 0; i < d; i++) x[i] = box.low[i] + (idx[i] + 0.5) * step[i];
    total += f(x);
    let i = 0;
    while (i < d && ++idx[i] === n[i]) idx[i++] = 0;
    if (i === d) break;
  }
  return total * step.reduce((a, b) => a * b, 1);
}

/** Per-coordinate sample mean, variance (1/n) and fourth central moment of row-major samples. */
export function sampleMoments(x: Float64Array, dim: number): { mean: number[]; variance: number[]; m4: number[] } {
  const n = x.length / dim;
  const mean = new Array<number>(dim).fill(0);
  const variance = new Array<number>(dim).fill(0);
  const m4 = new Array<number>(dim).fill(0);
  for (let i = 0; i < x.length; i++) mean[i % dim] += x[i] / n;
  for (let i = 0; i < x.length; i++) {
    const d = x[i] - mean[i % dim];
    variance[i % dim] += (d * d) / n;
    m4[i % dim] += (d * d * d * d) / n;
  }
  return { mean, variance, m4 };
}

/** One-sample Kolmogorov–Smirnov statistic sup |F_n − F| of 1-D samples against a cdf. */
export function ksStatistic(x: Float64Array, cdf: (x: number) => number): number {
  const s = Float64Array.from(x).sort();
  const n = s.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(s[i]);
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  }
  return d;
}

/** The asymptotic 1% critical value of the one-sample KS statistic for n samples: 1.6276/√n. */
export function ksCritical1Percent(n: number): number {
  return 1.6276 / Math.sqrt(n);
}

/** A test case: a spec, and for 2-D and 3-D a quadrature step fine enough for its density. */
export interface Case {
  readonly name: string;
  readonly spec: unknown;
  /** Midpoint-rule cell size for ∫ over the effective box (multi-D only). */
  readonly h?: number;
}

export const ONE_D_CASES: readonly Case[] = [
  { name: 'normal', spec: 'normal' },
  { name: 'uniform', spec: 'uniform' },
  { name: 'bimodal', spec: 'bimodal' },
  { name: 'bimodal-unbalanced', spec: 'bimodal-unbalanced' },
  { name: 'trimodal', spec: 'trimodal' },
  { name: 'N(0.3, 0.7²)', spec: { type: 'normal', mean: [0.3], std: [0.7] } },
  { name: 'U[−2, 5]', spec: { type: 'uniform', low: [-2], high: [5] } },
  {
    name: 'uniform + narrow normal',
    spec: {
      type: 'mixture',
      components: [
        { weight: 3, dist: { type: 'uniform', low: [0], high: [1] } },
        { weight: 7, dist: { type: 'normal', mean: [3], std: [0.05] } },
      ],
    },
  },
  {
    name: 'nested mixture with a zero weight',
    spec: {
      type: 'mixture',
      components: [
        { weight: 1, dist: 'bimodal' },
        { weight: 0, dist: { type: 'normal', mean: [100], std: [1] } },
        { weight: 2, dist: { type: 'uniform', low: [-1], high: [0.5] } },
      ],
    },
  },
];

export const MULTI_D_CASES: readonly Case[] = [
  { name: 'ring8', spec: 'ring8', h: 0.01 },
  { name: 'grid25', spec: 'grid25', h: 0.05 },
  { name: 'spiral', spec: 'spiral', h: 0.25 / 7.5 },
  { name: 'ring of 3, r 2, σ 0.3', spec: { type: 'ring', modes: 3, radius: 2, std: 0.3 }, h: 0.15 },
  { name: 'grid 2×2, spacing 1, σ 0.2', spec: { type: 'grid', side: 2, spacing: 1, std: 0.2 }, h: 0.1 },
  { name: 'spiral from 0, 2 turns, σ 0.1', spec: { type: 'spiral', start: 0, turns: 2, scale: 0.2, noise: 0.1 }, h: 0.1 },
  { name: '2-D normal, unequal stds', spec: { type: 'normal', mean: [1, -1], std: [1, 0.3] }, h: 0.15 },
  { name: '2-D uniform', spec: { type: 'uniform', low: [-1, 0], high: [2, 0.5] }, h: 0.05 },
  {
    name: 'ring8 + wider normal',
    spec: { type: 'mixture', components: [{ weight: 1, dist: 'ring8' }, { weight: 1, dist: { type: 'normal', mean: [0, 0], std: [0.2, 0.2] } }] },
    h: 0.01,
  },
  { name: '3-D normal', spec: { type: 'normal', mean: [0, 1, 2], std: [1, 2, 0.5] }, h: 0.25 },
];

/** The distribution's support-weighted total: ∫ density over its effective box. */
export function totalMass(d: Distribution, h?: number): number {
  if (d.dim === 1) {
    return integrate1d((x) => d.density([x]), d.effectiveBounds.low[0], d.effectiveBounds.high[0], d.breakpoints[0]);
  }
  return integrateBox((x) => d.density(x), d.effectiveBounds, h!);
}

/** A 2-D density tabulated at the cell centres of a grid on its effective box (cells of side ≤ h). */
export interface DensityGrid {
  readonly nx: number;
  readonly ny: number;
  /** Cell centres per axis. */
  readonly xs: Float64Array;
  readonly ys: Float64Array;
  /** density at (xs[i], ys[j]) is values[i * ny + j]. */
  readonly values: Float64Array;
  /** Area of one cell. */
  readonly cellArea: number;
}

/** Tabulates a 2-D distribution's density on its effective box (for midpoint-rule sums). */
export function densityGrid(d: Distribution, h: number): DensityGrid {
  const { low, high } = d.effectiveBounds;
  const nx = Math.ceil((high[0] - low[0]) / h);
  const ny = Math.ceil((high[1] - low[1]) / h);
  const dx = (high[0] - low[0]) / nx;
  const dy = (high[1] - low[1]) / ny;
  const xs = Float64Array.from({ length: nx }, (_, i) => low[0] + (i + 0.5) * dx);
  const ys = Float64Array.from({ length: ny }, (_, j) => low[1] + (j + 0.5) * dy);
  const values = new Float64Array(nx * ny);
  const p = new Float64Array(2);
  for (let i = 0; i < nx; i++) {
    for (let j = 0; j < ny; j++) {
      p[0] = xs[i];
      p[1] = ys[j];
      values[i * ny + j] = d.density(p);
    }
  }
  return { nx, ny, xs, ys, values, cellArea: dx * dy };
}
