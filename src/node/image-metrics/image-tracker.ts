/**
 * Image metrics during training: for a run on 28×28 grey images, a snapshot analyzer that scores
 * each snapshot's samples with the MNIST classifier (the user's own from `tsgan classifier train`, else
 * the one shipped with tsgan: classifier-cache.ts classifierToUse) against the first TRACK_TEST_IMAGES
 * MNIST test images, adding an `images` record to metrics.jsonl (src/metrics/image/image-track-record.ts)
 * that curves.png and the summary show. A classifier that does not load gives a note and no records:
 * training never depends on it.
 */
import type { Dataset } from '../../data/distribution.js';
import { ImageDataset } from '../../data/image-dataset.js';
import { classifierMetrics, classifierOutputs, imageReference, imageTrackRecord, type ImageReference } from '../../metrics/image/index.js';
import type { ConvClassifier } from '../../models/conv-classifier.js';
import { classifierToUse, loadClassifierModel } from './classifier-cache.js';
import { mnistDataset } from '../data/idx-files.js';
import type { SnapshotAnalyzer } from '../run/train-run.js';

/** Test images each snapshot is compared with (`tsgan eval` uses all 10,000). */
export const TRACK_TEST_IMAGES = 2000;

/** Whether data are images the MNIST classifier can read (28×28, one channel). */
export function isMnistLike(dataset: unknown): dataset is ImageDataset {
  return dataset instanceof ImageDataset && dataset.height === 28 && dataset.width === 28 && dataset.channels === 1;
}

/** A snapshot analyzer with the classifier it holds (dispose it after the run), or why there is none. */
export interface ImageTracker {
  readonly analyzer?: SnapshotAnalyzer;
  /** One line for the user when the data are images but no analyzer could be made. */
  readonly note?: string;
  dispose(): void;
}

/**
 * The image tracker of a run on `dataset`: an analyzer when the data are MNIST-like and the classifier
 * at `classifierPath` loads; otherwise none, with a note saying why (nothing at all for other data).
 */
export function imageTrackerFor(dataset: Dataset, classifierPath = classifierToUse().path): ImageTracker {
  const none = (note?: string): ImageTracker => ({ note, dispose: () => undefined });
  if (!isMnistLike(dataset)) return none();
  let model: ConvClassifier;
  try {
    model = loadClassifierModel(classifierPath).model;
  } catch (e) {
    return none(`image metrics during training are off: ${(e as Error).message}`);
  }
  let reference: ImageReference | undefined; // computed at the first snapshot
  const analyzer: SnapshotAnalyzer = (trainer, snapshot) => {
    reference ??= imageReference(model, mnistDataset('test'), TRACK_TEST_IMAGES);
    const outputs = classifierOutputs(model, snapshot.fake);
    // A conditional run's snapshot sample i has label i mod 10: its label accuracy comes too.
    return imageTrackRecord(snapshot.step, classifierMetrics(outputs, reference, 0.01, trainer.sampleLabels(outputs.count)));
  };
  return { analyzer, dispose: () => model.dispose() };
}
