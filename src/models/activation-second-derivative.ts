/**
 * Second derivatives of the activations, expressed through the output y = act(z), for the
 * hand-written double backpropagation of gradient penalties (see ./input-gradient.ts):
 *   relu'' = leakyRelu'' = 0 (almost everywhere);  tanh'' = −2y(1 − y²);  sigmoid'' = y(1 − y)(1 − 2y);
 *   softplus''(z) = σ(z)(1 − σ(z)) with σ(z) = 1 − e^(−y);  elu''(z) = e^z = y + 1 for y < 0, else 0;
 *   linear'' = 0.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ActivationName } from './activations.js';

/** act''(z) from y = act(z), elementwise, or null where it is identically 0 (relu, leakyRelu, linear). */
export function activationSecondDerivative<T extends tf.Tensor>(y: T, act: ActivationName): T | null {
  switch (act) {
    case 'relu':
    case 'leakyRelu':
    case 'linear':
      return null;
    case 'tanh':
      return tf.tidy(() => tf.mul(tf.mul(y, -2), tf.sub(1, tf.square(y))) as T);
    case 'sigmoid':
      return tf.tidy(() => tf.mul(tf.mul(y, tf.sub(1, y)), tf.sub(1, tf.mul(y, 2))) as T);
    case 'softplus':
      return tf.tidy(() => {
        const s = tf.sub(1, tf.exp(tf.neg(y)));
        return tf.mul(s, tf.sub(1, s)) as T;
      });
    case 'elu':
      return tf.tidy(() => tf.where(tf.less(y, 0), tf.add(y, 1), tf.zerosLike(y)) as T);
  }
}
