/**
 * The label channels of a class-conditional DCGAN discriminator's first convolution, without
 * materializing them. D sees [x, y-planes]: the one-hot label y (K classes) as K constant h×w
 * channels. Split the filter W = [W_x, W_y] by input channel; then exactly
 *
 *   conv(x ⊕ y-planes, W) = conv(x, W_x) + Σ_y label_y · M_y,   M_y = conv(E_y, W_y)
 *
 * where E_y is the plane stack of class y (1 on channel y, 0 elsewhere): M [K, oh, ow, C] is one
 * small convolution per class and the same for every sample (only the borders of each map differ,
 * where the padded taps fall outside the image). Its adjoints:
 *
 *   ∂L/∂W_y = conv2dFilterGradient(E, δ_y),   δ_y = Σ_n label[n, y] · δ[n]      (δ = ∂L/∂conv output)
 *   ∂L/∂label[n, y] = Σ_{i,j,c} δ[n, i, j, c] · M_y[i, j, c]
 *
 * This replaces a convolution over 1 + K input channels by one over the image's channels, a matrix
 * product [n, K] × [K, oh·ow·C] and a K-image convolution. (Transposes are explicit: the wasm
 * backend's transposed matMuls are many times slower than plain ones.)
 */
import * as tf from '@tensorflow/tfjs-core';
import { conv2dFilterGradient, type ConvPadding } from './conv2d-gradients.js';

/** The plane stack E [K, h, w, K]: E[y, :, :, y] = 1, every other value 0 (a new tensor). */
export function labelPlanes(classes: number, height: number, width: number): tf.Tensor4D {
  return tf.tidy(() => tf.tile(tf.reshape(tf.eye(classes), [classes, 1, 1, classes]), [1, height, width, 1]) as tf.Tensor4D);
}

/** The filter's split [k, k, channels + K, C] → W_x [k, k, channels, C] and W_y [k, k, K, C] (new tensors). */
export function splitFilter(w: tf.Tensor4D, channels: number): [tf.Tensor4D, tf.Tensor4D] {
  const [a, b] = tf.split(w, [channels, w.shape[2] - channels], 2);
  return [a as tf.Tensor4D, b as tf.Tensor4D];
}

/** M [K, oh, ow, C]: each class's label planes through the label part W_y of the filter. */
export function labelMaps(planes: tf.Tensor4D, wLabels: tf.Tensor4D, stride: number, padding: ConvPadding): tf.Tensor4D {
  return tf.conv2d(planes, wLabels, stride, padding);
}

/** Σ_y label[n, y] · M_y for labels [n, K]: the label channels' part of the convolution, [n, oh, ow, C]. */
export function labelResponse(labels: tf.Tensor2D, maps: tf.Tensor4D): tf.Tensor4D {
  const [k, oh, ow, c] = maps.shape;
  return tf.tidy(() => tf.reshape(tf.matMul(labels, tf.reshape(maps, [k, -1])), [labels.shape[0], oh, ow, c]) as tf.Tensor4D);
}

/** ∂L/∂W_y [k, k, K, C] for ∂L/∂(conv output) `delta` [n, oh, ow, C] and the labels [n, K] that went in. */
export function labelFilterGradient(planes: tf.Tensor4D, labels: tf.Tensor2D, delta: tf.Tensor4D, kernel: number, stride: number, padding: ConvPadding): tf.Tensor4D {
  const [n, oh, ow, c] = delta.shape;
  return tf.tidy(() => {
    const perClass = tf.reshape(tf.matMul(tf.transpose(labels), tf.reshape(delta, [n, -1])), [labels.shape[1], oh, ow, c]) as tf.Tensor4D;
    return conv2dFilterGradient(planes, perClass, [kernel, kernel], stride, padding);
  });
}

/** ∂L/∂labels [n, K] for ∂L/∂(conv output) `delta` [n, oh, ow, C]. */
export function labelInputGradient(delta: tf.Tensor4D, maps: tf.Tensor4D): tf.Tensor2D {
  const n = delta.shape[0];
  return tf.tidy(() => tf.matMul(tf.reshape(delta, [n, -1]), tf.transpose(tf.reshape(maps, [maps.shape[0], -1]))));
}
