import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  identityCheck,
  integrate,
  jsDivergence,
  klDivergence,
  mlpFunction1D,
  mlpGeneratorDensity,
  optimalDiscriminator,
  piecewiseLinearGeneratorDensity,
  standardNormalCdf,
  standardNormalPrior,
  totalVariation,
  uniformBox,
  uniformNoisePrior,
  wasserstein1D,
  type DenseMlp1D,
  type GeneratorDensity,
} from '../../src/theory/index.js';
import { createRng } from '../../src/random/rng.js';
import { normal } from './test-models.js';

const close = (actual: number, expected: number, tol: number, what = ''): void => {
  assert.ok(Math.abs(actual - expected) <= tol, `${what} ${actual} vs ${expected} (|Δ| = ${Math.abs(actual - expected)} > ${tol})`);
};

/** A fixed random dense network 1 → 8 → 8 → 1 (weights ~ U(±1.5/√fan_in), seed 3: a folding map). */
function randomMlp(activation: 'relu' | 'leakyRelu', seed = 3): DenseMlp1D {
  const rng = createRng(seed);
  const sizes = [1, 8, 8, 1];
  const weights: number[][][] = [];
  const biases: number[][] = [];
  for (let l = 0; l < 3; l++) {
    const b = 1 / Math.sqrt(sizes[l]);
    weights.push(Array.from({ length: sizes[l] }, () => Array.from({ length: sizes[l + 1] }, () => (2 * rng.uniform() - 1) * b * 1.5)));
    biases.push(Array.from({ length: sizes[l + 1] }, () => (2 * rng.uniform() - 1) * b));
  }
  return { weights, biases, activation };
}

/** ∫ density over the whole line, split at every breakpoint. */
function totalDensity(g: GeneratorDensity): number {
  return integrate((x) => g.density([x]), g.bounds.low[0], g.bounds.high[0], { breakpoints: [...g.breakpoints[0], ...g.effectiveBounds.low, ...g.effectiveBounds.high] }).value;
}

for (const activation of ['relu', 'leakyRelu'] as const) {
  test(`${activation} 1→8→8→1: the exact pieces reproduce the forward pass and the density integrates to 1`, () => {
    const mlp = randomMlp(activation);
    const g = mlpGeneratorDensity(mlp, standardNormalPrior);
    const f = mlpFunction1D(mlp);
    assert.ok(g.pieces.length > 5, `only ${g.pieces.length} pieces`);
    for (let z = -12; z <= 12; z += 0.003) close(g.map(z), f(z), 1e-12, `g(${z})`);
    // The map folds: some x have several preimages, so p_g sums over pieces.
    assert.ok(g.pieces.some((p) => p.slope > 0) && g.pieces.some((p) => p.slope < 0));
    close(g.continuousMass, 1, 0);
    close(totalDensity(g), 1, 1e-9);
    close(g.cdf(g.effectiveBounds.low[0]), 0, 1e-12);
    close(g.cdf(g.effectiveBounds.high[0]), 1, 1e-12);
  });
}

test('ReLU 1→8→8→1: density matches a histogram of 200,000 pushed-forward samples, cdf matches the empirical cdf (KS)', () => {
  const mlp = randomMlp('relu');
  const g = mlpGeneratorDensity(mlp, standardNormalPrior);
  const f = mlpFunction1D(mlp);
  const rng = createRng(2024);
  const n = 200_000;
  const xs = new Float64Array(n);
  for (let i = 0; i < n; i++) xs[i] = f(rng.normal());
  xs.sort();

  // 40 equal-count-ish bins between the 0.1 % and 99.9 % sample quantiles, plus two tail bins.
  const lo = xs[Math.floor(0.001 * n)];
  const hi = xs[Math.floor(0.999 * n)];
  const edges = [-Infinity, ...Array.from({ length: 41 }, (_, k) => lo + ((hi - lo) * k) / 40), Infinity];
  const counts = new Array<number>(edges.length - 1).fill(0);
  let b = 0;
  for (const x of xs) {
    while (x >= edges[b + 1]) b++;
    counts[b]++;
  }
  const bp = [...g.breakpoints[0], ...g.effectiveBounds.low, ...g.effectiveBounds.high];
  const binMass = (dens: (x: number) => number): number[] =>
    edges.slice(1).map((e, k) => integrate(dens, Math.max(edges[k], g.bounds.low[0]), Math.min(e, g.bounds.high[0]), { breakpoints: bp }).value);
  const chiSquare = (probs: number[]): number => {
    const total = probs.reduce((a, p) => a + p, 0);
    return counts.reduce((acc, o, k) => {
      const e = (n * probs[k]) / total;
      return acc + (o - e) ** 2 / e;
    }, 0);
  };
  const probs = binMass((x) => g.density([x]));
  // The density's bin masses agree with the exact cdf's differences.
  probs.forEach((p, k) => close(p, g.cdf(edges[k + 1]) - g.cdf(edges[k]), 1e-9, `bin ${k}`));
  // 41 degrees of freedom: the 99.9 % quantile of χ² is about 74.7.
  const chi = chiSquare(probs);
  assert.ok(chi < 75, `χ² = ${chi}`);

  // Negative controls: a wrong Jacobian factor (1/|g'|² or none), or forgetting every preimage but
  // one, is rejected by the same statistic.
  const wrong = (power: number, firstOnly: boolean) => (x: number): number => {
    let s = 0;
    for (const p of g.pieces) {
      if (p.slope === 0) continue;
      const z = (x - p.intercept) / p.slope;
      if (z >= p.zLow && z < p.zHigh) {
        s += standardNormalPrior.density(z) / Math.abs(p.slope) ** power;
        if (firstOnly) break;
      }
    }
    return s;
  };
  for (const [power, firstOnly] of [[2, false], [0, false], [1, true]] as const) {
    const c = chiSquare(binMass(wrong(power, firstOnly)));
    assert.ok(c > 1000, `wrong density (|g'|^${power}, firstOnly ${firstOnly}) not rejected: χ² = ${c}`);
  }

  // Kolmogorov–Smirnov: sup |F(x) − F_n(x)| below the 0.1 % critical value 1.95/√n.
  let ks = 0;
  for (let i = 0; i < n; i += 1) {
    const F = g.cdf(xs[i]);
    ks = Math.max(ks, Math.abs(F - (i + 1) / n), Math.abs(F - i / n));
  }
  assert.ok(ks < 1.95 / Math.sqrt(n), `KS = ${ks}`);
});

test('a linear generator g(z) = a·z + b gives exactly N(b, a²)', () => {
  const a = -1.7;
  const b = 0.4;
  const target = normal([b], [Math.abs(a)]);
  const viaMlp = mlpGeneratorDensity({ weights: [[[a]]], biases: [[b]], activation: 'relu' }, standardNormalPrior);
  const viaKnots = piecewiseLinearGeneratorDensity((z) => a * z + b, [], standardNormalPrior);
  // relu(z) − relu(−z) = z: two hidden units whose pieces merge into one line.
  const viaRelu = mlpGeneratorDensity({ weights: [[[1, -1]], [[a], [-a]]], biases: [[0, 0], [b]], activation: 'relu' }, standardNormalPrior);
  assert.equal(viaRelu.pieces.length, 1);
  for (const g of [viaMlp, viaKnots, viaRelu]) {
    assert.equal(g.atoms.length, 0);
    assert.ok(g.absolutelyContinuous);
    for (let x = -8; x <= 8; x += 0.25) {
      close(g.logDensity([x]), target.logDensity([x]), 1e-13, `log p(${x})`);
      close(g.cdf(x), standardNormalCdf((x - b) / Math.abs(a)), 1e-15, `F(${x})`);
    }
    close(klDivergence(g, target), 0, 1e-12);
    close(jsDivergence(g, target), 0, 1e-12);
    close(wasserstein1D(g, target), 0, 1e-12);
  }
});

test('uniform noise prior: g(z) = 2z + 1 on U[−1, 1] is U[−1, 3]', () => {
  const g = piecewiseLinearGeneratorDensity((z) => 2 * z + 1, [], uniformNoisePrior(-1, 1));
  assert.deepEqual(g.bounds, { low: [-1], high: [3] });
  close(g.density([0.3]), 0.25, 1e-15);
  assert.equal(g.density([3.5]), 0);
  const u = uniformBox([-1], [3]);
  close(totalVariation(g, u), 0, 1e-13);
  close(jsDivergence(g, u), 0, 1e-13);
  close(wasserstein1D(g, u), 0, 1e-13);
});

test('a flat piece is a point mass: reported as an atom, handled exactly by the divergences', () => {
  // x = 2·relu(z) + 0.5: half the noise lands on x = 0.5.
  const g = mlpGeneratorDensity({ weights: [[[1]], [[2]]], biases: [[0], [0.5]], activation: 'relu' }, standardNormalPrior);
  assert.deepEqual(g.atoms, [{ location: [0.5], mass: 0.5 }]);
  assert.equal(g.absolutelyContinuous, false);
  close(g.continuousMass, 0.5, 0);
  close(totalDensity(g), 0.5, 1e-10);
  close(g.cdf(0.5), 0.5, 1e-15);
  assert.equal(g.cdf(0.4999999), 0);
  close(g.cdf(2.5), 0.5 + (standardNormalCdf(1) - 0.5), 1e-15);

  const real = normal([1], [1]);
  assert.equal(klDivergence(g, real), Infinity, 'an atom where the real distribution has none');
  const dStar = optimalDiscriminator(real, g);
  assert.equal(dStar([0.5]), 0, 'D* = 0 on the atom');
  // JS with the atom equals the limit of the atom smeared over a shrinking interval.
  const smeared = (w: number) => ({
    dim: 1,
    density: (x: ArrayLike<number>) => (x[0] >= 0.5 - w && x[0] < 0.5 ? 0.5 / w : g.density(x)),
    bounds: { low: [0.5 - w], high: g.bounds.high },
    effectiveBounds: { low: [0.5 - w], high: g.effectiveBounds.high },
    breakpoints: [[0.5 - w, ...g.breakpoints[0]]],
  });
  const js = jsDivergence(real, g);
  close(jsDivergence(real, smeared(1e-7)), js, 1e-6);
  const c = identityCheck(real, g);
  close(c.js, js, 1e-12);
  assert.ok(c.identityError < 1e-9, `E5 with an atom: ${c.identityError}`);
  close(c.w1 as number, wasserstein1D(real, smeared(1e-7)), 1e-6);
});
