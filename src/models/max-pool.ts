/**
 * Max pooling over k × k windows with stride k ('valid'), NHWC, with its backward pass:
 *   y[n, i, j, c] = max_{a,b < k} x[n, i·k + a, j·k + b, c];
 *   ∂L/∂x = dy at the position of its window's maximum and 0 elsewhere; when m positions of a
 *   window tie for the maximum, each gets dy/m (a subgradient; TF.js gives all of it to the first).
 *
 * Deviation: the backward pass is written with elementwise ops instead of the backend's
 * `MaxPoolGrad` kernel, because the wasm backend's (tfjs 4.22) drops the gradient of every window
 * whose maximum is negative (it starts its running maximum at 0).
 */
import * as tf from '@tensorflow/tfjs-core';

/** y = max over k × k windows, stride k; x is [n, h, w, c], y is [n, ⌊h/k⌋, ⌊w/k⌋, c]. */
export function maxPool2d(x: tf.Tensor4D, k: number): tf.Tensor4D {
  return tf.maxPool(x, k, k, 'valid');
}

/** Nearest-neighbour upsampling by k: [n, h, w, c] → [n, h·k, w·k, c], each value copied into a k × k block. */
function upsample(t: tf.Tensor4D, k: number): tf.Tensor4D {
  return tf.image.resizeNearestNeighbor(t, [t.shape[1] * k, t.shape[2] * k]);
}

/**
 * ∂L/∂x of y = {@link maxPool2d}(x, k) for dy = ∂L/∂y (a new tensor of x's shape, see the file
 * comment): mask = [x = upsample(y)], dx = mask ⊙ upsample(dy) / upsample(Σ_window mask). Written
 * with 4-D ops only (6-D reshapes with broadcasting are ~10× slower on wasm).
 */
export function maxPool2dBackward(x: tf.Tensor4D, y: tf.Tensor4D, dy: tf.Tensor4D, k: number): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, h, w, c] = x.shape;
    const [, oh, ow] = y.shape;
    const read = oh * k === h && ow * k === w ? x : tf.slice(x, [0, 0, 0, 0], [n, oh * k, ow * k, c]);
    const mask = tf.cast(tf.equal(read, upsample(y, k)), 'float32') as tf.Tensor4D;
    const ties = tf.mul(tf.avgPool(mask, k, k, 'valid'), k * k) as tf.Tensor4D;
    const dRead = tf.mul(mask, upsample(tf.div(dy, ties) as tf.Tensor4D, k)) as tf.Tensor4D;
    if (dRead.shape[1] === h && dRead.shape[2] === w) return dRead;
    return tf.pad(dRead, [[0, 0], [0, h - oh * k], [0, w - ow * k], [0, 0]]);
  });
}
