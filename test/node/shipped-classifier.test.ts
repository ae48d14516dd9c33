/**
 * The MNIST classifier shipped with tsgan (assets/mnist-classifier.bin, made by
 * scripts/make-shipped-classifier.mjs from `tsgan classifier train --seed 0`): its checksum, its size,
 * its accuracy on a slice of MNIST's test set, the binary format's refusals, and which classifier the
 * image metrics use (--classifier, else the user's own, else the shipped one).
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { statSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setupBackend } from '../helpers/backend.js';
import { ROOT, tempDir } from '../helpers/cli.js';
import { MNIST_CLASSIFIER_SHAPE } from '../../src/models/conv-classifier.js';
import { classifierAccuracy } from '../../src/training/classifier-training.js';
import { mnistDataset } from '../../src/node/data/idx-files.js';
import { classifierToUse, loadClassifier, loadClassifierModel, saveClassifier } from '../../src/node/image-metrics/classifier-cache.js';
import { decodeShippedClassifier, encodeShippedClassifier, loadShippedClassifier, shippedClassifierPath, weightsSha256 } from '../../src/node/image-metrics/shipped-classifier.js';

await setupBackend();

const SHIPPED = join(ROOT, 'assets', 'mnist-classifier.bin');

test('the shipped classifier: where the package keeps it, at most 2 MB, its checksum and its weights\' SHA-256 verified, made by `tsgan classifier train --seed 0`', () => {
  assert.equal(shippedClassifierPath(), SHIPPED);
  assert.ok(statSync(SHIPPED).size <= 2 * 1024 * 1024, `${statSync(SHIPPED).size} bytes`);
  const s = loadShippedClassifier();
  assert.deepEqual(s.info.shape, MNIST_CLASSIFIER_SHAPE);
  assert.equal(s.info.seed, 0);
  assert.equal(s.info.trainImages, 60_000);
  assert.equal(s.info.testImages, 10_000);
  assert.ok(s.info.testAccuracy >= 0.985, `recorded test accuracy ${s.info.testAccuracy}`);
  assert.equal(weightsSha256(s.weights), s.weightsSha256, 'the weights are the ones the header names');
  assert.equal(s.weights.reduce((n, w) => n + w.values.length, 0), 215_370, 'the classifier of MNIST_CLASSIFIER_SHAPE');
});

test('the shipped classifier classifies the first 2,000 MNIST test digits as accurately as its record says', () => {
  const { model, info } = loadClassifierModel(SHIPPED);
  try {
    const accuracy = classifierAccuracy(model, mnistDataset('test'), 2000);
    // the first 2,000 test digits are a little easier than the whole set; ±1.5 % of the recorded 10,000-image accuracy
    assert.ok(accuracy >= 0.98 && Math.abs(accuracy - info.testAccuracy) < 0.015, `${accuracy} on 2,000 vs ${info.testAccuracy} recorded`);
  } finally {
    model.dispose();
  }
});

test('the binary format: a round trip keeps every bit; a flipped byte, a cut file, another version or magic is refused in one line', () => {
  const stored = {
    info: { shape: MNIST_CLASSIFIER_SHAPE, testAccuracy: 0.5, testImages: 10, trainImages: 20, epochs: 1, seed: 3, trainSeconds: 1.5 },
    weights: [
      { name: 'a', shape: [2, 3], values: Float32Array.from([1, -2, 3.5, Math.PI, -0, 1e-30]) },
      { name: 'b', shape: [1], values: Float32Array.from([Number.MIN_VALUE]) },
    ],
  };
  const bytes = encodeShippedClassifier(stored);
  const back = decodeShippedClassifier(bytes, 'x.bin');
  assert.deepEqual(back.info, stored.info);
  assert.deepEqual(back.weights.map((w) => [w.name, w.shape, Array.from(w.values)]), stored.weights.map((w) => [w.name, w.shape, Array.from(w.values)]));
  assert.equal(back.weightsSha256, weightsSha256(stored.weights));
  const refused = (b: Buffer, pattern: RegExp) => assert.throws(() => decodeShippedClassifier(b, 'x.bin'), (e: Error) => pattern.test(e.message) && !e.message.includes('\n'));
  const flipped = Buffer.from(bytes);
  flipped[flipped.length - 3] ^= 1;
  refused(flipped, /^x\.bin: checksum mismatch, the file was modified or damaged: reinstall tsgan, or run `tsgan classifier train` to make your own$/);
  refused(bytes.subarray(0, bytes.length - 4), /^x\.bin: checksum mismatch/);
  refused(bytes.subarray(0, 20), /^x\.bin: not a tsgan classifier file \(or truncated\)/);
  const v2 = Buffer.from(bytes);
  v2.writeUInt32LE(2, 8);
  refused(v2, /^x\.bin: classifier format version 2 is not supported by this tsgan \(needs 1\)/);
  refused(Buffer.from(`{"format":"tsgan-classifier"}`), /not a tsgan classifier file/);
  // loadClassifier reads both formats: the cache's JSON and the shipped binary
  const dir = tempDir();
  writeFileSync(join(dir, 'c.bin'), bytes);
  saveClassifier(join(dir, 'c.json'), stored);
  for (const f of ['c.bin', 'c.json']) assert.deepEqual(Array.from(loadClassifier(join(dir, f)).weights[0].values), Array.from(stored.weights[0].values), f);
});

test('which classifier: --classifier FILE, else the user\'s own in TSGAN_CACHE_DIR, else the shipped one', () => {
  const before = process.env.TSGAN_CACHE_DIR;
  const cache = tempDir();
  process.env.TSGAN_CACHE_DIR = cache;
  try {
    assert.deepEqual(classifierToUse(), { path: SHIPPED, kind: 'shipped' });
    assert.deepEqual(classifierToUse('/x/mine.json'), { path: '/x/mine.json', kind: 'asked' });
    writeFileSync(join(cache, 'mnist-classifier.json'), readFileSync(SHIPPED)); // any file there is the user's
    assert.deepEqual(classifierToUse(), { path: join(cache, 'mnist-classifier.json'), kind: 'cache' });
  } finally {
    if (before === undefined) delete process.env.TSGAN_CACHE_DIR;
    else process.env.TSGAN_CACHE_DIR = before;
  }
});
