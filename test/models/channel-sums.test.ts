/** channelSums: Σ over every axis but the last, for tensors of rank 1 to 4. */
import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { setupBackend } from '../helpers/backend.js';
import { channelSums } from '../../src/models/channel-sums.js';

await setupBackend();

test('channelSums equals tf.sum over the leading axes, ranks 1–4', () => {
  for (const shape of [[5], [4, 3], [2, 3, 5], [3, 4, 5, 6]]) {
    const n = shape.reduce((a, b) => a * b, 1);
    const x = tf.tensor(Float32Array.from({ length: n }, (_, i) => Math.sin(i) * (1 + (i % 7))), shape);
    const got = channelSums(x).dataSync();
    const want = tf.sum(x, Array.from({ length: shape.length - 1 }, (_, i) => i)).dataSync();
    assert.equal(got.length, shape[shape.length - 1]);
    got.forEach((v, i) => assert.ok(Math.abs(v - want[i]) <= 1e-5 * (1 + Math.abs(want[i])), `${shape}: [${i}] ${v} vs ${want[i]}`));
  }
  // a hand-checked case: [[1, 2], [3, 4], [5, 6]] → [9, 12]
  assert.deepEqual(Array.from(channelSums(tf.tensor2d([[1, 2], [3, 4], [5, 6]])).dataSync()), [9, 12]);
});
