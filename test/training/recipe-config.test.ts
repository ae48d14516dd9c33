/** recipeTrainConfig: the library's way to the config `tsgan train --data D [flags]` runs (issue #22: the README's library snippet skipped the recipes). */
import test from 'node:test';
import assert from 'node:assert/strict';
import { recipeTrainConfig } from '../../src/training/config-layers.js';
import { buildConfig } from '../../src/cli/config-options.js';
import { ConfigError } from '../../src/training/config.js';

test('recipeTrainConfig equals the CLI\'s config for the same data and settings', () => {
  const cases: [string, Record<string, unknown>, Record<string, unknown>][] = [
    ['ring8', {}, {}],
    ['ring8', { seed: 1, steps: 2000, learningRateDecaySteps: 2000 }, { seed: 1, steps: 2000, lrDecaySteps: 2000 }],
    ['grid25', { loss: 'wgan', gradientPenaltyWeight: 10 }, { loss: 'wgan', gradientPenalty: 10 }],
    ['mnist', { model: 'dcgan' }, { model: 'dcgan' }],
    ['mnist', { conditional: false }, { conditional: false }],
    ['normal', { loss: 'wgan', discriminator: { spectralNorm: true } }, { loss: 'wgan', spectralNorm: true }],
    ['spiral', { batchSize: 64 }, { batchSize: 64 }],
  ];
  for (const [data, over, flags] of cases) {
    assert.deepEqual(recipeTrainConfig(data, over), buildConfig({ data, ...flags }), `${data} ${JSON.stringify(over)}`);
  }
  const c = recipeTrainConfig('ring8');
  assert.equal(c.steps, 16000);
  assert.equal(c.pack, 2);
  assert.equal(c.generatorAverage, 0.999);
  assert.equal(recipeTrainConfig('mnist').conditional, true);
  assert.equal(recipeTrainConfig('mnist', { conditional: true }).pack, 1);
  assert.throws(() => recipeTrainConfig('ring8', { steps: 0 }), ConfigError);
});

test('the quick preset (--quick): the recipe shortened, under the caller\'s fields; refused for data without one', () => {
  const q = recipeTrainConfig('ring8', {}, { quick: true });
  const full = recipeTrainConfig('ring8');
  assert.equal(q.steps, 3000);
  assert.equal(q.learningRateDecaySteps, 3000);
  assert.equal(q.snapshotEvery, 1000);
  assert.deepEqual({ ...q, steps: full.steps, learningRateDecaySteps: full.learningRateDecaySteps, snapshotEvery: full.snapshotEvery }, full, 'otherwise the full recipe');
  assert.equal(recipeTrainConfig('ring8', { steps: 500 }, { quick: true }).steps, 500, 'fields still win');
  assert.deepEqual(recipeTrainConfig('grid25', {}, { quick: true }), buildConfig({ data: 'grid25', quick: true }));
  assert.deepEqual(buildConfig({ quick: true, seed: 4 }), recipeTrainConfig('ring8', { seed: 4 }, { quick: true }));
  assert.throws(() => recipeTrainConfig('spiral', {}, { quick: true }), (e: Error) => e instanceof ConfigError && /--quick: the data "spiral" has no quick preset; the recipes with one: ring8, grid25/.test(e.message));
});
