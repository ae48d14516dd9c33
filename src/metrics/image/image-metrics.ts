/**
 * Every image metric of a generator at once, against MNIST-like test images, through a trained
 * classifier (its features for the Fréchet distance and precision/recall, its probabilities for
 * the classifier score and the class coverage) and in pixel space (Parzen window).
 */
import type { ImageDataset } from '../../data/image-dataset.js';
import type { ConvClassifier } from '../../models/conv-classifier.js';
import { classCoverage, type ClassCoverage } from './class-coverage.js';
import { classifierOutputs, type ClassifierOutputs } from './classifier-outputs.js';
import { classifierScore } from './classifier-score.js';
import { featureMoments, type FeatureMoments } from './feature-moments.js';
import { frechetDistance } from './frechet-distance.js';
import { labelAccuracy, type LabelAccuracy } from './label-accuracy.js';
import { parzenLogLikelihood, type ParzenResult } from './parzen.js';
import { kthNeighbourSquaredRadii, precisionRecall } from './precision-recall.js';

export interface ImageMetricsOptions {
  /** Test images to compare with (the first ones of `test`; default all). */
  readonly testCount?: number;
  /** Parzen window: test images, generated samples and validation images (held-out training
   *  images, the last ones of `train`); false to skip it. */
  readonly parzen?: { readonly testCount: number; readonly sampleCount: number; readonly validationCount: number } | false;
  /** k of precision/recall (default 3). */
  readonly k?: number;
  /** Coverage threshold (default 1 % of the samples). */
  readonly coverageThreshold?: number;
  /**
   * A class-conditional generator's samples: the class each was generated with (then the metrics
   * include {@link LabelAccuracy}, and the reference row the classifier's accuracy on its images).
   */
  readonly labels?: ArrayLike<number>;
}

/** Every metric of `tsgan eval`: the classifier's ({@link ClassifierMetrics}), a reference row and the Parzen window. */
export interface ImageMetrics extends ClassifierMetrics {
  /** The same metrics for the last training images against the test images: roughly what a generator that reproduces the training data would score. */
  readonly reference?: {
    readonly images: number;
    readonly frechetDistance: number;
    readonly classifierScore: number;
    readonly precision: number;
    readonly recall: number;
    readonly classesCovered: number;
    /** With `labels`: the classifier's accuracy on these images' true labels. */
    readonly labelAccuracy?: number;
  };
  readonly parzen?: ParzenResult;
}

/** Images first … first + count − 1 of a data set as row-major values in [−1, 1]. */
export function datasetImages(data: ImageDataset, first: number, count: number): Float32Array {
  const out = new Float32Array(count * data.dim);
  for (let i = 0; i < count; i++) data.writeImage(first + i, out, i * data.dim);
  return out;
}

/** [−1, 1] → [0, 1], the pixel scale of the Parzen protocol. */
function unitScale(x: ArrayLike<number>): Float64Array {
  return Float64Array.from(x as ArrayLike<number>, (v) => (v + 1) / 2);
}

/**
 * What every evaluation against the same test images shares, computed once: the classifier's outputs
 * for the first `count` test images, their feature moments and their k-th-neighbour radii.
 */
export interface ImageReference {
  readonly outputs: ClassifierOutputs;
  readonly moments: FeatureMoments;
  readonly squaredRadii: Float64Array;
  readonly k: number;
}

/** The {@link ImageReference} of the first `count` images of `test` (all by default), k of precision/recall 3 by default. */
export function imageReference(classifier: ConvClassifier, test: ImageDataset, count = test.count, k = 3): ImageReference {
  const outputs = classifierOutputs(classifier, datasetImages(test, 0, Math.min(count, test.count)));
  return { outputs, moments: featureMoments(outputs.features, outputs.featureDim), squaredRadii: kthNeighbourSquaredRadii(outputs.features, outputs.featureDim, k), k };
}

/** The classifier-based metrics of a set of images (their classifier outputs `gen`) against a reference. */
export interface ClassifierMetrics {
  readonly samples: number;
  readonly testImages: number;
  /** Fréchet distance between the classifier features of the samples and of the test images. */
  readonly frechetDistance: number;
  /** exp(E KL(p(y|x) ‖ p(y))) of the samples, in [1, 10]. */
  readonly classifierScore: number;
  readonly coverage: ClassCoverage;
  readonly precision: number;
  readonly recall: number;
  readonly k: number;
  /** Only for a class-conditional generator (given the samples' labels): {@link labelAccuracy}. */
  readonly labelAccuracy?: LabelAccuracy;
}

/**
 * Fréchet distance, classifier score, class coverage (threshold: `coverageThreshold` of the samples,
 * default 1 %) and precision/recall of images with classifier outputs `gen` against `ref`; with
 * `labels` (the class each image was generated with) also their label accuracy.
 */
export function classifierMetrics(gen: ClassifierOutputs, ref: ImageReference, coverageThreshold = 0.01, labels?: ArrayLike<number>): ClassifierMetrics {
  const real = ref.outputs;
  const pr = precisionRecall(real.features, gen.features, real.featureDim, ref.k, ref.squaredRadii);
  return {
    samples: gen.count,
    testImages: real.count,
    frechetDistance: frechetDistance(featureMoments(gen.features, gen.featureDim), ref.moments),
    classifierScore: classifierScore(gen.probs, gen.classes),
    coverage: classCoverage(gen.predicted, gen.classes, coverageThreshold),
    precision: pr.precision,
    recall: pr.recall,
    k: ref.k,
    ...(labels === undefined ? {} : { labelAccuracy: labelAccuracy(gen.predicted, labels, gen.classes) }),
  };
}

/**
 * The metrics (see {@link ImageMetrics}) of generated images `fake` (row-major, values in [−1, 1],
 * the classifier's image size) against the labelled `test` images; `train` gives the Parzen
 * validation images and the reference row (its last images, which the classifier never saw as test).
 */
export function imageMetrics(classifier: ConvClassifier, fake: ArrayLike<number>, test: ImageDataset, train: ImageDataset, options: ImageMetricsOptions = {}): ImageMetrics {
  const ref = imageReference(classifier, test, options.testCount ?? test.count, options.k ?? 3);
  const gen = classifierOutputs(classifier, fake);
  const refCount = Math.min(gen.count, train.count);
  const first = train.count - refCount;
  const trueLabels = options.labels !== undefined && train.labels !== undefined ? train.labels.subarray(first, first + refCount) : undefined;
  const own = classifierMetrics(classifierOutputs(classifier, datasetImages(train, first, refCount)), ref, 0.01, trueLabels);
  let parzen: ParzenResult | undefined;
  if (options.parzen) {
    const p = options.parzen;
    const dim = test.dim;
    const pTest = unitScale(datasetImages(test, 0, Math.min(p.testCount, test.count)));
    const pValid = unitScale(datasetImages(train, train.count - Math.min(p.validationCount, train.count), Math.min(p.validationCount, train.count)));
    const used = Math.min(p.sampleCount, gen.count) * dim;
    const pSamples = unitScale(ArrayBuffer.isView(fake) ? (fake as Float64Array).subarray(0, used) : Array.from({ length: used }, (_, i) => fake[i]));
    parzen = parzenLogLikelihood(pTest, pValid, pSamples, dim);
  }
  return {
    ...classifierMetrics(gen, ref, options.coverageThreshold ?? 0.01, options.labels),
    reference: {
      images: refCount,
      frechetDistance: own.frechetDistance,
      classifierScore: own.classifierScore,
      precision: own.precision,
      recall: own.recall,
      classesCovered: own.coverage.classesCovered,
      ...(own.labelAccuracy === undefined ? {} : { labelAccuracy: own.labelAccuracy.accuracy }),
    },
    ...(parzen === undefined ? {} : { parzen }),
  };
}
