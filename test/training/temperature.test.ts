/**
 * Sampling at a temperature (training/noise.ts, trainer.sample's `temperature`): the samples are
 * G(T·z) for the prior's own draws z, of an averaged, live or conditional generator alike.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { setupBackend } from '../helpers/backend.js';
import { GanTrainer } from '../../src/training/trainer.js';
import { resolveConfig } from '../../src/training/config.js';
import { noiseValues } from '../../src/training/noise.js';
import { distributionFromSpec } from '../../src/data/index.js';
import { createRng } from '../../src/random/rng.js';

await setupBackend();
const ring = distributionFromSpec('ring8');
const cfg = { data: 'ring8', generator: { hidden: [16, 16] }, discriminator: { hidden: [16, 16] }, batchSize: 32, steps: 4, noise: { dim: 3 } };

/** G(T·z) for the first n draws of createRng(seed), computed here from the prior's own draws. */
function byHand(t: GanTrainer, n: number, seed: number, temperature: number, live: boolean): Float64Array {
  const z = noiseValues(createRng(seed), n, t.config.noise.dim, t.config.noise.prior).map((v) => v * temperature);
  const out = tf.tidy(() => t.generate(tf.tensor2d(z, [n, t.config.noise.dim]), undefined, live));
  const x = Float64Array.from(out.dataSync());
  out.dispose();
  return x;
}

test('noiseValues at temperature T is T times the prior\'s draws (normal and uniform), the same stream', () => {
  for (const prior of ['normal', 'uniform'] as const) {
    const one = noiseValues(createRng(5), 400, 4, prior);
    const cold = noiseValues(createRng(5), 400, 4, prior, 0.25);
    assert.deepEqual(Array.from(cold), Array.from(one, (v) => Math.fround(v * 0.25)));
    assert.deepEqual(noiseValues(createRng(5), 400, 4, prior, 1), one, 'T = 1 is the prior itself');
  }
  const u = noiseValues(createRng(9), 2000, 2, 'uniform', 0.3);
  assert.ok(u.every((v) => Math.abs(v) <= 0.3) && u.some((v) => Math.abs(v) > 0.29), 'U[−T, T]');
});

test('trainer.sample(n, rng, live, T) draws G(T·z), from the averaged G or the live one; T = 1 is the default', () => {
  const t = new GanTrainer(resolveConfig({ ...cfg, generatorAverage: 0.9 }), ring);
  for (let i = 0; i < 4; i++) t.trainStep();
  for (const live of [false, true]) {
    const got = t.sample(300, createRng(11), live, 0.5);
    const want = byHand(t, 300, 11, 0.5, live);
    got.forEach((v, i) => assert.ok(Math.abs(v - want[i]) < 1e-6, `${live ? 'live' : 'averaged'} sample value ${i}: ${v} vs ${want[i]}`));
    assert.deepEqual(t.sample(300, createRng(11), live, 1), t.sample(300, createRng(11), live));
  }
  // a cold draw stays near G(0) (G is continuous, and T·z → 0 as T → 0)
  const mid = byHand(t, 1, 11, 0, false);
  const dist = (x: Float64Array) => { let s = 0; for (let i = 0; i < x.length; i += 2) s += Math.hypot(x[i] - mid[0], x[i + 1] - mid[1]); return s / (x.length / 2); };
  assert.ok(dist(t.sample(300, createRng(11), false, 0.1)) < 0.3 * dist(t.sample(300, createRng(11), false, 1)), 'T = 0.1 keeps samples near G(0)');
  t.dispose();
});
