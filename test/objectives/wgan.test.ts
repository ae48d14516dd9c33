/** The `wgan` objective (E8) against hand-computed values; training refuses it until clipping lands. */
import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { setupBackend } from '../helpers/backend.js';
import { createObjective } from '../../src/objectives/registry.js';
import { ConfigError, resolveConfig } from '../../src/training/config.js';

await setupBackend();
const num = (t: tf.Scalar) => t.dataSync()[0];
const close = (a: number, b: number, tol = 1e-6) => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

test('E8: critic loss E[f(G(z))] − E[f(x)], generator loss −E[f(G(z))], constant logit gradients', () => {
  const w = createObjective('wgan');
  const r = [2, -1, 0.5, 3], f = [0.5, -3, 1.5, 7];
  const logits = { realLogits: tf.tensor1d(r), fakeLogits: tf.tensor1d(f) };
  const d = w.discriminatorLoss(logits);
  close(num(d.terms.criticReal), 1.125);
  close(num(d.terms.criticFake), 1.5);
  close(num(d.loss), 1.5 - 1.125);
  close(num(w.generatorLoss(logits).loss), -1.5);
  const g = w.discriminatorLogitGradients(logits);
  assert.deepEqual(Array.from(g.realLogits.dataSync()), [-0.25, -0.25, -0.25, -0.25]);
  assert.deepEqual(Array.from(g.fakeLogits.dataSync()), [0.25, 0.25, 0.25, 0.25]);
  assert.deepEqual(Array.from(w.generatorLogitGradient(logits).dataSync()), [-0.25, -0.25, -0.25, -0.25]);
});

test('training refuses wgan without clipping or a penalty, with one line that says how to fix it', () => {
  assert.throws(() => resolveConfig({ loss: 'wgan' }), (e: unknown) => e instanceof ConfigError && /wgan needs its critic kept Lipschitz: add --clip-value 0\.01 \(WGAN\), --gradient-penalty 10 \(WGAN-GP\) or --spectral-norm/.test(e.message) && !e.message.includes('\n'));
  assert.equal(resolveConfig({ loss: 'wgan', clipValue: 0.01 }).clipValue, 0.01);
  assert.equal(resolveConfig({ loss: 'hinge' }).loss, 'hinge');
});
