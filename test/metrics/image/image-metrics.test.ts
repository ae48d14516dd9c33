/**
 * All image metrics through a tiny classifier trained on a slice of MNIST: test images against
 * themselves, and one image repeated (a collapsed generator).
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { setupBackend } from '../../helpers/backend.js';
import { ConvClassifier } from '../../../src/models/conv-classifier.js';
import { trainClassifier } from '../../../src/training/classifier-training.js';
import { datasetImages, imageMetrics } from '../../../src/metrics/image/image-metrics.js';
import { classifierOutputs } from '../../../src/metrics/image/classifier-outputs.js';
import { classifierScore } from '../../../src/metrics/image/classifier-score.js';
import { mnistDataset } from '../../../src/node/data/idx-files.js';
import { createRng } from '../../../src/random/rng.js';

const tf = await setupBackend();
const train = mnistDataset('train');
const testSet = mnistDataset('test');
const model = ConvClassifier.create({ height: 28, width: 28, channels: 1, convChannels: [4, 8], kernelSize: 5, hidden: [32], classes: 10 }, createRng(2));
for await (const _ of trainClassifier(model, train, { epochs: 3, batchSize: 50, learningRate: 3e-3, learningRateDecay: 1, seed: 2, limit: 600 })) void _;
const N = 400;

test('the test images against themselves: Fréchet distance 0, precision = recall = 1, the test set\'s own score and classes', () => {
  const before = tf.memory().numTensors;
  const fake = datasetImages(testSet, 0, N);
  const m = imageMetrics(model, fake, testSet, train, { testCount: N, parzen: false });
  assert.equal(m.samples, N);
  assert.equal(m.testImages, N);
  const own = classifierOutputs(model, fake);
  assert.ok(m.frechetDistance < 1e-6, `FD ${m.frechetDistance}`);
  assert.ok(m.reference!.frechetDistance > 1000 * m.frechetDistance + 1e-3, 'other digits are farther');
  assert.equal(m.precision, 1);
  assert.equal(m.recall, 1);
  assert.equal(m.classifierScore, classifierScore(own.probs, 10));
  assert.ok(m.classifierScore > 1.5, `a trained classifier separates the digits: score ${m.classifierScore}`);
  assert.ok(m.coverage.classesCovered >= 9, `${m.coverage.classesCovered} classes`);
  assert.ok(Math.abs(m.coverage.histogram.reduce((a, b) => a + b, 0) - 1) < 1e-12);
  assert.equal(tf.memory().numTensors, before, 'no tensor left behind');
});

test('one image repeated: one class covered, KL = log 10, recall ≈ 0, precision 1, classifier score 1', () => {
  const one = datasetImages(testSet, 7, 1);
  const fake = new Float32Array(N * 784);
  for (let i = 0; i < N; i++) fake.set(one, i * 784);
  const m = imageMetrics(model, fake, testSet, train, { testCount: N, parzen: false });
  assert.equal(m.coverage.classesCovered, 1);
  assert.ok(Math.abs(m.coverage.klFromUniform - Math.log(10)) < 1e-12);
  assert.ok(m.recall <= 1 / N + 1e-12, `recall ${m.recall}`);
  assert.equal(m.precision, 1, 'the image is one of the test images');
  assert.ok(Math.abs(m.classifierScore - 1) < 1e-6, `score ${m.classifierScore}`);
  assert.ok(m.frechetDistance > 10 * m.reference!.frechetDistance, `far from the data in distribution: ${m.frechetDistance} vs ${m.reference!.frechetDistance}`);
});

test('Parzen on images: the test images as samples score far above noise, in [0, 1] pixels', () => {
  const m = imageMetrics(model, datasetImages(train, 0, 300), testSet, train, { testCount: 50, parzen: { testCount: 50, sampleCount: 300, validationCount: 50 } });
  const noise = Float32Array.from({ length: 300 * 784 }, (_, i) => Math.sin(i * 12.9898) * 0.999);
  const n = imageMetrics(model, noise, testSet, train, { testCount: 50, parzen: { testCount: 50, sampleCount: 300, validationCount: 50 } });
  assert.ok(m.parzen!.mean > n.parzen!.mean + 100, `${m.parzen!.mean} vs noise ${n.parzen!.mean}`);
  assert.equal(m.parzen!.testCount, 50);
  assert.equal(m.parzen!.sampleCount, 300);
  assert.ok(m.parzen!.validation.some((v) => v.sigma === m.parzen!.sigma));
});

test('labels (a conditional generator): label accuracy is the classifier\'s accuracy on the images; the reference row is its accuracy on the last training images', () => {
  const fake = datasetImages(testSet, 0, N);
  const truth = testSet.labels!.subarray(0, N);
  const own = classifierOutputs(model, fake);
  let right = 0;
  for (let i = 0; i < N; i++) if (own.predicted[i] === truth[i]) right++;
  const m = imageMetrics(model, fake, testSet, train, { testCount: N, parzen: false, labels: truth });
  assert.equal(m.labelAccuracy!.accuracy, right / N);
  assert.ok(right / N > 0.5, `a trained classifier reads most test digits: ${right / N}`);
  // Labels shifted by one: the classifier disagrees far more often.
  const shifted = Int32Array.from(truth, (y) => (y + 1) % 10);
  const wrong = imageMetrics(model, fake, testSet, train, { testCount: N, parzen: false, labels: shifted });
  assert.ok(wrong.labelAccuracy!.accuracy < 0.25 && wrong.labelAccuracy!.accuracy < m.labelAccuracy!.accuracy - 0.3, `${wrong.labelAccuracy!.accuracy}`);
  const refOut = classifierOutputs(model, datasetImages(train, train.count - N, N));
  let refRight = 0;
  for (let i = 0; i < N; i++) if (refOut.predicted[i] === train.labels![train.count - N + i]) refRight++;
  assert.equal(m.reference!.labelAccuracy, refRight / N);
  // No labels, no label accuracy (unconditional generators).
  const plain = imageMetrics(model, fake, testSet, train, { testCount: N, parzen: false });
  assert.equal(plain.labelAccuracy, undefined);
  assert.equal(plain.reference!.labelAccuracy, undefined);
});
