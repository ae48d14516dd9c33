/**
 * Adam against closed forms (Kingma & Ba 2015, Algorithm 1; PyTorch's placement of ε), a second test
 * beside optimizers.test.ts's step-by-step reference:
 * - a constant gradient g gives m̂ₜ = g and v̂ₜ = g² at every step (the bias corrections exactly undo
 *   the zero start), so each update moves by lr·g/(|g| + ε), whatever β1, β2 and the step;
 * - a gradient that flips sign after one step, worked out by hand.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { setupBackend } from '../helpers/backend.js';
import { createOptimizer } from '../../src/training/optimizers.js';
import { resolveConfig } from '../../src/training/config.js';

await setupBackend();

function adam(learningRate: number, beta1: number, beta2: number, epsilon: number) {
  return createOptimizer(resolveConfig({ optimizer: { generator: { name: 'adam', learningRate, beta1, beta2, epsilon } } }).optimizer.generator);
}

/** Runs `steps` updates of p (from p0) with the gradients `grad(t)` (t = 1, 2, …); returns p. */
function run(opt: ReturnType<typeof createOptimizer>, p0: number[], steps: number, grad: (t: number) => number[], factor = 1): number[] {
  const p = tf.variable(tf.tensor1d(p0));
  for (let t = 1; t <= steps; t++) tf.tidy(() => opt.apply([{ name: 'p', variable: p }], [tf.tensor1d(grad(t))], factor));
  const out = Array.from(p.dataSync());
  p.dispose();
  opt.dispose();
  return out;
}

for (const [beta1, beta2] of [[0.9, 0.999], [0.5, 0.9], [0, 0.99]] as const) {
  test(`a constant gradient moves each parameter by lr·g/(|g| + ε) per step (β = (${beta1}, ${beta2}), 40 steps)`, () => {
    const g = [2, -0.5, 1e-3, -30];
    const lr = 0.01;
    const got = run(adam(lr, beta1, beta2, 1e-8), [0, 1, -1, 0.25], 40, () => g);
    const want = [0, 1, -1, 0.25].map((p, i) => p - (40 * lr * g[i]) / (Math.abs(g[i]) + 1e-8));
    // ±0.4 moves in float32: a few ulps per step.
    want.forEach((w, i) => assert.ok(Math.abs(got[i] - w) < 2e-5, `p[${i}] = ${got[i]}, want ${w}`));
  });
}

test('ε is added to √v̂ (PyTorch), not to v̂ under the root: g = 1, ε = 1 moves by lr/2 per step', () => {
  const got = run(adam(0.1, 0.9, 0.999, 1), [0, 0], 5, () => [1, -1]);
  assert.ok(Math.abs(got[0] - -0.25) < 1e-6 && Math.abs(got[1] - 0.25) < 1e-6, `${got}`);
});

test('a gradient that flips sign: step 1 moves by −lr, step 2 by −lr·m̂₂/(√v̂₂ + ε) with m̂₂ = (β1·(1 − β1) − (1 − β1))/(1 − β1²)', () => {
  const [lr, b1, b2, eps] = [0.05, 0.9, 0.999, 1e-8];
  // m₁ = 0.1, v₁ = 0.001; m₂ = 0.9·0.1 − 0.1 = −0.01, v₂ = 0.999·0.001 + 0.001 = 0.001999.
  const m2hat = (b1 * (1 - b1) - (1 - b1)) / (1 - b1 ** 2);
  const v2hat = (b2 * (1 - b2) + (1 - b2)) / (1 - b2 ** 2);
  assert.ok(Math.abs(m2hat - -0.01 / 0.19) < 1e-15 && Math.abs(v2hat - 1) < 1e-12);
  const want = 1 - lr / (1 + eps) - (lr * m2hat) / (Math.sqrt(v2hat) + eps);
  const got = run(adam(lr, b1, b2, eps), [1], 2, (t) => [t === 1 ? 1 : -1]);
  assert.ok(Math.abs(got[0] - want) < 1e-6, `${got[0]} vs ${want}`);
  // Without the bias corrections the second step would be lr·(−0.01)/(√0.001999 + ε): another value.
  assert.ok(Math.abs(want - (1 - lr - (lr * -0.01) / Math.sqrt(0.001999))) > 1e-3);
});

test('the learning-rate factor (a schedule) and scaleLearningRate (a rollback) scale the move, nothing else', () => {
  const plain = run(adam(0.01, 0.9, 0.999, 1e-8), [0], 10, () => [3]);
  const halved = run(adam(0.01, 0.9, 0.999, 1e-8), [0], 10, () => [3], 0.5);
  assert.ok(Math.abs(plain[0] - -0.1) < 1e-6 && Math.abs(halved[0] - -0.05) < 1e-6, `${plain} ${halved}`);
  const scaled = adam(0.01, 0.9, 0.999, 1e-8);
  scaled.scaleLearningRate(0.25);
  assert.equal(scaled.learningRate, 0.0025);
  const got = run(scaled, [0], 10, () => [3]);
  assert.ok(Math.abs(got[0] - -0.025) < 1e-6, `${got}`);
});
