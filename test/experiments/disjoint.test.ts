/**
 * E7 on real networks: WGAN Example 1's table (closed forms beside the numerical values), and the
 * generator's gradient vanishing against a better and better discriminator under the saturating
 * loss, but not against a weight-clipped WGAN critic (E8).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { setupBackend } from '../helpers/backend.js';
import { vanishingGradients } from '../../src/experiments/vanishing-gradients.js';
import { clipWeights } from '../../src/models/weight-clipping.js';
import { EXAMPLE1_THETAS, wganExample1Table } from '../../src/experiments/wgan-example1-table.js';
import { Mlp } from '../../src/models/mlp.js';
import { createRng } from '../../src/random/rng.js';

await setupBackend();

test('WGAN Example 1 over θ: JS = log 2, KL = ∞, TV = 1, W1 = |θ| (θ ≠ 0), and the numerical column agrees', () => {
  const rows = wganExample1Table();
  assert.deepEqual(rows.map((r) => r.theta), [...EXAMPLE1_THETAS]);
  for (const r of rows) {
    const expected = r.theta === 0 ? { js: 0, kl: 0, tv: 0, w1: 0 } : { js: Math.LN2, kl: Infinity, tv: 1, w1: Math.abs(r.theta) };
    assert.deepEqual({ js: r.closedForm.js, kl: r.closedForm.kl, tv: r.closedForm.tv, w1: r.closedForm.w1 }, expected);
    assert.ok(Math.abs(r.numeric.js - expected.js) < 1e-9, `JS at θ = ${r.theta}: ${r.numeric.js}`);
    assert.equal(r.numeric.kl, expected.kl);
    assert.ok(Math.abs(r.numeric.tv - expected.tv) < 1e-9, `TV at θ = ${r.theta}: ${r.numeric.tv}`);
    assert.ok(Math.abs(r.numeric.w1 - expected.w1) < 1e-9, `W1 at θ = ${r.theta}: ${r.numeric.w1}`);
  }
});

test('clipWeights clips every weight and bias to [−c, c] in place', () => {
  const m = Mlp.create({ inputDim: 2, hidden: [8], outputDim: 1, activation: 'relu', outputActivation: 'linear' }, createRng(1), 'clip-test');
  const before = tf.memory().numTensors;
  clipWeights(m, 0.01);
  assert.equal(tf.memory().numTensors, before, 'no tensor leaks');
  for (const w of m.getWeights()) {
    assert.ok(w.values.every((v) => Math.abs(v) <= 0.01 + 1e-9), w.name);
    assert.ok(w.values.some((v) => Math.abs(v) > 0.0099), `${w.name}: PyTorch's init is wider than c, so some sit at ±c`);
  }
  assert.throws(() => clipWeights(m, 0), /clip value/);
  m.dispose();
});

test('disjoint supports: the saturating gradient vanishes (÷ ≥ 100), the WGAN critic\'s does not', () => {
  const r = vanishingGradients();
  const first = r.rows[0];
  const last = r.rows[r.rows.length - 1];
  assert.equal(last.step, 300);
  assert.equal(r.rows.length, 31);
  // Saturating loss: by orders of magnitude, from the untrained D and from its peak.
  assert.ok(r.ratios.saturating >= 100, `saturating first/last = ${r.ratios.saturating}`);
  assert.ok(r.fallFromPeak.saturating >= 1000, `saturating peak/last = ${r.fallFromPeak.saturating}`);
  assert.ok(last.dFakeMean < 1e-4, `D(G(z)) → D* = 0 on the generated segment: ${last.dFakeMean}`);
  // Non-saturating: does not vanish (it grows as D sharpens).
  assert.ok(last.nonSaturating > first.nonSaturating, `non-saturating ${first.nonSaturating} → ${last.nonSaturating}`);
  // WGAN: never falls by more than ×10 from its peak, ends 1000× above the saturating one, and is
  // ≈ the critic's own Lipschitz scale K̂ = (E_r f − E_g f)/|θ|.
  assert.ok(r.fallFromPeak.wgan <= 10, `WGAN peak/last = ${r.fallFromPeak.wgan}`);
  assert.ok(last.wgan > 1000 * last.saturating, `WGAN ${last.wgan} vs saturating ${last.saturating}`);
  assert.ok(last.wgan > 0.005, `WGAN gradient ${last.wgan}`);
  assert.ok(last.wganNormalized > 0.5 && last.wganNormalized < 2, `WGAN ÷ K̂ = ${last.wganNormalized}`);
  for (const row of r.rows.slice(r.rows.length / 2)) assert.ok(row.wgan > 0.3 * last.wgan, `WGAN at ${row.step}: ${row.wgan}`);
});
