/**
 * A full training step downloads its statistics in one read (player-update.ts readStepUpdates): on a
 * GPU backend every read is a GPU→CPU transfer that stalls the pipeline, so a step makes one, not four
 * (D's measurements and logits, G's measurements and logits) — and the record it gives is the same as
 * the per-player reads give (a D-only step followed by a G-only step replays a full step exactly).
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { setupBackend } from '../helpers/backend.js';
import { GanTrainer } from '../../src/training/trainer.js';
import { resolveConfig } from '../../src/training/config.js';
import { distributionFromSpec } from '../../src/data/index.js';

await setupBackend();

const ring = distributionFromSpec('ring8');
const small = { batchSize: 16, generator: { hidden: [16] }, discriminator: { hidden: [16] } };

/**
 * Calls `f` and counts the downloads it makes (Tensor dataSync, data, arraySync, array: how the library
 * reads a tensor's values; a backend's own reads inside its kernels, e.g. wasm's Slice, are not downloads).
 */
function countReads<T>(f: () => T): { result: T; reads: number } {
  const proto = tf.Tensor.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
  const names = ['dataSync', 'data', 'arraySync', 'array'];
  const originals = names.map((n) => proto[n]);
  let reads = 0;
  names.forEach((n, i) => {
    proto[n] = function (this: unknown, ...a: unknown[]) {
      reads++;
      return originals[i].apply(this, a);
    };
  });
  try {
    return { result: f(), reads };
  } finally {
    names.forEach((n, i) => (proto[n] = originals[i]));
  }
}

for (const [name, extra] of [
  ['non-saturating, k = 1', {}],
  ['WGAN-GP, k = 5, measured Lipschitz steps', { loss: 'wgan', gradientPenaltyWeight: 10, dSteps: 5 }],
  ['hinge with PacGAN pack 2', { loss: 'hinge', pack: 2 }],
] as const) {
  test(`${name}: a training step reads back once, and its record equals k D-only steps then a G-only step`, () => {
    const config = resolveConfig({ ...small, ...extra, seed: 11 });
    const whole = new GanTrainer(config, ring);
    const parts = new GanTrainer(config, ring);
    try {
      for (let step = 1; step <= 3; step++) {
        const { result: r, reads } = countReads(() => whole.trainStep());
        assert.equal(reads, 1, `step ${step}: one read for both players' statistics`);
        let d: ReturnType<GanTrainer['discriminatorStep']> | undefined;
        for (let i = 0; i < r.dSteps; i++) d = parts.discriminatorStep();
        const g = parts.generatorStep();
        assert.equal(r.step, g.step);
        assert.equal(r.dLoss, d!.dLoss, `step ${step}: D's loss`);
        assert.equal(r.value, d!.value, `step ${step}: V(D, G)`);
        assert.equal(r.gLoss, g.gLoss, `step ${step}: G's loss`);
        assert.ok(Number.isFinite(r.dLoss) && Number.isFinite(r.gLoss));
      }
    } finally {
      whole.dispose();
      parts.dispose();
    }
  });
}
