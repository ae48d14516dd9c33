/**
 * The record an image run adds to metrics.jsonl at each snapshot when a classifier is available
 * (`tsgan classifier train`): the classifier-based metrics of the snapshot's samples against a fixed
 * set of test images. Cheaper than `tsgan eval` (fewer images, no Parzen window), so the curves show
 * how the generator's images improve during training.
 */
import type { ClassifierMetrics } from './image-metrics.js';

export interface ImageTrackRecord {
  readonly type: 'images';
  /** Generator updates done. */
  readonly step: number;
  /** Generated images (the snapshot's) and test images compared. */
  readonly samples: number;
  readonly testImages: number;
  /** Fréchet distance between the classifier features of the samples and of the test images (0 is best). */
  readonly frechetDistance: number;
  /** exp(E KL(p(y|x) ‖ p(y))), in [1, classes]. */
  readonly classifierScore: number;
  /** Classes predicted for at least 1 % of the samples, and KL(class histogram ‖ uniform) in nats. */
  readonly classesCovered: number;
  readonly classKL: number;
  /** Precision and recall in feature space (Kynkäänniemi et al. 2019, k = 3). */
  readonly precision: number;
  readonly recall: number;
  /** Class-conditional runs only: the fraction of samples the classifier reads as the digit they were generated for. */
  readonly labelAccuracy?: number;
}

/** The record of metrics `m` at generator step `step`. */
export function imageTrackRecord(step: number, m: ClassifierMetrics): ImageTrackRecord {
  return {
    type: 'images',
    step,
    samples: m.samples,
    testImages: m.testImages,
    frechetDistance: m.frechetDistance,
    classifierScore: m.classifierScore,
    classesCovered: m.coverage.classesCovered,
    classKL: m.coverage.klFromUniform,
    precision: m.precision,
    recall: m.recall,
    ...(m.labelAccuracy === undefined ? {} : { labelAccuracy: m.labelAccuracy.accuracy }),
  };
}
