/** The critic's constraints in training: spectral normalization, the WGAN schedule of k, the Lipschitz estimate. */
import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { setupBackend } from '../helpers/backend.js';
import { largestSingularValue } from '../helpers/spectral.js';
import { GanTrainer } from '../../src/training/trainer.js';
import { ConfigError, resolveConfig } from '../../src/training/config.js';
import { distributionFromSpec } from '../../src/data/index.js';
import type { StepRecord } from '../../src/training/records.js';

await setupBackend();
const data = distributionFromSpec({ type: 'normal', mean: [3], std: [0.5] });
const base = { loss: 'wgan', noise: { dim: 1 }, generator: { hidden: [16, 16] }, discriminator: { hidden: [16, 16], spectralNorm: true }, batchSize: 64, snapshotEvery: 100000, lipschitzEvery: 1, seed: 3 };


const steps = (t: GanTrainer, n: number) => Array.from({ length: n }, () => t.trainStep());

test('WGAN with spectral normalization: every critic layer has spectral norm ≈ 1 and the measured Lipschitz constant stays ≤ 1', () => {
  const t = new GanTrainer(resolveConfig({ ...base, optimizer: { generator: { name: 'adam', learningRate: 1e-3 }, discriminator: { name: 'adam', learningRate: 1e-3 } } }), data);
  const rs = steps(t, 60);
  for (const r of rs) assert.ok(r.lipschitzEstimate! > 0 && r.lipschitzEstimate! <= 1.05, `Lipschitz estimate ${r.lipschitzEstimate}`);
  const layerNorms = () => t.discriminator.layers.map((l) => largestSingularValue(l.w.dataSync(), l.w.shape[0], l.w.shape[1]));
  // One power iteration per update tracks σ closely; more iterations converge to it.
  for (const s of layerNorms()) assert.ok(Math.abs(s - 1) < 0.1, `layer spectral norm ${s} (one iteration per update)`);
  for (let i = 0; i < 300; i++) t.spectralNorm!.refresh();
  for (const s of layerNorms()) assert.ok(Math.abs(s - 1) < 1e-3, `layer spectral norm ${s} (converged)`);
  t.dispose();
});

test('spectral normalization resumes bit-identically from getState/setState', async () => {
  const cfg = resolveConfig({ ...base, loss: 'non-saturating' });
  const a = new GanTrainer(cfg, data);
  steps(a, 5);
  const state = await a.getState();
  assert.ok(state.discriminator.some((w) => w.name === 'sn/dense0/u'), 'the state holds the power-iteration vectors');
  const ra = steps(a, 5).map(({ stepMs, ...r }) => r);
  const b = new GanTrainer(cfg, data);
  await b.setState(state);
  const rb = steps(b, 5).map(({ stepMs, ...r }) => r);
  assert.deepEqual(rb, ra);
  const plain = new GanTrainer(resolveConfig({ ...base, loss: 'non-saturating', discriminator: { hidden: [16, 16] } }), data);
  await assert.rejects(plain.setState(state), /spectral normalization but the config does not ask for it/);
  [a, b, plain].forEach((t) => t.dispose());
});

test('the WGAN authors\' schedule: k = 100 for the first 25 generator updates and every 500th, else dSteps', () => {
  const t = new GanTrainer(resolveConfig({ ...base, discriminator: { hidden: [8] }, clipValue: 0.01, dSteps: 5, dStepsSchedule: 'wgan-official' }), data);
  assert.deepEqual([0, 1, 24, 25, 26, 499, 500, 501, 1000, 1001].map((s) => t.discriminatorStepsAt(s)), [100, 100, 100, 5, 5, 5, 100, 5, 100, 5]);
  const first = t.trainStep();
  assert.equal(first.dSteps, 100);
  const constant = new GanTrainer(resolveConfig({ ...base, discriminator: { hidden: [8] }, clipValue: 0.01, dSteps: 5 }), data);
  assert.equal(constant.trainStep().dSteps, 5);
  assert.equal(constant.discriminatorStepsAt(0), 5);
  [t, constant].forEach((x) => x.dispose());
});

test('every step record carries the empirical Lipschitz constant, for every objective, without changing the random streams', () => {
  for (const loss of ['non-saturating', 'minimax', 'hinge', 'least-squares']) {
    const t = new GanTrainer(resolveConfig({ ...base, loss, discriminator: { hidden: [16] } }), data);
    const r: StepRecord = t.trainStep();
    assert.ok(Number.isFinite(r.lipschitzEstimate) && r.lipschitzEstimate! > 0, `${loss}: ${r.lipschitzEstimate}`);
    t.dispose();
  }
});

test('config: clipping and spectral normalization together are refused with the fix; wgan accepts spectral normalization alone', () => {
  assert.throws(() => resolveConfig({ loss: 'wgan', clipValue: 0.01, discriminator: { spectralNorm: true } }), (e: unknown) => e instanceof ConfigError && /choose one/.test(e.message));
  assert.doesNotThrow(() => resolveConfig({ loss: 'wgan', discriminator: { spectralNorm: true } }));
});

test('no tensor leaks with spectral normalization and the Lipschitz estimate', () => {
  const t = new GanTrainer(resolveConfig({ ...base, gradientPenaltyWeight: 1 }), data);
  steps(t, 3);
  const before = tf.memory().numTensors;
  steps(t, 20);
  assert.equal(tf.memory().numTensors, before);
  t.dispose();
});
