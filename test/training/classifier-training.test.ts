/**
 * The convolutional classifier: its hand-written backward pass against TF.js autodiff (cpu backend),
 * and a tiny one trained on a slice of MNIST well above chance. (Full training is
 * `tsgan classifier train`, not a test.)
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import '../helpers/tf-gradients.js';
import * as tf from '@tensorflow/tfjs-core';
import { setupBackend } from '../helpers/backend.js';
import { maxRelErr } from '../helpers/compare.js';
import { ConvClassifier, type ConvClassifierShape } from '../../src/models/conv-classifier.js';
import { classifierAccuracy, trainClassifier } from '../../src/training/classifier-training.js';
import { softmaxCrossEntropy } from '../../src/training/softmax-cross-entropy.js';
import { mnistDataset } from '../../src/node/data/idx-files.js';
import { ImageDataset } from '../../src/data/image-dataset.js';
import { createRng } from '../../src/random/rng.js';

await setupBackend();

const TINY: ConvClassifierShape = { height: 28, width: 28, channels: 1, convChannels: [4, 8], kernelSize: 5, hidden: [32], classes: 10 };

test('classifier backward (conv, max-pool, dense, softmax cross-entropy) equals TF.js autodiff of the same network', async () => {
  const shape: ConvClassifierShape = { height: 8, width: 8, channels: 1, convChannels: [3, 4], kernelSize: 3, hidden: [6], classes: 3 };
  const model = ConvClassifier.create(shape, createRng(3));
  const rng = createRng(4);
  const xv = rng.fillNormal(new Float32Array(5 * 64));
  const labels = Int32Array.from([0, 2, 1, 1, 0]);
  const x = tf.tensor2d(xv, [5, 64]);
  const { output, cache } = model.forwardWithCache(x);
  const ce = softmaxCrossEntropy(output, labels);
  const mine = model.backward(cache, ce.dLogits).map((g) => g.dataSync());
  const weights = model.getWeights();
  // The same loss written with TF.js ops, differentiated by TF.js on the cpu backend.
  await tf.setBackend('cpu');
  const refGrads = tf.tidy(() => {
    const params = weights.map((w) => tf.tensor(w.values, [...w.shape]));
    const loss = (...p: tf.Tensor[]) => {
      let a: tf.Tensor = tf.reshape(tf.tensor2d(xv, [5, 64]), [5, 8, 8, 1]);
      for (let i = 0; i < 2; i++) a = tf.maxPool(tf.relu(tf.add(tf.conv2d(a as tf.Tensor4D, p[2 * i] as tf.Tensor4D, 1, 'same'), p[2 * i + 1])) as tf.Tensor4D, 2, 2, 'valid');
      a = tf.reshape(a, [5, -1]);
      a = tf.relu(tf.add(tf.matMul(a as tf.Tensor2D, p[4] as tf.Tensor2D), p[5]));
      const logits = tf.add(tf.matMul(a as tf.Tensor2D, p[6] as tf.Tensor2D), p[7]);
      return tf.neg(tf.mean(tf.sum(tf.mul(tf.logSoftmax(logits), tf.oneHot(tf.tensor1d(labels, 'int32'), 3)), 1))) as tf.Scalar;
    };
    const { value, grads } = tf.valueAndGrads(loss)(params);
    return { value: value.dataSync()[0], grads: grads.map((g) => g.dataSync()) };
  });
  await tf.setBackend('wasm');
  assert.ok(Math.abs(ce.loss - refGrads.value) < 1e-5, `loss ${ce.loss} vs ${refGrads.value}`);
  assert.deepEqual(model.parameters().map((p) => p.name), ['conv0/w', 'conv0/b', 'conv1/w', 'conv1/b', 'dense0/w', 'dense0/b', 'dense1/w', 'dense1/b']);
  mine.forEach((g, i) => assert.ok(maxRelErr(g, refGrads.grads[i]) < 1e-4, `${weights[i].name}: ${maxRelErr(g, refGrads.grads[i])}`));
  model.dispose();
});

test('a tiny classifier trained on 1,000 MNIST images for 2 epochs classifies 1,000 test digits far above chance', async () => {
  const train = mnistDataset('train');
  const fullTest = mnistDataset('test');
  const testSet = new ImageDataset('mnist-test[0:1000]', fullTest.pixels.subarray(0, 1000 * 784), 28, 28, 1, fullTest.labels!.subarray(0, 1000));
  const model = ConvClassifier.create(TINY, createRng(1));
  const before = tf.memory().numTensors;
  const records = [];
  for await (const e of trainClassifier(model, train, { epochs: 2, batchSize: 50, learningRate: 3e-3, learningRateDecay: 0.5, seed: 1, limit: 1000 }, testSet)) records.push(e);
  const steps = records.filter((e) => e.type === 'step');
  const epochs = records.filter((e) => e.type === 'epoch');
  assert.equal(steps.length, 40);
  assert.deepEqual(epochs.map((e) => e.learningRate), [3e-3, 1.5e-3]);
  assert.ok(steps[0].loss > 2 && steps[0].loss < 2.6, `first loss ≈ log 10: ${steps[0].loss}`);
  assert.ok(epochs[1].trainLoss < 0.8 * epochs[0].trainLoss, 'the loss falls');
  const accuracy = classifierAccuracy(model, testSet);
  assert.ok(accuracy > 0.6, `test accuracy ${accuracy} (chance 0.1)`);
  assert.equal(epochs[1].testAccuracy, accuracy, 'the epoch record holds the test accuracy');
  assert.equal(tf.memory().numTensors, before, 'training leaks no tensor');
  // Same seed ⇒ the same weights.
  const again = ConvClassifier.create(TINY, createRng(1));
  for await (const _ of trainClassifier(again, train, { epochs: 1, batchSize: 50, learningRate: 3e-3, learningRateDecay: 0.5, seed: 1, limit: 200 })) void _;
  const once = ConvClassifier.create(TINY, createRng(1));
  for await (const _ of trainClassifier(once, train, { epochs: 1, batchSize: 50, learningRate: 3e-3, learningRateDecay: 0.5, seed: 1, limit: 200 })) void _;
  assert.deepEqual(again.getWeights().map((w) => Array.from(w.values)), once.getWeights().map((w) => Array.from(w.values)));
  for (const m of [model, again, once]) m.dispose();
});
