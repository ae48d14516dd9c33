/** Improved precision/recall (k = 3) on sets whose manifolds are known. */
import test from 'node:test';
import assert from 'node:assert/strict';
import { setupBackend } from '../../helpers/backend.js';
import { kthNeighbourSquaredRadii, precisionRecall } from '../../../src/metrics/image/precision-recall.js';
import { createRng } from '../../../src/random/rng.js';

const tf = await setupBackend();

test('k-th neighbour radii on a line by hand (duplicates count as neighbours)', () => {
  // Points 0, 1, 3, 7, 15 (1-D): the 3rd nearest other point of 0 is 7 (49), of 1 is 7 (36), of 3 is 7 (16), of 7 is 0 (49), of 15 is 1 (196).
  const r = kthNeighbourSquaredRadii([0, 1, 3, 7, 15], 1, 3);
  assert.deepEqual(Array.from(r), [49, 36, 16, 49, 196]);
  assert.deepEqual(Array.from(kthNeighbourSquaredRadii([2, 2, 2, 2, 5], 1, 3)), [0, 0, 0, 0, 9]);
});

test('a set against itself: precision = recall = 1; shifted far away: 0 and 0', () => {
  const before = tf.memory().numTensors;
  const x = createRng(1).fillNormal(new Float64Array(700 * 16));
  const same = precisionRecall(x, x, 16);
  assert.equal(same.precision, 1);
  assert.equal(same.recall, 1);
  const far = precisionRecall(x, x.map((v) => v + 100), 16);
  assert.equal(far.precision, 0);
  assert.equal(far.recall, 0);
  assert.equal(tf.memory().numTensors, before, 'no tensor left behind');
});

test('one repeated vector: precision 1 (it is a real sample), recall 1/n (its balls have radius 0)', () => {
  const n = 600;
  const real = createRng(2).fillNormal(new Float64Array(n * 8));
  const fake = new Float64Array(n * 8);
  for (let i = 0; i < n; i++) fake.set(real.subarray(40, 48), i * 8);
  const pr = precisionRecall(real, fake, 8);
  assert.equal(pr.precision, 1);
  assert.ok(pr.recall <= 1 / n + 1e-12, `recall ${pr.recall}`);
});

test('half of the real manifold: precision ≈ 1, recall ≈ 1/2 (2-D Gaussians, x > 0 half)', () => {
  const rng = createRng(3);
  const real = rng.fillNormal(new Float64Array(2000 * 2));
  const half: number[] = [];
  while (half.length < 2000 * 2) {
    const a = rng.normal();
    const b = rng.normal();
    if (a > 0) half.push(a, b);
  }
  const pr = precisionRecall(real, half, 2);
  assert.ok(pr.precision > 0.97, `precision ${pr.precision}`);
  assert.ok(Math.abs(pr.recall - 0.5) < 0.05, `recall ${pr.recall}`);
});
