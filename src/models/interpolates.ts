/**
 * The points between real and generated samples where a critic's gradient is penalized (WGAN-GP,
 * THEORY E9) or measured (./lipschitz.ts), for critics whose input rows may end in a one-hot label.
 */
import * as tf from '@tensorflow/tfjs-core';

/**
 * For a class-conditional critic f(x, y) whose input rows are [x, one-hot y]: the number of data
 * columns (x's dimension). The penalties then take ∇ₓf only (the label is not a direction the
 * critic must be Lipschitz in), and WGAN-GP interpolates x alone, keeping the real row's label:
 * x̂ = [ε·x_real + (1 − ε)·x_fake, y_real]. Undefined: every column is data.
 */
export type DataColumns = number | undefined;

/** Per-row interpolates x̂ = ε·real + (1 − ε)·fake, one ε per row (shape [n, 1], values in [0, 1]). */
export function interpolate(real: tf.Tensor2D, fake: tf.Tensor2D, epsilon: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.add(tf.mul(epsilon, real), tf.mul(tf.sub(1, epsilon), fake)) as tf.Tensor2D);
}

/**
 * Interpolates for a critic whose rows may end in label columns ({@link DataColumns}):
 * x̂ = [ε·x_real + (1 − ε)·x_fake, y_real], or {@link interpolate} of whole rows when every column is data.
 */
export function interpolateData(real: tf.Tensor2D, fake: tf.Tensor2D, epsilon: tf.Tensor2D, dataColumns: DataColumns): tf.Tensor2D {
  return tf.tidy(() => {
    const x = interpolate(real, fake, epsilon);
    const cols = x.shape[1];
    if (dataColumns === undefined || dataColumns >= cols) return x;
    const n = x.shape[0];
    return tf.concat([tf.slice(x, [0, 0], [n, dataColumns]), tf.slice(real, [0, dataColumns], [n, cols - dataColumns])], 1) as tf.Tensor2D;
  });
}
