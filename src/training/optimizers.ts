/**
 * One optimizer per player, built from its {@link OptimizerConfig}.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { OptimizerConfig } from './config.js';

/**
 * A TF.js optimizer for the settings. RMSProp uses TF.js's `decay` (= PyTorch's `alpha`) and is not
 * centered. Adam's ε is added to √v̂ as in PyTorch.
 */
export function createOptimizer(c: OptimizerConfig): tf.Optimizer {
  switch (c.name) {
    case 'adam':
      return tf.train.adam(c.learningRate, c.beta1, c.beta2, c.epsilon);
    case 'rmsprop':
      return tf.train.rmsprop(c.learningRate, c.decay, c.momentum, c.epsilon, false);
    case 'sgd':
      return tf.train.sgd(c.learningRate);
  }
}
