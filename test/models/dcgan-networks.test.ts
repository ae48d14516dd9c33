/**
 * The whole DCGAN generator and discriminator: shapes, their hand-written backward passes against
 * TF.js autodiff of the same networks written with TF.js ops (cpu backend), sampling independent of
 * the batch, weights round-trip, no leaked tensors.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import '../helpers/tf-gradients.js';
import * as tf from '@tensorflow/tfjs-core';
import { setupBackend } from '../helpers/backend.js';
import { maxRelErr } from '../helpers/compare.js';
import { DcganGenerator } from '../../src/models/dcgan-generator.js';
import { DcganDiscriminator } from '../../src/models/dcgan-discriminator.js';
import { BATCH_NORM_EPSILON } from '../../src/models/batch-norm.js';
import type { DcganShape } from '../../src/models/dcgan-shape.js';
import { createRng } from '../../src/random/rng.js';

await setupBackend();

const SHAPES: DcganShape[] = [
  { height: 8, width: 8, channels: 1, noiseDim: 3, generatorChannels: [4, 3], discriminatorChannels: [3, 4], kernelSize: 4 },
  { height: 6, width: 4, channels: 2, noiseDim: 2, generatorChannels: [3], discriminatorChannels: [2], kernelSize: 3 },
  { height: 8, width: 8, channels: 1, noiseDim: 3, generatorChannels: [4, 3], discriminatorChannels: [3, 2], kernelSize: 4, classes: 3 },
];
const label = (s: DcganShape) => `${s.height}×${s.width}×${s.channels}, G ${s.generatorChannels}, D ${s.discriminatorChannels}, ${s.kernelSize}×${s.kernelSize}${s.classes ? `, ${s.classes} classes` : ''}`;

/** Random values for every parameter (the N(0, 0.02²) init makes gradients too small to compare well). */
function randomize(params: { variable: tf.Variable }[], seed: number): void {
  const rng = createRng(seed);
  for (const { variable } of params) tf.tidy(() => variable.assign(tf.tensor(rng.fillNormal(new Float32Array(variable.size)), variable.shape).mul(0.5) as never));
}

for (const shape of SHAPES) {
  test(`DCGAN generator ${label(shape)}: shapes, backward = TF.js autodiff`, async () => {
    const g = DcganGenerator.create(shape, createRng(1));
    randomize(g.parameters(), 2);
    const n = 3;
    const dim = shape.height * shape.width * shape.channels;
    const rng = createRng(4);
    const inDim = shape.noiseDim + (shape.classes ?? 0); // [z, one-hot label] (any values do for the gradient check)
    const zv = rng.fillNormal(new Float32Array(n * inDim));
    const upv = rng.fillNormal(new Float32Array(n * dim));
    const z = tf.tensor2d(zv, [n, inDim]);
    const mine = tf.tidy(() => {
      const { output, cache } = g.forwardWithCache(z);
      assert.deepEqual(output.shape, [n, dim]);
      const { grads, dInput } = g.backward(cache, tf.tensor2d(upv, [n, dim]), { weights: true, input: true });
      return { y: output.dataSync(), dz: dInput!.dataSync(), grads: grads!.map((t) => t.dataSync()) };
    });
    const names = g.parameters().map((p) => p.name);
    const values = g.parameters().map((p) => ({ v: p.variable.dataSync() as Float32Array, s: p.variable.shape }));
    const L = shape.generatorChannels.length;
    await tf.setBackend('cpu');
    const ref = tf.tidy(() => {
      const f = (zz: tf.Tensor, ...ps: tf.Tensor[]) => {
        const byName = new Map(names.map((name, i) => [name, ps[i]]));
        const f0 = 2 ** L;
        let a = tf.reshape(tf.add(tf.matMul(zz as tf.Tensor2D, byName.get('dense0/w') as tf.Tensor2D), byName.get('dense0/b')!), [n, shape.height / f0, shape.width / f0, shape.generatorChannels[0]]) as tf.Tensor4D;
        for (let i = 0; i < L; i++) {
          const { mean, variance } = tf.moments(a, [0, 1, 2]);
          const normed = tf.add(tf.mul(tf.div(tf.sub(a, mean), tf.sqrt(tf.add(variance, BATCH_NORM_EPSILON))), byName.get(`bn${i}/gamma`)!), byName.get(`bn${i}/beta`)!);
          const w = byName.get(`deconv${i}/w`) as tf.Tensor4D;
          const [, h, wd] = a.shape;
          a = tf.conv2dTranspose(tf.relu(normed) as tf.Tensor4D, w, [n, 2 * h, 2 * wd, w.shape[2]], 2, 'same');
          const b = byName.get(`deconv${i}/b`);
          if (b !== undefined) a = tf.add(a, b);
        }
        return tf.reshape(tf.tanh(a), [n, dim]);
      };
      const inputs = [tf.tensor2d(zv, [n, inDim]), ...values.map(({ v, s }) => tf.tensor(v, s))];
      const y = f(inputs[0], ...inputs.slice(1)).dataSync();
      const gs = tf.grads((...xs: tf.Tensor[]) => tf.sum(tf.mul(f(xs[0], ...xs.slice(1)), tf.tensor2d(upv, [n, dim]))))(inputs);
      return { y, dz: gs[0].dataSync(), grads: gs.slice(1).map((t) => t.dataSync()) };
    });
    await tf.setBackend('wasm');
    assert.ok(maxRelErr(mine.y, ref.y) < 1e-5, `output: ${maxRelErr(mine.y, ref.y)}`);
    assert.ok(maxRelErr(mine.dz, ref.dz) < 1e-4, `∂L/∂z: ${maxRelErr(mine.dz, ref.dz)}`);
    names.forEach((name, i) => assert.ok(maxRelErr(mine.grads[i], ref.grads[i]) < 1e-4, `∂L/∂${name}: ${maxRelErr(mine.grads[i], ref.grads[i])}`));
    z.dispose();
    g.dispose();
  });

  test(`DCGAN discriminator ${label(shape)}: shapes, backward = TF.js autodiff`, async () => {
    const d = DcganDiscriminator.create(shape, createRng(1));
    randomize(d.parameters(), 3);
    const n = 3;
    const dim = shape.height * shape.width * shape.channels;
    const rng = createRng(5);
    const k = shape.classes ?? 0;
    const xv = rng.fillNormal(new Float32Array(n * (dim + k))); // [x, label values]
    const upv = rng.fillNormal(new Float32Array(n));
    const x = tf.tensor2d(xv, [n, dim + k]);
    const mine = tf.tidy(() => {
      const { output, cache } = d.forwardWithCache(x);
      assert.deepEqual(output.shape, [n, 1]);
      assert.deepEqual(Array.from(d.forward(x).dataSync()), Array.from(output.dataSync()), 'no batch statistics in D: both modes agree');
      const { grads, dInput } = d.backward(cache, tf.tensor2d(upv, [n, 1]), { weights: true, input: true });
      return { y: output.dataSync(), dx: dInput!.dataSync(), grads: grads!.map((t) => t.dataSync()) };
    });
    const names = d.parameters().map((p) => p.name);
    const values = d.parameters().map((p) => ({ v: p.variable.dataSync() as Float32Array, s: p.variable.shape }));
    await tf.setBackend('cpu');
    const ref = tf.tidy(() => {
      const f = (xx: tf.Tensor, ...ps: tf.Tensor[]) => {
        const byName = new Map(names.map((name, i) => [name, ps[i]]));
        let a = tf.reshape(tf.slice(xx, [0, 0], [n, dim]), [n, shape.height, shape.width, shape.channels]) as tf.Tensor4D;
        if (k > 0) a = tf.concat([a, tf.tile(tf.reshape(tf.slice(xx, [0, dim], [n, k]), [n, 1, 1, k]), [1, shape.height, shape.width, 1]) as tf.Tensor4D], 3);
        shape.discriminatorChannels.forEach((_, i) => {
          a = tf.leakyRelu(tf.add(tf.conv2d(a, byName.get(`conv${i}/w`) as tf.Tensor4D, 2, 'same'), byName.get(`conv${i}/b`)!), 0.2) as tf.Tensor4D;
        });
        return tf.add(tf.matMul(tf.reshape(a, [n, -1]) as tf.Tensor2D, byName.get('dense0/w') as tf.Tensor2D), byName.get('dense0/b')!);
      };
      const inputs = [tf.tensor2d(xv, [n, dim + k]), ...values.map(({ v, s }) => tf.tensor(v, s))];
      const y = f(inputs[0], ...inputs.slice(1)).dataSync();
      const gs = tf.grads((...xs: tf.Tensor[]) => tf.sum(tf.mul(f(xs[0], ...xs.slice(1)), tf.tensor2d(upv, [n, 1]))))(inputs);
      return { y, dx: gs[0].dataSync(), grads: gs.slice(1).map((t) => t.dataSync()) };
    });
    await tf.setBackend('wasm');
    assert.ok(maxRelErr(mine.y, ref.y) < 1e-5, `logits: ${maxRelErr(mine.y, ref.y)}`);
    assert.ok(maxRelErr(mine.dx, ref.dx) < 1e-4, `∂L/∂x: ${maxRelErr(mine.dx, ref.dx)}`);
    names.forEach((name, i) => assert.ok(maxRelErr(mine.grads[i], ref.grads[i]) < 1e-4, `∂L/∂${name}: ${maxRelErr(mine.grads[i], ref.grads[i])}`));
    x.dispose();
    d.dispose();
  });
}

test('DCGAN generator: sampling uses running statistics (one sample alone = in a batch), weights round-trip, no leaked tensors', () => {
  const shape = SHAPES[0];
  const g = DcganGenerator.create(shape, createRng(7));
  const z = tf.tensor2d(createRng(8).fillNormal(new Float32Array(4 * shape.noiseDim)), [4, shape.noiseDim]);
  tf.tidy(() => {
    g.forwardWithCache(z); // moves the running statistics
  });
  const all = tf.tidy(() => g.forward(z).dataSync());
  const first = tf.tidy(() => g.forward(tf.slice(z, [0, 0], [1, shape.noiseDim])).dataSync());
  assert.deepEqual(Array.from(first), Array.from(all.slice(0, first.length)));
  assert.ok(all.every((v) => v >= -1 && v <= 1), 'tanh output in [−1, 1]');
  const saved = g.getWeights();
  assert.deepEqual(saved.map((w) => w.name), [
    'dense0/w', 'dense0/b',
    'bn0/gamma', 'bn0/beta', 'bn0/runningMean', 'bn0/runningVar', 'deconv0/w',
    'bn1/gamma', 'bn1/beta', 'bn1/runningMean', 'bn1/runningVar', 'deconv1/w', 'deconv1/b',
  ]);
  const other = DcganGenerator.create(shape, createRng(9));
  other.setWeights(saved);
  assert.deepEqual(other.getWeights(), saved);
  assert.deepEqual(Array.from(tf.tidy(() => other.forward(z).dataSync())), Array.from(all));
  assert.throws(() => other.setWeights(saved.slice(1)), /weights hold 12 tensors, the DCGAN generator has 13/);
  const d = DcganDiscriminator.create(shape, createRng(10));
  const before = tf.memory().numTensors;
  for (let i = 0; i < 3; i++) {
    tf.tidy(() => {
      const { output, cache } = g.forwardWithCache(z);
      g.backward(cache, tf.onesLike(output), { weights: true, input: false });
      const r = d.forwardWithCache(output);
      d.backward(r.cache, tf.onesLike(r.output), { weights: true, input: true });
    });
  }
  assert.equal(tf.memory().numTensors, before);
  for (const t of [g, other, d]) t.dispose();
  z.dispose();
});

test('DCGAN shapes that do not fit are refused with one line', () => {
  assert.throws(() => DcganGenerator.create({ ...SHAPES[0], height: 10 }, createRng(1)), /needs image sides divisible by 4, got 10×8/);
  assert.throws(() => DcganDiscriminator.create({ ...SHAPES[0], discriminatorChannels: [] }, createRng(1)), /at least one channel width/);
});
