/** `tsgan train --loss wgan`: the papers' settings fill in what the user leaves out (objective-defaults.ts). */
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, tsgan } from '../helpers/cli.js';
import { buildConfig } from '../../src/cli/config-options.js';

function trainedConfig(args: string[]): Record<string, any> {
  const out = join(tempDir(), 'run');
  const r = tsgan(['train', '--data', 'normal', '--steps', '2', '--snapshot-every', '2', '--quiet', '--out', out, ...args]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'));
}

test('--loss wgan alone trains the WGAN paper setting: clip 0.01, RMSProp 5e-5, k = 5 (over the 1-D recipe\'s Adam 1e-3)', () => {
  const c = trainedConfig(['--loss', 'wgan']);
  assert.equal(c.clipValue, 0.01);
  assert.equal(c.dSteps, 5);
  assert.deepEqual(c.optimizer.discriminator, { name: 'rmsprop', learningRate: 5e-5, decay: 0.99, momentum: 0, epsilon: 1e-8 });
  assert.equal(c.optimizer.generator.name, 'rmsprop');
  assert.equal(c.gradientPenaltyWeight, 0);
  assert.deepEqual(c.noise, { dim: 1, prior: 'normal' }, 'the data recipe still applies');
});

test('--loss wgan --gradient-penalty λ: WGAN-GP setting (Adam 1e-4, β = (0.5, 0.9), k = 5, no clipping); flags still win', () => {
  const c = trainedConfig(['--loss', 'wgan', '--gradient-penalty', '5']);
  assert.equal(c.clipValue, undefined);
  assert.equal(c.gradientPenaltyWeight, 5);
  assert.equal(c.dSteps, 5);
  assert.deepEqual(c.optimizer.generator, { name: 'adam', learningRate: 1e-4, beta1: 0.5, beta2: 0.9, epsilon: 1e-8 });
  const d = trainedConfig(['--loss', 'wgan', '--gradient-penalty', '10', '--lr', '3e-4', '--d-steps', '2']);
  assert.equal(d.optimizer.discriminator.learningRate, 3e-4);
  assert.equal(d.optimizer.discriminator.beta2, 0.9);
  assert.equal(d.dSteps, 2);
});

test('--loss wgan --spectral-norm: spectrally normalized critic, Adam 2e-4, no clipping; other objectives keep the recipe', () => {
  const c = trainedConfig(['--loss', 'wgan', '--spectral-norm', '--d-steps-schedule', 'wgan-official']);
  assert.equal(c.discriminator.spectralNorm, true);
  assert.equal(c.clipValue, undefined);
  assert.equal(c.dStepsSchedule, 'wgan-official');
  assert.equal(c.optimizer.discriminator.learningRate, 2e-4);
  const ns = trainedConfig(['--loss', 'non-saturating']);
  assert.equal(ns.dSteps, 1);
  assert.equal(ns.optimizer.discriminator.learningRate, 1e-3);
});

test('the WGAN paper settings drop a recipe\'s R1 (grid25\'s γ = 1): a critic gets its paper\'s constraint only; --r1 still adds R1, hinge keeps the recipe\'s', () => {
  for (const flags of [{}, { gradientPenalty: 0.1 }, { spectralNorm: true }]) {
    const c = buildConfig({ data: 'grid25', loss: 'wgan', ...flags });
    assert.equal(c.r1Gamma, 0, JSON.stringify(flags));
    assert.equal(c.dSteps, 5);
    assert.equal(c.batchSize, 128, 'the rest of the recipe still applies');
  }
  assert.equal(buildConfig({ data: 'grid25', loss: 'wgan', gradientPenalty: 10, r1: 2 }).r1Gamma, 2);
  assert.equal(buildConfig({ data: 'grid25', loss: 'hinge' }).r1Gamma, 1);
  assert.equal(buildConfig({ data: 'grid25' }).r1Gamma, 1);
});
