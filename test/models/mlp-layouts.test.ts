/**
 * The MLP's feature-major training passes (forwardTransposed / backwardTransposed) against TF.js
 * autodiff and against the batch-major passes; the cached Wᵀ follows every change of W; the layout rule.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import '../helpers/tf-gradients.js';
import * as tf from '@tensorflow/tfjs-core';
import { setupBackend } from '../helpers/backend.js';
import { maxRelErr } from '../helpers/compare.js';
import { Mlp } from '../../src/models/mlp.js';
import { ACTIVATIONS, type ActivationName } from '../../src/models/activations.js';
import { chooseBatchLayout } from '../../src/models/batch-layout.js';
import { createRng } from '../../src/random/rng.js';

await setupBackend();

for (const act of ACTIVATIONS) {
  for (const out of ['linear', 'tanh'] as ActivationName[]) {
    test(`feature-major backward of a ${act} MLP (${out} output) equals TF.js autodiff and the batch-major backward`, () => {
      const rng = createRng(7);
      const net = Mlp.create({ inputDim: 3, hidden: [16, 9], outputDim: 2, activation: act, outputActivation: out }, rng, 'test');
      const x = tf.tensor2d(rng.fillNormal(new Float32Array(5 * 3)), [5, 3]);
      const upstream = tf.tensor2d(rng.fillNormal(new Float32Array(5 * 2)), [5, 2]);
      const loss = () => tf.sum(tf.mul(net.forward(x), upstream)) as tf.Scalar;
      const ref = tf.variableGrads(loss, net.variables());
      const refX = tf.grad((xx: tf.Tensor) => tf.sum(tf.mul(net.forward(xx as tf.Tensor2D), upstream)))(x);
      const { output, cache } = net.forwardTransposed(tf.transpose(x));
      assert.deepEqual(output.shape, [2, 5]);
      assert.ok(maxRelErr(tf.transpose(output).dataSync(), net.forward(x).dataSync()) < 1e-6, 'forward');
      const { grads, dInput } = net.backwardTransposed(cache, tf.transpose(upstream), { weights: true, input: true });
      const bm = net.backward(net.forwardWithCache(x).cache, upstream, { weights: true, input: true });
      net.layers.forEach((l, i) => {
        assert.deepEqual(grads![i].w.shape, l.w.shape);
        assert.ok(maxRelErr(grads![i].w.dataSync(), ref.grads[l.w.name].dataSync()) < 1e-4, `dW${i}`);
        assert.ok(maxRelErr(grads![i].b.dataSync(), ref.grads[l.b.name].dataSync()) < 1e-4, `db${i}`);
        assert.ok(maxRelErr(grads![i].w.dataSync(), bm.grads![i].w.dataSync()) < 1e-5, `dW${i} batch-major`);
      });
      assert.ok(maxRelErr(tf.transpose(dInput!).dataSync(), refX.dataSync()) < 1e-4, 'dx');
      net.dispose();
    });
  }
}

test('the cached Wᵀ follows the weights: after setWeights and after an assign, both layouts see the new W', () => {
  const shape = { inputDim: 2, hidden: [6], outputDim: 1, activation: 'relu', outputActivation: 'linear' } as const;
  const a = Mlp.create(shape, createRng(1), 'a');
  const b = Mlp.create(shape, createRng(2), 'b');
  const x = tf.tensor2d([[0.3, -1.2], [2, 0.5], [-1, 1]]);
  const fm = (net: Mlp) => tf.tidy(() => tf.transpose(net.forwardTransposed(tf.transpose(x)).output).dataSync());
  fm(b); // fill b's cache
  b.setWeights(a.getWeights());
  assert.ok(maxRelErr(fm(b), a.forward(x).dataSync()) < 1e-6);
  tf.tidy(() => b.layers[0].w.assign(tf.mul(b.layers[0].w, 2) as tf.Tensor2D));
  assert.ok(maxRelErr(fm(b), b.forward(x).dataSync()) < 1e-6);
  assert.ok(maxRelErr(fm(b), a.forward(x).dataSync()) > 1e-3);
  const before = tf.memory().numTensors;
  a.dispose();
  b.dispose();
  assert.ok(tf.memory().numTensors < before);
});

test('the layout rule: feature-major for the mnist-mlp preset, batch-major for the 2-D toy networks', () => {
  assert.equal(chooseBatchLayout([[100, 256, 512, 1024, 784], [784, 512, 256, 1]], 64), 'feature-major');
  assert.equal(chooseBatchLayout([[2, 128, 128, 128, 2], [2, 128, 128, 128, 1]], 256), 'batch-major');
  assert.equal(chooseBatchLayout([[2, 16, 16, 2], [2, 16, 16, 1]], 32), 'batch-major');
});
