/**
 * PacGAN / VEEGAN mode metrics (Srivastava et al. 2017; Lin et al. 2018): modes captured,
 * high-quality fraction and reverse KL of the mode histogram, on hand-computed cases.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { distributionFromSpec, type GaussianMode } from '../../src/data/index.js';
import { modeMetrics } from '../../src/metrics/index.js';
import { createRng } from '../../src/random/rng.js';

const ring8 = distributionFromSpec('ring8').modes!;

/** Row-major samples placed exactly at the given modes' centres, `counts[k]` at mode k. */
function atModes(modes: readonly GaussianMode[], counts: readonly number[]): Float64Array {
  const rows: number[] = [];
  counts.forEach((c, k) => {
    for (let i = 0; i < c; i++) rows.push(...modes[k].center);
  });
  return Float64Array.from(rows);
}

describe('modeMetrics', () => {
  it('samples exactly at all 8 modes, equally often: all captured, quality 1, reverse KL 0', () => {
    const m = modeMetrics(atModes(ring8, new Array(8).fill(10)), 2, ring8);
    assert.equal(m.modesCaptured, 8);
    assert.equal(m.totalModes, 8);
    assert.equal(m.highQualityFraction, 1);
    assert.ok(Math.abs(m.reverseKL) < 1e-15, `${m.reverseKL}`);
    assert.deepEqual(m.modeCounts, new Array(8).fill(10));
  });

  it('an unbalanced histogram over 4 equal modes: KL = ½ log 2 + 2·⅛ log ½ = ¼ log 2', () => {
    const four = distributionFromSpec({ type: 'ring', modes: 4, radius: 1, std: 0.1 }).modes!;
    const m = modeMetrics(atModes(four, [4, 2, 1, 1]), 2, four);
    // q = (½, ¼, ⅛, ⅛), p = ¼ each: Σ q log(q/p) = ½ log 2 + ¼ log 1 + 2·⅛ log ½.
    assert.ok(Math.abs(m.reverseKL - 0.25 * Math.LN2) < 1e-15, `${m.reverseKL}`);
    assert.equal(m.modesCaptured, 4);
  });

  it('unequal true weights: all samples at the weight-½ mode give KL = log 2', () => {
    const modes: GaussianMode[] = [
      { center: [0, 0], std: 1, weight: 0.5 },
      { center: [10, 0], std: 1, weight: 0.25 },
      { center: [0, 10], std: 1, weight: 0.25 },
    ];
    const m = modeMetrics(atModes(modes, [7, 0, 0]), 2, modes);
    assert.ok(Math.abs(m.reverseKL - Math.LN2) < 1e-15);
    assert.equal(m.modesCaptured, 1);
    // Samples in proportion 2 : 1 : 1 match the weights: KL 0.
    assert.ok(Math.abs(modeMetrics(atModes(modes, [2, 1, 1]), 2, modes).reverseKL) < 1e-15);
    // Unnormalized weights are normalized: ×4 changes nothing.
    const scaled = modes.map((mo) => ({ ...mo, weight: 4 * mo.weight }));
    assert.ok(Math.abs(modeMetrics(atModes(scaled, [7, 0, 0]), 2, scaled).reverseKL - Math.LN2) < 1e-15);
  });

  it('5 of 8 modes, equally: 5 captured, KL = log(8/5)', () => {
    const m = modeMetrics(atModes(ring8, [3, 0, 3, 3, 0, 3, 0, 3]), 2, ring8);
    assert.equal(m.modesCaptured, 5);
    assert.deepEqual(m.modeCounts, [3, 0, 3, 3, 0, 3, 0, 3]);
    assert.equal(m.highQualityFraction, 1);
    assert.ok(Math.abs(m.reverseKL - Math.log(8 / 5)) < 1e-15);
  });

  it('samples far from every mode: 0 captured, quality 0, reverse KL = Infinity', () => {
    const far = Float64Array.from([5, 5, -5, 5, 0, 0, 0.5, 0]);
    const m = modeMetrics(far, 2, ring8);
    assert.equal(m.modesCaptured, 0);
    assert.equal(m.highQualityFraction, 0);
    assert.equal(m.reverseKL, Infinity);
    assert.deepEqual(m.modeCounts, new Array(8).fill(0));
    assert.equal(modeMetrics(new Float64Array(0), 2, ring8).reverseKL, Infinity);
  });

  it('the 3σ threshold (Euclidean, inclusive) and stdMultiple', () => {
    const one: GaussianMode[] = [{ center: [0, 0], std: 0.1, weight: 1 }];
    // Distances 0.29 (in), 0.3·(1 − 1e-12) (in), 0.31 (out) and 0.5 along a diagonal (out).
    const x = Float64Array.from([0.29, 0, 0, 0.3 * (1 - 1e-12), 0.31, 0, 0.5 / Math.SQRT2, 0.5 / Math.SQRT2]);
    assert.equal(modeMetrics(x, 2, one).highQualityFraction, 0.5);
    assert.equal(modeMetrics(x, 2, one, { stdMultiple: 6 }).highQualityFraction, 1);
    assert.equal(modeMetrics(x, 2, one, { stdMultiple: 1 }).highQualityFraction, 0);
  });

  it('half of the samples high quality, each counted at its nearest mode', () => {
    const x = Float64Array.from([1, 0, 1.02, 0, 3, 3, 0, 1.01, -1, -1, 0.5, 0.5]);
    const m = modeMetrics(x, 2, ring8);
    assert.equal(m.highQualityFraction, 0.5);
    assert.equal(m.modeCounts[0], 2);
    assert.equal(m.modeCounts[2], 1);
    assert.equal(m.modesCaptured, 2);
    // q = (⅔, ⅓), p = ⅛: KL = ⅔ log(16/3) + ⅓ log(8/3).
    assert.ok(Math.abs(m.reverseKL - ((2 / 3) * Math.log(16 / 3) + (1 / 3) * Math.log(8 / 3))) < 1e-15);
  });

  it('a mode of weight 0 that gets samples gives reverse KL = Infinity', () => {
    const modes: GaussianMode[] = [
      { center: [0], std: 1, weight: 1 },
      { center: [10], std: 1, weight: 0 },
    ];
    assert.equal(modeMetrics(Float64Array.from([0, 10]), 1, modes).reverseKL, Infinity);
  });

  it('true samples of ring8 and grid25: all modes, 98.9% high quality, reverse KL ≈ 0', () => {
    for (const name of ['ring8', 'grid25']) {
      const d = distributionFromSpec(name);
      const n = 5000;
      const m = modeMetrics(d.sample(createRng(17), n), 2, d.modes!);
      assert.equal(m.modesCaptured, m.totalModes, name);
      // P(‖ε‖ ≤ 3σ) = 1 − e^{−9/2} for an isotropic 2-D Gaussian; 5 standard errors.
      const p = 1 - Math.exp(-4.5);
      assert.ok(Math.abs(m.highQualityFraction - p) < 5 * Math.sqrt((p * (1 - p)) / n), `${name}: ${m.highQualityFraction}`);
      // The KL of a multinomial histogram from its weights is ≈ (K − 1)/(2n) on average.
      assert.ok(m.reverseKL < (5 * (m.totalModes - 1)) / (2 * n), `${name}: ${m.reverseKL}`);
    }
  });

  it('rejects inconsistent arguments with RangeError', () => {
    assert.throws(() => modeMetrics(new Float64Array(3), 2, ring8), RangeError);
    assert.throws(() => modeMetrics(new Float64Array(2), 2, []), RangeError);
    assert.throws(() => modeMetrics(new Float64Array(3), 3, ring8), RangeError);
    assert.throws(() => modeMetrics(new Float64Array(2), 2, ring8, { stdMultiple: 0 }), RangeError);
  });
});
