/** recipeTrainConfig: the library's way to the config `tsgan train --data D [flags]` runs (issue #22: the README's library snippet skipped the recipes). */
import test from 'node:test';
import assert from 'node:assert/strict';
import { recipeTrainConfig } from '../../src/training/config-layers.js';
import { buildConfig } from '../../src/cli/config-options.js';
import { ConfigError } from '../../src/training/config.js';
import { recipeDescription, recipeFor, recipeOverrides } from '../../src/training/recipes.js';

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

test('mnist --no-conditional takes the recipe\'s unconditional variant (R1 γ 10, 30000 steps); the conditional GAN, the DCGAN and the caller\'s fields do not', () => {
  const uncond = recipeTrainConfig('mnist', { conditional: false });
  assert.deepEqual([uncond.conditional, uncond.r1Gamma, uncond.steps, uncond.generator.hidden], [false, 10, 30000, [256, 512, 1024]]);
  const cond = recipeTrainConfig('mnist');
  assert.deepEqual([cond.conditional, cond.r1Gamma, cond.steps], [true, 0, 10000]);
  assert.deepEqual({ ...uncond, conditional: true, r1Gamma: 0, steps: 10000 }, cond, 'nothing else differs');
  const dcgan = recipeTrainConfig('mnist', { conditional: false, model: 'dcgan' });
  assert.deepEqual([dcgan.r1Gamma, dcgan.steps], [0, 8000], 'no unconditional DCGAN variant');
  assert.deepEqual([recipeTrainConfig('mnist', { conditional: false, steps: 500, r1Gamma: 1 }).steps, recipeTrainConfig('mnist', { conditional: false, steps: 500, r1Gamma: 1 }).r1Gamma], [500, 1], 'fields win');
  assert.equal(recipeTrainConfig('mnist', { conditional: false, loss: 'wgan', gradientPenaltyWeight: 10 }).r1Gamma, 0, 'a critic keeps its paper\'s constraint only');
  assert.deepEqual(buildConfig({ data: 'mnist', conditional: false }), uncond, 'the CLI builds the same');
  const recipe = recipeFor('mnist')!;
  assert.match(recipeDescription(recipe, 'mlp', false), /; MLP GAN: .*10000 steps; with --no-conditional: R1 γ 10 on D .*30000 steps$/);
  assert.doesNotMatch(recipeDescription(recipe, 'mlp', true), /no-conditional: R1/);
  assert.deepEqual(recipeOverrides(recipe, 'mlp', { ...uncond, steps: 20000 }), ['conditional false (recipe: true)', 'steps 20000 (recipe: 30000)']);
});
