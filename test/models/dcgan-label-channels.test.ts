/**
 * The label channels of a conditional DCGAN discriminator's first convolution, computed without
 * materializing them (src/models/dcgan-label-channels.ts), against the convolution of the
 * materialized input [x, y-planes] and TF.js autodiff of it (cpu backend): the output, ∂L/∂W_y and
 * ∂L/∂labels, on sizes where the padded taps fall unevenly (odd sides, k 3 and 4, 'same' and
 * 'valid'), with arbitrary (not one-hot) label values, as a gradient penalty's adjoint passes them.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import '../helpers/tf-gradients.js';
import * as tf from '@tensorflow/tfjs-core';
import { setupBackend } from '../helpers/backend.js';
import { maxRelErr } from '../helpers/compare.js';
import { labelFilterGradient, labelInputGradient, labelMaps, labelResponse, splitFilter } from '../../src/models/dcgan-label-channels.js';
import { createRng } from '../../src/random/rng.js';
import type { ConvPadding } from '../../src/models/conv2d-gradients.js';

await setupBackend();

const CASES: { h: number; w: number; c: number; classes: number; k: number; stride: number; padding: ConvPadding }[] = [
  { h: 7, w: 5, c: 1, classes: 3, k: 4, stride: 2, padding: 'same' },
  { h: 6, w: 9, c: 2, classes: 4, k: 3, stride: 2, padding: 'same' },
  { h: 8, w: 8, c: 1, classes: 10, k: 4, stride: 2, padding: 'valid' },
];

for (const { h, w, c, classes, k, stride, padding } of CASES) {
  test(`label channels ${h}×${w}×${c} + ${classes} classes, ${k}×${k} stride ${stride} ${padding}: output, ∂L/∂W_y and ∂L/∂labels = the materialized convolution's`, async () => {
    const rng = createRng(h * 100 + w);
    const n = 5;
    const out = 3;
    const xv = rng.fillNormal(new Float32Array(n * h * w * c));
    const yv = rng.fillNormal(new Float32Array(n * classes));
    const wv = rng.fillNormal(new Float32Array(k * k * (c + classes) * out));
    const mine = tf.tidy(() => {
      const x = tf.tensor4d(xv, [n, h, w, c]);
      const y = tf.tensor2d(yv, [n, classes]);
      const filter = tf.tensor4d(wv, [k, k, c + classes, out]);
      const [wImage, wLabels] = splitFilter(filter, c);
      const geometry = { height: h, width: w, stride, padding };
      const maps = labelMaps(wLabels, geometry);
      const output = tf.add(tf.conv2d(x, wImage, stride, padding), labelResponse(y, maps)) as tf.Tensor4D;
      const up = tf.tensor4d(createRng(7).fillNormal(new Float32Array(output.size)), output.shape);
      return {
        shape: output.shape,
        up: up.dataSync(),
        output: output.dataSync(),
        dW: labelFilterGradient(y, up, k, geometry).dataSync(),
        dY: labelInputGradient(up, maps).dataSync(),
      };
    });
    await tf.setBackend('cpu');
    const ref = tf.tidy(() => {
      const f = (y: tf.Tensor, filter: tf.Tensor) => {
        const planes = tf.tile(tf.reshape(y, [n, 1, 1, classes]), [1, h, w, 1]);
        return tf.conv2d(tf.concat([tf.tensor4d(xv, [n, h, w, c]), planes], 3) as tf.Tensor4D, filter as tf.Tensor4D, stride, padding);
      };
      const y = tf.tensor2d(yv, [n, classes]);
      const filter = tf.tensor4d(wv, [k, k, c + classes, out]);
      const output = f(y, filter);
      const up = tf.tensor4d(mine.up, output.shape as [number, number, number, number]);
      const [dY, dW] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(f(a, b), up)))([y, filter]);
      return { shape: output.shape, output: output.dataSync(), dY: dY.dataSync(), dWy: tf.split(dW, [c, classes], 2)[1].dataSync() };
    });
    await tf.setBackend('wasm');
    assert.deepEqual(mine.shape, ref.shape);
    assert.ok(maxRelErr(mine.output, ref.output) < 1e-5, `output: ${maxRelErr(mine.output, ref.output)}`);
    assert.ok(maxRelErr(mine.dW, ref.dWy) < 1e-5, `∂L/∂W_y: ${maxRelErr(mine.dW, ref.dWy)}`);
    assert.ok(maxRelErr(mine.dY, ref.dY) < 1e-5, `∂L/∂labels: ${maxRelErr(mine.dY, ref.dY)}`);
  });
}

test('a label map differs between classes only through W_y, and at the borders from the interior (padded taps)', () => {
  tf.tidy(() => {
    const k = 4;
    const wLabels = tf.ones([k, k, 2, 1]) as tf.Tensor4D;
    const maps = labelMaps(wLabels, { height: 8, width: 8, stride: 2, padding: 'same' }).arraySync() as number[][][][];
    // All-ones filter: each output counts the taps inside the image, 16 inside, fewer at the borders.
    assert.equal(maps[0][1][1][0], 16);
    assert.equal(maps[0][0][0][0], 9, "TF 'same' pads 1 before and 1 after here: the corner sees 3 × 3 taps");
    assert.equal(maps[0][3][3][0], 9);
    assert.deepEqual(maps[0], maps[1]);
  });
});
