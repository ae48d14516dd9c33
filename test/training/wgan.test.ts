/** WGAN training in the trainer: weight clipping (E8) and the gradient penalty (E9) applied for real. */
import test from 'node:test';
import assert from 'node:assert/strict';
import { setupBackend } from '../helpers/backend.js';
import { GanTrainer } from '../../src/training/trainer.js';
import { resolveConfig } from '../../src/training/config.js';
import { distributionFromSpec } from '../../src/data/index.js';
import { createRng } from '../../src/random/rng.js';
import { wasserstein1DSamples } from '../../src/theory/index.js';
import type { StepRecord } from '../../src/training/records.js';

await setupBackend();
const data = distributionFromSpec({ type: 'normal', mean: [3], std: [0.5] });

/** Exact W1 between two 1-D samples (THEORY E8). */
const w1 = wasserstein1DSamples;

const base = { data: 'inline', loss: 'wgan', noise: { dim: 1 }, generator: { hidden: [16, 16] }, discriminator: { hidden: [16, 16] }, batchSize: 64, snapshotEvery: 100000, seed: 2 };

test('config: wgan without clipping or a penalty is refused with the fix', () => {
  assert.throws(() => resolveConfig({ loss: 'wgan' }), /wgan needs its critic kept Lipschitz: add --clip-value 0.01/);
  assert.doesNotThrow(() => resolveConfig({ loss: 'wgan', clipValue: 0.01 }));
  assert.doesNotThrow(() => resolveConfig({ loss: 'wgan', gradientPenaltyWeight: 10 }));
});

test('WGAN with clipping: every critic parameter stays in [−c, c]; records carry the critic estimate', async () => {
  const t = new GanTrainer(resolveConfig({ ...base, steps: 30, dSteps: 5, clipValue: 0.01, optimizer: { generator: { name: 'rmsprop' }, discriminator: { name: 'rmsprop' } } }), data);
  const rs: StepRecord[] = [];
  for await (const e of t.run()) if (e.type === 'step') rs.push(e);
  for (const v of t.discriminator.variables()) {
    const vals = v.dataSync();
    assert.ok(Math.max(...vals.map(Math.abs)) <= 0.01 + 1e-9, 'clipped');
  }
  assert.ok(t.generator.variables().some((v) => Math.max(...v.dataSync().map(Math.abs)) > 0.05), 'the generator is not clipped');
  for (const r of rs) {
    assert.equal(r.penalty, 0);
    assert.ok(Math.abs(r.criticEstimate - (r.dTerms.criticReal - r.dTerms.criticFake)) < 1e-6);
    assert.ok(Math.abs(r.dLoss + r.criticEstimate) < 1e-6, 'the critic minimizes E[f(G(z))] − E[f(x)]');
  }
  t.dispose();
});

test('WGAN-GP moves a 1-D generator toward the data (W1 3.0 → < 0.8 in 500 steps) and keeps the critic near 1-Lipschitz', async () => {
  const cfg = resolveConfig({
    ...base,
    steps: 500,
    dSteps: 5,
    gradientPenaltyWeight: 1,
    optimizer: { generator: { name: 'adam', learningRate: 2e-3, beta1: 0.5, beta2: 0.9 }, discriminator: { name: 'adam', learningRate: 2e-3, beta1: 0.5, beta2: 0.9 } },
  });
  const t = new GanTrainer(cfg, data);
  const real = data.sample(createRng(5), 4000);
  const before = w1(t.sample(4000), real);
  let last: StepRecord | undefined;
  for await (const e of t.run()) if (e.type === 'step') last = e;
  const after = w1(t.sample(4000), real);
  assert.ok(before > 2, `starts far: ${before}`);
  assert.ok(after < 0.8, `ends closer: W1 ${after} (from ${before})`);
  assert.ok(last!.penalty > 0 && last!.penalty < 1, `penalty ${last!.penalty}`);
  assert.ok(last!.maxInputGradNorm! > 0.5 && last!.maxInputGradNorm! < 2, `max ‖∇f‖ on interpolates ${last!.maxInputGradNorm}`);
  t.dispose();
});
