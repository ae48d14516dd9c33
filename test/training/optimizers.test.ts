/** Optimizers against the PyTorch update rules computed by hand in float64, and exact state round trips. */
import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { setupBackend } from '../helpers/backend.js';
import { createOptimizer } from '../../src/training/optimizers.js';
import { resolveConfig } from '../../src/training/config.js';

await setupBackend();

/** Reference: minimize f(p) = Σ p² / 2 (gradient p) from p0 for n steps, in float64. */
function reference(kind: 'adam' | 'rmsprop' | 'sgd', p0: number[], n: number, c: Record<string, number>): number[] {
  const p = [...p0];
  const m = p.map(() => 0), v = p.map(() => 0), b = p.map(() => 0);
  for (let t = 1; t <= n; t++) {
    for (let i = 0; i < p.length; i++) {
      const g = p[i];
      if (kind === 'sgd') p[i] -= c.learningRate * g;
      else if (kind === 'adam') {
        m[i] = c.beta1 * m[i] + (1 - c.beta1) * g;
        v[i] = c.beta2 * v[i] + (1 - c.beta2) * g * g;
        const mh = m[i] / (1 - c.beta1 ** t);
        p[i] -= (c.learningRate * mh) / (Math.sqrt(v[i]) / Math.sqrt(1 - c.beta2 ** t) + c.epsilon);
      } else {
        v[i] = c.decay * v[i] + (1 - c.decay) * g * g;
        const d = g / (Math.sqrt(v[i]) + c.epsilon);
        b[i] = c.momentum * b[i] + d;
        p[i] -= c.learningRate * (c.momentum > 0 ? b[i] : d);
      }
    }
  }
  return p;
}

const cases = [
  { name: 'adam', learningRate: 0.1, beta1: 0.5, beta2: 0.999, epsilon: 1e-8 },
  { name: 'adam', learningRate: 0.01, beta1: 0.9, beta2: 0.99, epsilon: 1e-8 },
  { name: 'rmsprop', learningRate: 0.01, decay: 0.99, momentum: 0, epsilon: 1e-8 },
  { name: 'rmsprop', learningRate: 0.01, decay: 0.9, momentum: 0.5, epsilon: 1e-8 },
  { name: 'sgd', learningRate: 0.1 },
] as const;

for (const c of cases) {
  test(`${c.name} ${JSON.stringify(c)} follows PyTorch's rule for 25 steps`, () => {
    const cfg = resolveConfig({ optimizer: { generator: c } }).optimizer.generator;
    const opt = createOptimizer(cfg);
    const p0 = [1.5, -0.3, 0.02];
    const p = tf.variable(tf.tensor1d(p0));
    for (let t = 0; t < 25; t++) tf.tidy(() => opt.apply([{ name: 'p', variable: p }], [p.clone()]));
    const want = reference(c.name, p0, 25, c as unknown as Record<string, number>);
    const got = p.dataSync();
    want.forEach((w, i) => assert.ok(Math.abs(got[i] - w) < 1e-5 + 1e-4 * Math.abs(w), `p[${i}] ${got[i]} vs ${w}`));
    // the parameter must have moved toward 0
    assert.ok(Math.abs(got[0]) < 1.5);
    opt.dispose();
    p.dispose();
  });
}

test('an optimizer restored from its state continues bit for bit', () => {
  const cfg = resolveConfig({}).optimizer.generator;
  const run = (opt: ReturnType<typeof createOptimizer>, p: ReturnType<typeof tf.variable>, n: number) => {
    for (let t = 0; t < n; t++) tf.tidy(() => opt.apply([{ name: 'p', variable: p }], [tf.sin(p)]));
  };
  const a = createOptimizer(cfg);
  const pa = tf.variable(tf.tensor1d([0.7, -2, 3]));
  run(a, pa, 10);
  const state = a.getState();
  const pb = tf.variable(pa.clone());
  const b = createOptimizer(cfg);
  b.setState(state);
  assert.equal(state.step, 10);
  run(a, pa, 10);
  run(b, pb, 10);
  assert.deepEqual(Array.from(pb.dataSync()), Array.from(pa.dataSync()));
});
