/**
 * The Stacked MNIST protocol on generated images (VEEGAN, PacGAN): the MNIST classifier names the
 * digit of each of the three channels, the triple is the image's mode (100·d₁ + 10·d₂ + d₃), and the
 * modes' histogram gives ./stacked-modes.ts's metrics.
 */
import type { ConvClassifier } from '../../models/conv-classifier.js';
import { imageChannel, stackedLabels } from '../../data/stacked-mnist.js';
import { classifierOutputs } from './classifier-outputs.js';
import { stackedModeMetrics, type StackedModeMetrics } from './stacked-modes.js';

/** The mode of each 3-channel image of `images` (row-major, channels last, values in [−1, 1]), by `model` on each channel. */
export function stackedModesOf(model: ConvClassifier, images: ArrayLike<number>): Uint16Array {
  const plane = model.shape.height * model.shape.width;
  const perChannel = [0, 1, 2].map((c) => classifierOutputs(model, imageChannel(images, plane, c)).predicted);
  const n = perChannel[0].length;
  const digits = new Int32Array(3 * n);
  for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) digits[3 * i + c] = perChannel[c][i];
  return stackedLabels(digits);
}

/** The Stacked MNIST mode metrics of generated `images`, with KL to `trainingLabels` (the data's modes) when given. */
export function stackedSampleModes(model: ConvClassifier, images: ArrayLike<number>, trainingLabels?: ArrayLike<number>): StackedModeMetrics {
  return stackedModeMetrics(stackedModesOf(model, images), trainingLabels);
}
