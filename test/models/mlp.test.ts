import test from 'node:test';
import assert from 'node:assert/strict';
import '../helpers/tf-gradients.js';
import * as tf from '@tensorflow/tfjs-core';
import { setupBackend } from '../helpers/backend.js';
import { maxRelErr } from '../helpers/compare.js';
import { Mlp } from '../../src/models/mlp.js';
import { ACTIVATIONS, type ActivationName } from '../../src/models/activations.js';
import { createRng } from '../../src/random/rng.js';

await setupBackend();

for (const act of ACTIVATIONS) {
  for (const out of ['linear', 'tanh'] as ActivationName[]) {
    test(`explicit backward of a ${act} MLP (${out} output) equals TF.js autodiff`, () => {
      const rng = createRng(7);
      const net = Mlp.create({ inputDim: 3, hidden: [16, 8], outputDim: 2, activation: act, outputActivation: out }, rng, 'test');
      const x = tf.tensor2d(rng.fillNormal(new Float32Array(5 * 3)), [5, 3]);
      const upstream = tf.tensor2d(rng.fillNormal(new Float32Array(5 * 2)), [5, 2]);
      // L = Σ upstream ⊙ f(x): ∂L/∂output = upstream.
      const loss = () => tf.sum(tf.mul(net.forward(x), upstream)) as tf.Scalar;
      const ref = tf.variableGrads(loss, net.variables());
      const refX = tf.grad((xx: tf.Tensor) => tf.sum(tf.mul(net.forward(xx as tf.Tensor2D), upstream)))(x);
      const { output, cache } = net.forwardWithCache(x);
      assert.ok(maxRelErr(output.dataSync(), net.forward(x).dataSync()) < 1e-6, 'cached forward = forward');
      const { grads, dInput } = net.backward(cache, upstream, { weights: true, input: true });
      net.layers.forEach((l, i) => {
        assert.ok(maxRelErr(grads![i].w.dataSync(), ref.grads[l.w.name].dataSync()) < 1e-4, `dW${i}`);
        assert.ok(maxRelErr(grads![i].b.dataSync(), ref.grads[l.b.name].dataSync()) < 1e-4, `db${i}`);
      });
      assert.ok(maxRelErr(dInput!.dataSync(), refX.dataSync()) < 1e-4, 'dx');
      net.dispose();
    });
  }
}

test('initialization is seeded like PyTorch nn.Linear: U(±1/√fan_in), same seed → same weights', () => {
  const shape = { inputDim: 4, hidden: [64], outputDim: 1, activation: 'relu', outputActivation: 'linear' } as const;
  const a = Mlp.create(shape, createRng(1), 'a');
  const b = Mlp.create(shape, createRng(1), 'b');
  const c = Mlp.create(shape, createRng(2), 'c');
  const wa = a.getWeights();
  assert.deepEqual(wa.map((w) => Array.from(w.values)), b.getWeights().map((w) => Array.from(w.values)));
  assert.notDeepEqual(Array.from(wa[0].values), Array.from(c.getWeights()[0].values));
  const w0 = wa[0].values;
  const bound = 1 / Math.sqrt(4);
  assert.ok(Math.max(...w0) <= bound && Math.min(...w0) >= -bound);
  assert.ok(Math.max(...w0) > 0.8 * bound && Math.min(...w0) < -0.8 * bound, 'uses the whole range');
  const w1 = wa[2].values;
  assert.ok(Math.max(...w1.map(Math.abs)) <= 1 / 8 + 1e-7, 'second layer bound is 1/√64');
  assert.equal(a.parameterCount(), 4 * 64 + 64 + 64 + 1);
  for (const n of [a, b, c]) n.dispose();
});

test('setWeights round-trips and rejects a wrong shape', () => {
  const shape = { inputDim: 2, hidden: [8], outputDim: 1, activation: 'tanh', outputActivation: 'linear' } as const;
  const a = Mlp.create(shape, createRng(1), 'a');
  const b = Mlp.create(shape, createRng(2), 'b');
  b.setWeights(a.getWeights());
  const x = tf.tensor2d([[0.3, -1.2], [2, 0.5]]);
  assert.deepEqual(Array.from(b.forward(x).dataSync()), Array.from(a.forward(x).dataSync()));
  const wide = Mlp.create({ ...shape, hidden: [9] }, createRng(1), 'w');
  assert.throws(() => wide.setWeights(a.getWeights()), /shape \[2,8\] but the network needs \[2,9\]/);
  for (const n of [a, b, wide]) n.dispose();
});

test('forward and backward leak no tensors inside tidy', () => {
  const net = Mlp.create({ inputDim: 2, hidden: [8, 8], outputDim: 1, activation: 'elu', outputActivation: 'linear' }, createRng(3), 'leak');
  const before = tf.memory().numTensors;
  for (let i = 0; i < 5; i++) {
    tf.tidy(() => {
      const { output, cache } = net.forwardWithCache(tf.ones([4, 2]));
      net.backward(cache, tf.onesLike(output), { weights: true, input: true });
    });
  }
  assert.equal(tf.memory().numTensors, before);
  net.dispose();
});

test('creating and disposing a network leaves no tensor behind', () => {
  const before = tf.memory().numTensors;
  const net = Mlp.create({ inputDim: 3, hidden: [8, 8], outputDim: 1, activation: 'relu', outputActivation: 'linear' }, createRng(1), 'own');
  assert.ok(tf.memory().numTensors >= before + 6);
  net.dispose();
  assert.equal(tf.memory().numTensors, before);
});
