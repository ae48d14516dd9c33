/** The linear learning-rate decay schedule (config.learningRateDecay). */
import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { setupBackend } from '../helpers/backend.js';
import { GanTrainer } from '../../src/training/trainer.js';
import { resolveConfig } from '../../src/training/config.js';
import { createOptimizer } from '../../src/training/optimizers.js';
import { distributionFromSpec } from '../../src/data/index.js';

await setupBackend();
const data = distributionFromSpec('bimodal');

test('linear decay: factor 1 − t/steps at generator update t; step 1 is the undecayed step, later ones differ', () => {
  const cfg = { data: 'bimodal', noise: { dim: 1 }, generator: { hidden: [8] }, discriminator: { hidden: [8] }, batchSize: 16, steps: 4 };
  const a = new GanTrainer(resolveConfig({ ...cfg, learningRateDecay: 'linear' }), data);
  const b = new GanTrainer(resolveConfig(cfg), data);
  const factors: number[] = [];
  const ra = [], rb = [];
  for (let i = 0; i < 4; i++) {
    factors.push(a.learningRateFactor());
    ra.push(a.trainStep());
    rb.push(b.trainStep());
  }
  assert.deepEqual(factors, [1, 0.75, 0.5, 0.25]);
  assert.equal(b.learningRateFactor(), 1);
  assert.equal(ra[0].dLoss, rb[0].dLoss);
  assert.equal(ra[0].gLoss, rb[0].gLoss);
  assert.notEqual(ra[2].dLoss, rb[2].dLoss);
  a.dispose();
  b.dispose();
});

test('an update with learningRateFactor f is the update with learning rate lr·f (SGD)', () => {
  const p = tf.variable(tf.tensor1d([1, 2, 3]));
  const g = tf.tensor1d([0.5, -1, 2]);
  createOptimizer({ name: 'sgd', learningRate: 0.1 }).apply([{ name: 'p', variable: p }], [g], 0.25);
  const got = Array.from(p.dataSync());
  const want = [1 - 0.025 * 0.5, 2 + 0.025, 3 - 0.025 * 2];
  got.forEach((v, i) => assert.ok(Math.abs(v - want[i]) < 1e-6, `${v} vs ${want[i]}`));
  p.dispose();
  g.dispose();
});

test('linear decay with a horizon H: factor max(1 − t/H, 1/H), independent of steps', () => {
  const cfg = { data: 'bimodal', noise: { dim: 1 }, generator: { hidden: [8] }, discriminator: { hidden: [8] }, batchSize: 16, learningRateDecay: 'linear', learningRateDecaySteps: 4 };
  const short = new GanTrainer(resolveConfig({ ...cfg, steps: 3 }), data);
  const long = new GanTrainer(resolveConfig({ ...cfg, steps: 7 }), data);
  const factors: number[] = [];
  for (let i = 0; i < 7; i++) {
    factors.push(long.learningRateFactor());
    if (i < 3) assert.equal(short.learningRateFactor(), long.learningRateFactor());
    if (i < 3) assert.equal(short.trainStep().gLoss, long.trainStep().gLoss);
    else long.trainStep();
  }
  assert.deepEqual(factors, [1, 0.75, 0.5, 0.25, 0.25, 0.25, 0.25]);
  short.dispose();
  long.dispose();
});
