/**
 * The label channels of a class-conditional DCGAN discriminator's first convolution, without
 * materializing them. D sees [x, y-planes]: the one-hot label y (K classes) as K constant h×w
 * channels. Split the filter W = [W_x, W_y] by input channel; then exactly
 *
 *   conv(x ⊕ y-planes, W) = conv(x, W_x) + Σ_y label_y · M_y,   M_y = conv(E_y, W_y)
 *
 * where E_y is the plane stack of class y (1 on channel y, 0 elsewhere): M [K, oh, ow, C] is the
 * same for every sample. Only channel y of E_y is non-zero, so M_y[i, j, c] = Σ W_y[a, b, y, c] over
 * the taps (a, b) of output (i, j) that fall inside the image: the convolution of one plane of ones with
 * W_y seen as a [k, k, 1, K·C] filter (only the borders of each map differ, where padded taps fall
 * outside). Its adjoints:
 *
 *   ∂L/∂W_y = conv2dFilterGradient(ones, δ_y),   δ_y = Σ_n label[n, y] · δ[n]      (δ = ∂L/∂conv output)
 *   ∂L/∂label[n, y] = Σ_{i,j,c} δ[n, i, j, c] · M_y[i, j, c]
 *
 * This replaces a convolution over 1 + K input channels by one over the image's channels, a matrix
 * product [n, K] × [K, oh·ow·C] and a one-image convolution with K·C outputs. (Transposes are explicit:
 * the wasm backend's transposed matMuls are many times slower than plain ones.)
 */
import * as tf from '@tensorflow/tfjs-core';
import { conv2dFilterGradient, type ConvPadding } from './conv2d-gradients.js';

/** Where the label maps are taken: the image's sides and the convolution's stride and padding. */
export interface LabelGeometry {
  readonly height: number;
  readonly width: number;
  readonly stride: number;
  readonly padding: ConvPadding;
}

/** The filter's split [k, k, channels + K, C] → W_x [k, k, channels, C] and W_y [k, k, K, C] (new tensors). */
export function splitFilter(w: tf.Tensor4D, channels: number): [tf.Tensor4D, tf.Tensor4D] {
  const [a, b] = tf.split(w, [channels, w.shape[2] - channels], 2);
  return [a as tf.Tensor4D, b as tf.Tensor4D];
}

/** M [K, oh, ow, C]: each class's constant label channel through the label part W_y [k, k, K, C] of the filter. */
export function labelMaps(wLabels: tf.Tensor4D, g: LabelGeometry): tf.Tensor4D {
  const [k, , classes, c] = wLabels.shape;
  return tf.tidy(() => {
    const flat = tf.conv2d(tf.ones([1, g.height, g.width, 1]) as tf.Tensor4D, tf.reshape(wLabels, [k, k, 1, classes * c]) as tf.Tensor4D, g.stride, g.padding);
    const [, oh, ow] = flat.shape;
    return tf.transpose(tf.reshape(flat, [oh, ow, classes, c]), [2, 0, 1, 3]) as tf.Tensor4D;
  });
}

/** Σ_y label[n, y] · M_y for labels [n, K]: the label channels' part of the convolution, [n, oh, ow, C]. */
export function labelResponse(labels: tf.Tensor2D, maps: tf.Tensor4D): tf.Tensor4D {
  const [k, oh, ow, c] = maps.shape;
  return tf.tidy(() => tf.reshape(tf.matMul(labels, tf.reshape(maps, [k, -1])), [labels.shape[0], oh, ow, c]) as tf.Tensor4D);
}

/** ∂L/∂W_y [k, k, K, C] for ∂L/∂(conv output) `delta` [n, oh, ow, C] and the labels [n, K] that went in. */
export function labelFilterGradient(labels: tf.Tensor2D, delta: tf.Tensor4D, kernel: number, g: LabelGeometry): tf.Tensor4D {
  const [n, oh, ow, c] = delta.shape;
  const classes = labels.shape[1];
  return tf.tidy(() => {
    const perClass = tf.reshape(tf.matMul(tf.transpose(labels), tf.reshape(delta, [n, -1])), [classes, oh, ow, c]);
    const flat = tf.reshape(tf.transpose(perClass, [1, 2, 0, 3]), [1, oh, ow, classes * c]) as tf.Tensor4D;
    return tf.reshape(conv2dFilterGradient(tf.ones([1, g.height, g.width, 1]) as tf.Tensor4D, flat, [kernel, kernel], g.stride, g.padding), [kernel, kernel, classes, c]) as tf.Tensor4D;
  });
}

/** ∂L/∂labels [n, K] for ∂L/∂(conv output) `delta` [n, oh, ow, C]. */
export function labelInputGradient(delta: tf.Tensor4D, maps: tf.Tensor4D): tf.Tensor2D {
  const n = delta.shape[0];
  return tf.tidy(() => tf.matMul(tf.reshape(delta, [n, -1]), tf.transpose(tf.reshape(maps, [maps.shape[0], -1]))));
}
