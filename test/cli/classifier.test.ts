/** `tsgan classifier train`: a quick run on a slice, the cache location, the checksum, bad input. */
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { assertBadInput, CLI, ROOT, tempDir } from '../helpers/cli.js';
import { loadClassifier } from '../../src/node/image-metrics/classifier-cache.js';
import { loadShippedClassifier, weightsSha256 } from '../../src/node/image-metrics/shipped-classifier.js';

function tsganEnv(args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 180_000, killSignal: 'SIGKILL', env: { ...process.env, ...env } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

test('classifier train on 320 images: stored with a checksum under TSGAN_CACHE_DIR, accuracy above chance, --json', () => {
  const cache = tempDir();
  const r = tsganEnv(['classifier', 'train', '--limit', '320', '--test-limit', '300', '--epochs', '2', '--lr', '3e-3', '--json'], { TSGAN_CACHE_DIR: cache });
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  const path = join(cache, 'mnist-classifier.json');
  assert.equal(out.path, path);
  assert.equal(out.trainImages, 320);
  assert.equal(out.testImages, 300);
  assert.equal(out.history.length, 2);
  assert.ok(out.testAccuracy > 0.25, `accuracy ${out.testAccuracy} (chance 0.1)`);
  assert.ok(out.trainSeconds > 0);
  const stored = loadClassifier(path);
  assert.equal(stored.info.testAccuracy, out.testAccuracy);
  assert.deepEqual(stored.weights.map((w) => w.name), ['conv0/w', 'conv0/b', 'conv1/w', 'conv1/b', 'dense0/w', 'dense0/b', 'dense1/w', 'dense1/b']);
  assert.deepEqual(stored.weights[0].shape, [5, 5, 1, 16]);
  assert.equal(out.parameters, stored.weights.reduce((s, w) => s + w.values.length, 0));
  // a classifier trained on a slice is not the shipped one (made with the defaults on all 60,000 images), and the output says so
  assert.equal(out.shipped.matches, false);
  assert.match(out.shipped.sha256, /^[0-9a-f]{64}$/);
  assert.equal(out.shipped.sha256, weightsSha256(stored.weights));
  assert.equal(out.shipped.shippedSha256, loadShippedClassifier().weightsSha256);
  const text = tsganEnv(['classifier', 'train', '--limit', '64', '--test-limit', '50', '--epochs', '1', '--out', join(cache, 'other.json')], {});
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /\n  other weights than the classifier shipped with tsgan \(SHA-256 [0-9a-f]{16}… vs [0-9a-f]{16}…; it was made by this command with its defaults, --seed 0\)\n$/);
});

test('classifier train: bad flags get one line and exit code 2', () => {
  assertBadInput(['classifier', 'train', '--epochs', '0'], /--epochs 0: give a number of epochs ≥ 1/);
  assertBadInput(['classifier', 'train', '--epochs', 'two'], /tsgan classifier train: option '--epochs <n>' argument 'two' is invalid/);
});
