/** GanTrainer.retune: tunable settings changed while training, from the next update on (src/training/retune.ts). */
import test from 'node:test';
import assert from 'node:assert/strict';
import { setupBackend } from '../helpers/backend.js';
import { GanTrainer } from '../../src/training/trainer.js';
import { ConfigError, resolveConfig } from '../../src/training/config.js';
import { tunablePaths } from '../../src/training/config-fields.js';
import { createOptimizer } from '../../src/training/optimizers.js';
import { distributionFromSpec } from '../../src/data/index.js';

await setupBackend();
const data = distributionFromSpec('ring8');
const base = { data: 'ring8', loss: 'wgan', clipValue: 0.01, generator: { hidden: [8, 8] }, discriminator: { hidden: [8, 8] }, batchSize: 16, seed: 4 } as const;
const strip = (r: object) => JSON.stringify({ ...r, stepMs: 0 });

test('a retune at step 3 equals a run switched to the retuned config at step 3 (same state): learning rates, k, penalty and clipping take effect at the next update', async () => {
  const changes = [
    { path: ['optimizer', 'generator', 'learningRate'], value: 3e-4 },
    { path: ['dSteps'], value: 3 },
    { path: ['clipValue'], value: 0.05 },
  ];
  const live = new GanTrainer(resolveConfig(base), data);
  for (let i = 0; i < 3; i++) live.trainStep();
  const state = await live.getState();
  const next = live.retune(changes);
  assert.deepEqual([next.optimizer.generator.learningRate, next.dSteps, next.clipValue, next.batchSize], [3e-4, 3, 0.05, 16]);
  assert.equal(live.config, next, 'config is the retuned one');
  assert.deepEqual(live.learningRates, { generator: 3e-4, discriminator: 2e-4 }, 'exactly the new rate, no rounding');
  const after = [0, 1, 2].map(() => strip(live.trainStep()));
  assert.equal(JSON.parse(after[0]).dSteps, 3, 'k = 3 from the next step');
  // the same state in a trainer built with the retuned config from the start
  const switched = new GanTrainer(next, data);
  await switched.setState(state);
  assert.deepEqual([0, 1, 2].map(() => strip(switched.trainStep())), after);
  // and not what the unchanged run does
  const unchanged = new GanTrainer(resolveConfig(base), data);
  await unchanged.setState(state);
  assert.notDeepEqual([0, 1, 2].map(() => strip(unchanged.trainStep())), after);
  for (const t of [live, switched, unchanged]) t.dispose();
});

test('a retune refuses, in one line, a field that is not tunable, an invalid value, and a penalty the critic cannot compute', () => {
  const t = new GanTrainer(resolveConfig(base), data);
  assert.throws(() => t.retune([{ path: ['batchSize'], value: 32 }]), (e: Error) => e instanceof ConfigError && /^batchSize: cannot change while training \(only .*dSteps.* can\): start a new run instead$/.test(e.message));
  assert.throws(() => t.retune([{ path: ['dSteps'], value: 0, source: 'k' }]), (e: Error) => e instanceof ConfigError && /^k: Too small/.test(e.message));
  assert.equal(t.config.dSteps, 1, 'a refused retune changes nothing');
  t.dispose();
  const res = new GanTrainer(resolveConfig({ ...base, model: 'resmlp' }), data);
  assert.throws(() => res.retune([{ path: ['gradientPenaltyWeight'], value: 10 }]), (e: Error) => e instanceof ConfigError && /double backprop|penalt/i.test(e.message));
  res.dispose();
});

test('tunable fields are those whose metadata says so: learning rates, k, penalties, clipping', () => {
  assert.deepEqual([...tunablePaths()].sort(), ['clipValue', 'dSteps', 'gradientPenaltyWeight', 'optimizer.discriminator.learningRate', 'optimizer.generator.learningRate', 'r1Gamma']);
});

test('an optimizer\'s retuned rate keeps its rollback scale, and a scale of 1 leaves the new rate exact', () => {
  const o = createOptimizer({ name: 'adam', learningRate: 1e-3, beta1: 0.5, beta2: 0.999, epsilon: 1e-8 });
  o.setBaseLearningRate(3e-4);
  assert.equal(o.learningRate, 3e-4);
  o.scaleLearningRate(0.5);
  assert.equal(o.learningRate, 3e-4 * 0.5);
  o.setBaseLearningRate(1e-4);
  assert.equal(o.learningRate, 1e-4 * 0.5);
  assert.equal(o.config.learningRate, 1e-3, 'the given config is not changed');
  assert.throws(() => o.setBaseLearningRate(0), RangeError);
  o.dispose();
});
