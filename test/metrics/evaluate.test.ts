/**
 * evaluateSamples, the eval record of every snapshot and of `tsgan eval`, on each of its paths:
 * 1-D W1, 2-D exact-matching W1, the mode metrics of mixtures, and data of more dimensions (images),
 * where only the moments are reported. Values come from closed forms (W1 of a translated point set,
 * the mean and standard deviation of ±s patterns) and from second implementations in this file
 * (brute-force matching, two-pass moments), never from the code under test.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { distributionFromSpec, type Dataset } from '../../src/data/index.js';
import { ImageDataset } from '../../src/data/image-dataset.js';
import { evaluateSamples, moments } from '../../src/metrics/evaluate.js';
import { createRng, type Rng } from '../../src/random/rng.js';

/** A data set that always returns the first n of fixed points (the rng is ignored) and records each n asked for. */
function fixedData(dim: number, points: Float64Array): Dataset & { readonly asked: number[] } {
  const asked: number[] = [];
  return {
    dim,
    label: 'fixed points',
    asked,
    sample(_rng: Rng, n: number) {
      asked.push(n);
      if (n * dim > points.length) throw new RangeError(`fixedData holds ${points.length / dim} points, ${n} asked`);
      return points.slice(0, n * dim);
    },
  };
}

/** n pseudo-random points in [−1, 1]^dim from a seeded stream. */
function randomPoints(n: number, dim: number, seed: number): Float64Array {
  return createRng(seed).fillUniform(new Float64Array(n * dim), -1, 1);
}

/** Row-major points `a` moved by the vector t. */
function shifted(a: Float64Array, t: readonly number[]): Float64Array {
  return a.map((v, i) => v + t[i % t.length]);
}

/** Second implementation: min over all permutations σ of (1/n) Σ ‖a_i − b_σ(i)‖ (n ≤ 8). */
function bruteForceW1(a: Float64Array, b: Float64Array, dim: number): number {
  const n = a.length / dim;
  const dist = (i: number, j: number) => Math.hypot(...Array.from({ length: dim }, (_, k) => a[i * dim + k] - b[j * dim + k]));
  let best = Infinity;
  const used = new Array<boolean>(n).fill(false);
  const walk = (i: number, cost: number) => {
    if (cost >= best) return;
    if (i === n) {
      best = cost;
      return;
    }
    for (let j = 0; j < n; j++) {
      if (used[j]) continue;
      used[j] = true;
      walk(i + 1, cost + dist(i, j));
      used[j] = false;
    }
  };
  walk(0, 0);
  return best / n;
}

/** Second implementation of the moments: per coordinate, the mean and the population standard deviation, two passes. */
function referenceMoments(x: Float64Array, dim: number): { mean: number[]; std: number[] } {
  const n = x.length / dim;
  const mean: number[] = [];
  const std: number[] = [];
  for (let j = 0; j < dim; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += x[i * dim + j];
    const m = s / n;
    let q = 0;
    for (let i = 0; i < n; i++) q += (x[i * dim + j] - m) ** 2;
    mean.push(m);
    std.push(Math.sqrt(q / n));
  }
  return { mean, std };
}

const close = (got: number | undefined, want: number, tol: number, what: string) =>
  assert.ok(got !== undefined && Math.abs(got - want) <= tol, `${what}: got ${got}, want ${want} ± ${tol}`);

describe('evaluateSamples: 1-D data', () => {
  // The data: the 20000 midpoints (i + ½)/20000 of U[0, 1]'s quantiles.
  const grid = Float64Array.from({ length: 20000 }, (_, i) => (i + 0.5) / 20000);

  it('W1 of the data moved by t is |t| (the sorted samples pair off at distance |t|), against 20000 data samples', () => {
    for (const t of [0.3, -1.25]) {
      const data = fixedData(1, grid);
      const ev = evaluateSamples(data, shifted(grid, [t]), 7, createRng(1));
      close(ev.w1, Math.abs(t), 1e-12, `shift ${t}`);
      assert.deepEqual(data.asked, [20000], 'one draw of 20000 data samples');
      assert.equal(ev.w1Method, '1-D exact between 20000 generated and 20000 data samples');
      assert.deepEqual([ev.type, ev.step, ev.samples, ev.modes], ['eval', 7, 20000, undefined]);
    }
  });

  it('W1 of 1000 samples all at 0 against U[0, 1] is E|X| = ½; at ¼ it is ∫|x − ¼| dx = 5/16', () => {
    const ev = evaluateSamples(fixedData(1, grid), new Float64Array(1000), 1, createRng(1));
    close(ev.w1, 0.5, 1e-9, 'all at 0');
    assert.equal(ev.w1Method, '1-D exact between 1000 generated and 20000 data samples');
    // ∫₀¹ |x − ¼| dx = ¼²/2 + ¾²/2 = 5/16; the midpoint grid adds an O(1/20000²) error.
    close(evaluateSamples(fixedData(1, grid), new Float64Array(1000).fill(0.25), 1, createRng(1)).w1, 5 / 16, 1e-8, 'all at ¼');
  });

  it('a 1-D mixture: mode metrics with the 3σ rule per mode, beside W1 and the moments', () => {
    const bimodal = distributionFromSpec('bimodal'); // ½ N(−2, 0.5²) + ½ N(2, 0.5²): 3σ = 1.5
    // 3 samples in the left mode's 3σ ball (one just inside), 1 in the right's, 2 outside both balls.
    const fake = Float64Array.from([-2, -2 + 1.4999, -3.2, 2.7, -2 - 1.5001, 2 + 1.5001]);
    const ev = evaluateSamples(bimodal, fake, 3, createRng(5));
    assert.deepEqual(ev.modes!.modeCounts, [3, 1]);
    assert.equal(ev.modes!.modesCaptured, 2);
    assert.equal(ev.modes!.totalModes, 2);
    close(ev.modes!.highQualityFraction, 4 / 6, 1e-15, 'high quality');
    // q = (¾, ¼), p = (½, ½): KL = ¾ log(3/2) + ¼ log(1/2).
    close(ev.modes!.reverseKL, 0.75 * Math.log(1.5) + 0.25 * Math.log(0.5), 1e-15, 'reverse KL');
    const m = referenceMoments(fake, 1);
    close(ev.fakeMean[0], m.mean[0], 1e-15, 'mean');
    close(ev.fakeStd[0], m.std[0], 1e-14, 'std');
    assert.ok(ev.w1! > 0.5, `W1 ${ev.w1} of 6 points against the bimodal data`);
  });
});

describe('evaluateSamples: 2-D data', () => {
  it('W1 of a point set moved by t = (0.3, 0.4) is ‖t‖ = 0.5 (any coupling moves the mean by t: ≥ ‖t‖, the identity attains it), also when the points come in another order', () => {
    const data = randomPoints(40, 2, 11);
    const fake = shifted(data, [0.3, 0.4]);
    const d = fixedData(2, data);
    const ev = evaluateSamples(d, fake, 2, createRng(1));
    close(ev.w1, 0.5, 1e-12, 'translation');
    assert.deepEqual(d.asked, [40], 'as many data samples as generated ones');
    assert.equal(ev.w1Method, 'exact matching, 40 vs 40 samples');
    // The generated points reversed: the matching must find the pairs again.
    const reversed = new Float64Array(fake.length);
    for (let i = 0; i < 40; i++) reversed.set(fake.subarray(2 * (39 - i), 2 * (39 - i) + 2), 2 * i);
    close(evaluateSamples(fixedData(2, data), reversed, 2, createRng(1)).w1, 0.5, 1e-12, 'reversed order');
  });

  it('W1 equals the best of all 7! matchings (brute force) on random point sets', () => {
    for (const seed of [1, 2, 3]) {
      const data = randomPoints(7, 2, 100 + seed);
      const fake = randomPoints(7, 2, 200 + seed).map((v) => 1.5 * v + 0.2);
      const ev = evaluateSamples(fixedData(2, data), fake, 1, createRng(1));
      close(ev.w1, bruteForceW1(fake, data, 2), 1e-12, `seed ${seed}`);
    }
  });

  it('at most 500 generated samples (the first ones) against 500 data samples', () => {
    const data = randomPoints(500, 2, 21);
    // 700 generated points: the first 500 are the data moved by (0, −0.25), the last 200 far away.
    const fake = new Float64Array(1400).fill(1000);
    fake.set(shifted(data, [0, -0.25]));
    const d = fixedData(2, data);
    const ev = evaluateSamples(d, fake, 9, createRng(1));
    close(ev.w1, 0.25, 1e-12, 'first 500 only');
    assert.deepEqual(d.asked, [500]);
    assert.equal(ev.w1Method, 'exact matching, 500 vs 500 samples');
    assert.equal(ev.samples, 700);
    // The moments are those of all 700 generated points.
    const m = referenceMoments(fake, 2);
    ev.fakeMean.forEach((v, j) => close(v, m.mean[j], 1e-9, `mean ${j}`));
    ev.fakeStd.forEach((v, j) => close(v, m.std[j], 1e-9, `std ${j}`));
  });

  it('ring8: the data samples come from the rng given (the same seed gives the same W1, another seed another)', () => {
    const ring8 = distributionFromSpec('ring8');
    const fake = randomPoints(60, 2, 5).map((v) => 0.8 * v);
    const a = evaluateSamples(ring8, fake, 4, createRng(42));
    const b = evaluateSamples(ring8, fake, 4, createRng(42));
    const c = evaluateSamples(ring8, fake, 4, createRng(43));
    assert.equal(a.w1, b.w1);
    assert.notEqual(a.w1, c.w1);
    // Points spread over [−0.8, 0.8]² against the unit ring: each must move ~0.5 or more on average.
    assert.ok(a.w1! > 0.3 && a.w1! < 1.2, `W1 ${a.w1}`);
  });
});

describe('evaluateSamples: mixtures of Gaussians (PacGAN protocol)', () => {
  const ring8 = distributionFromSpec('ring8'); // 8 modes on the unit circle, σ = 0.01: 3σ = 0.03
  const centre = (k: number) => [Math.cos((2 * Math.PI * k) / 8), Math.sin((2 * Math.PI * k) / 8)];
  /** A point at distance r from mode k's centre, radially outward. */
  const atDistance = (k: number, r: number) => centre(k).map((c) => c * (1 + r));

  it('5 of 8 modes hit equally: 5 captured, all high quality, reverse KL = log(8/5)', () => {
    const rows: number[] = [];
    for (const k of [0, 1, 3, 4, 6]) for (let i = 0; i < 4; i++) rows.push(...centre(k));
    const ev = evaluateSamples(ring8, Float64Array.from(rows), 10, createRng(1));
    assert.deepEqual(ev.modes!.modeCounts, [4, 4, 0, 4, 4, 0, 4, 0]);
    assert.equal(ev.modes!.modesCaptured, 5);
    assert.equal(ev.modes!.totalModes, 8);
    assert.equal(ev.modes!.highQualityFraction, 1);
    close(ev.modes!.reverseKL, Math.log(8 / 5), 1e-14, 'reverse KL');
  });

  it('the 3σ rule: a sample 2.99σ from its mode is high quality, one at 3.01σ is not (σ = 0.01)', () => {
    const fake = Float64Array.from([...atDistance(0, 0.0299), ...atDistance(2, 0.0301), ...atDistance(5, 0.0299), ...atDistance(5, 0.02)]);
    const ev = evaluateSamples(ring8, fake, 1, createRng(1));
    assert.deepEqual(ev.modes!.modeCounts, [1, 0, 0, 0, 0, 2, 0, 0]);
    assert.equal(ev.modes!.highQualityFraction, 0.75);
    // q = (⅓, ⅔) on modes of weight ⅛: KL = ⅓ log(8/3) + ⅔ log(16/3).
    close(ev.modes!.reverseKL, Math.log(8 / 3) / 3 + (2 / 3) * Math.log(16 / 3), 1e-14, 'reverse KL');
  });

  it('an unbalanced histogram over the 8 modes: KL(q ‖ uniform) = Σ q log(8q), not the forward KL', () => {
    const counts = [8, 4, 2, 1, 1, 0, 0, 0];
    const rows: number[] = [];
    counts.forEach((c, k) => {
      for (let i = 0; i < c; i++) rows.push(...atDistance(k, 0.01));
    });
    const ev = evaluateSamples(ring8, Float64Array.from(rows), 1, createRng(1));
    const total = 16;
    const reverse = counts.reduce((s, c) => (c === 0 ? s : s + (c / total) * Math.log((8 * c) / total)), 0);
    close(ev.modes!.reverseKL, reverse, 1e-14, 'reverse KL');
    assert.ok(Math.abs(reverse - (0.5 * Math.log(4) + 0.25 * Math.LN2 - 0.125 * Math.LN2)) < 1e-15, `Σ q log(8q) by hand: ${reverse}`);
  });

  it('grid25 (σ = 0.05): samples between modes are not high quality and count nowhere', () => {
    const grid25 = distributionFromSpec('grid25');
    const fake = Float64Array.from([0, 0, 2, 2, 1, 1, 2 + 0.149, -4, 4, 4 - 0.151]);
    const ev = evaluateSamples(grid25, fake, 1, createRng(1));
    assert.equal(ev.modes!.totalModes, 25);
    assert.equal(ev.modes!.modesCaptured, 3);
    close(ev.modes!.highQualityFraction, 3 / 5, 1e-15, 'high quality');
    close(ev.modes!.reverseKL, Math.log(25 / 3), 1e-14, 'reverse KL, 3 modes equally');
  });

  it('no modes for data without a density or with non-isotropic components', () => {
    assert.equal(evaluateSamples(fixedData(2, randomPoints(10, 2, 1)), randomPoints(10, 2, 2), 1, createRng(1)).modes, undefined);
    const spiral = distributionFromSpec('spiral');
    assert.equal(evaluateSamples(spiral, randomPoints(10, 2, 2), 1, createRng(1)).modes, undefined);
  });
});

describe('evaluateSamples: the moments (fakeMean, fakeStd), and data of more than 2 dimensions', () => {
  it('samples m ± s per coordinate: mean m and standard deviation s (not the variance s²)', () => {
    const m = [1.5, -2, 0.25];
    const s = [0.5, 3, 0.2];
    const rows: number[] = [];
    for (let i = 0; i < 10; i++) rows.push(...m.map((mj, j) => mj + (i % 2 === 0 ? s[j] : -s[j])));
    const data = fixedData(3, new Float64Array(0));
    const ev = evaluateSamples(data, Float64Array.from(rows), 5, createRng(1));
    ev.fakeMean.forEach((v, j) => close(v, m[j], 1e-14, `mean ${j}`));
    ev.fakeStd.forEach((v, j) => close(v, s[j], 1e-14, `std ${j}`));
    assert.deepEqual([ev.w1, ev.w1Method, ev.modes, ev.samples], [undefined, undefined, undefined, 10], '3-D: no W1, no modes');
    assert.deepEqual(data.asked, [], '3-D: no data drawn');
  });

  it('the moments agree with a two-pass implementation on random data (1-D to 5-D)', () => {
    for (const dim of [1, 2, 5]) {
      const x = randomPoints(333, dim, dim).map((v, i) => 3 * v + (i % dim));
      const got = moments(x, dim);
      const want = referenceMoments(x, dim);
      for (let j = 0; j < dim; j++) {
        close(got.mean[j], want.mean[j], 1e-12, `dim ${dim} mean ${j}`);
        close(got.std[j], want.std[j], 1e-12, `dim ${dim} std ${j}`);
      }
    }
  });

  it('images (4×4 grey): one mean and standard deviation per pixel, no W1 or modes, the data never sampled', () => {
    const images = new ImageDataset('tiny', new Uint8Array(16 * 3).fill(128), 4, 4, 1);
    const fake = Float64Array.from({ length: 16 * 4 }, (_, i) => (Math.floor(i / 16) % 2 === 0 ? 0.5 : -0.5) + (i % 16) / 100);
    const ev = evaluateSamples(images, fake, 12, createRng(1));
    assert.equal(ev.samples, 4);
    assert.equal(ev.fakeMean.length, 16);
    ev.fakeMean.forEach((v, j) => close(v, j / 100, 1e-15, `pixel ${j} mean`));
    ev.fakeStd.forEach((v, j) => close(v, 0.5, 1e-15, `pixel ${j} std`));
    assert.deepEqual([ev.w1, ev.modes], [undefined, undefined]);
  });
});

describe('evaluateSamples: the data\'s own high-quality share beside the generator\'s (issue #22: "100 %" on a fit with no tails)', () => {
  it('is what real samples score: 1 − e^(−9/2) ≈ 98.89 % for 2-D Gaussian modes, 99.73 % in 1-D', async () => {
    const { distributionFromSpec } = await import('../../src/data/index.js');
    const ring = distributionFromSpec('ring8');
    const ev2 = evaluateSamples(ring, ring.sample(createRng(5), 2500), 1, createRng(6));
    assert.ok(Math.abs(ev2.dataHighQualityFraction! - (1 - Math.exp(-4.5))) < 0.008, `ring8 data: ${ev2.dataHighQualityFraction}`);
    const normal = distributionFromSpec('normal');
    const ev1 = evaluateSamples(normal, normal.sample(createRng(5), 2500), 1, createRng(6));
    assert.ok(Math.abs(ev1.dataHighQualityFraction! - 0.9973) < 0.004, `1-D data: ${ev1.dataHighQualityFraction}`);
    // A generator with no tails (everything at the mode's centre) scores 100 %, above the data.
    const narrow = evaluateSamples(normal, new Float64Array(2500), 1, createRng(6));
    assert.equal(narrow.modes!.highQualityFraction, 1);
    assert.ok(narrow.dataHighQualityFraction! < 1);
  });
});
