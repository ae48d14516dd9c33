/** What a stored MNIST classifier is made of, and the error of a classifier file that cannot be used. */
import type { ConvClassifierShape } from '../../models/conv-classifier.js';
import type { NamedWeights } from '../../models/mlp.js';
import { CheckpointError } from '../run/checkpoint.js';

/** A classifier file that cannot be used; one line with the fix (exit code 2, like a bad checkpoint). */
export class ClassifierCacheError extends CheckpointError {}

/** What a classifier file holds besides the weights. */
export interface ClassifierInfo {
  readonly shape: ConvClassifierShape;
  /** Accuracy on the test images it was evaluated on, and how many. */
  readonly testAccuracy: number;
  readonly testImages: number;
  readonly trainImages: number;
  readonly epochs: number;
  readonly seed: number;
  readonly trainSeconds: number;
}

export interface StoredClassifier {
  readonly info: ClassifierInfo;
  readonly weights: NamedWeights[];
}

