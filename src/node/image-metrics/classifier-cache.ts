/**
 * The trained MNIST classifier of the image metrics, stored as one JSON file with a SHA-256 checksum
 * of its payload (like checkpoints), written atomically. Default place:
 * `$TSGAN_CACHE_DIR/mnist-classifier.json`, else `~/.cache/tsgan/mnist-classifier.json`; without one
 * there, the classifier shipped with tsgan is used ({@link classifierToUse}).
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { ConvClassifier } from '../../models/conv-classifier.js';
import { createRng } from '../../random/rng.js';
import { parseChecksummedFile, writeChecksummedFile } from '../files/checksummed-file.js';
import { ClassifierCacheError, type ClassifierInfo, type StoredClassifier } from './classifier-types.js';
import { decodeShippedClassifier, isShippedClassifierFile, shippedClassifierPath } from './shipped-classifier.js';
import { makeFolder } from '../files/make-folder.js';

export const CLASSIFIER_FORMAT = 'tsgan-classifier';
export const CLASSIFIER_VERSION = 1;

export { ClassifierCacheError, type ClassifierInfo, type StoredClassifier } from './classifier-types.js';

/** The default file of the MNIST classifier (see the file comment). */
export function defaultClassifierPath(): string {
  const dir = process.env.TSGAN_CACHE_DIR;
  return join(dir !== undefined && dir !== '' ? dir : join(homedir(), '.cache', 'tsgan'), 'mnist-classifier.json');
}

/** Writes the classifier to `path` atomically, creating its folder. */
export function saveClassifier(path: string, stored: StoredClassifier): void {
  makeFolder(dirname(path));
  const payload = JSON.stringify({
    info: stored.info,
    weights: stored.weights.map((w) => ({ name: w.name, shape: [...w.shape], base64: Buffer.from(w.values.buffer, w.values.byteOffset, w.values.byteLength).toString('base64') })),
  });
  writeChecksummedFile(path, CLASSIFIER_FORMAT, CLASSIFIER_VERSION, payload);
}

/**
 * Reads and verifies a classifier file — the cache's checksummed JSON, or the shipped binary format
 * (./shipped-classifier.ts) — and throws {@link ClassifierCacheError} with one line on any problem.
 */
export function loadClassifier(path: string): StoredClassifier {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    throw new ClassifierCacheError(`no MNIST classifier at ${path}: give the path of one made by \`tsgan classifier train\` (about 2 minutes on 2 cores with the native engine, 10–30 on wasm), or leave --classifier out to use the one shipped with tsgan`);
  }
  if (isShippedClassifierFile(bytes)) return decodeShippedClassifier(bytes, path);
  const text = bytes.toString('utf8');
  const retrain = 'run `tsgan classifier train` again';
  const e = parseChecksummedFile(text);
  if (e === undefined || e.format !== CLASSIFIER_FORMAT) throw new ClassifierCacheError(`${path}: not a tsgan classifier file (or truncated): ${retrain}`);
  if (e.version !== CLASSIFIER_VERSION) throw new ClassifierCacheError(`${path}: classifier format version ${e.version} is not supported by this tsgan (needs ${CLASSIFIER_VERSION}): ${retrain}`);
  if (!e.checksumOk) throw new ClassifierCacheError(`${path}: checksum mismatch, the classifier file was modified or damaged: ${retrain}`);
  const p = JSON.parse(e.payload) as { info: ClassifierInfo; weights: { name: string; shape: number[]; base64: string }[] };
  const weights = p.weights.map((t) => {
    const bytes = Buffer.from(t.base64, 'base64');
    const size = t.shape.reduce((a, b) => a * b, 1);
    if (bytes.byteLength !== size * 4) throw new ClassifierCacheError(`${path}: tensor ${t.name} does not match its shape [${t.shape}]: ${retrain}`);
    const values = new Float32Array(size);
    new Uint8Array(values.buffer).set(bytes);
    return { name: t.name, shape: t.shape, values };
  });
  return { info: p.info, weights };
}

/** The stored classifier as a network, and its info; the caller disposes `model`. */
export function loadClassifierModel(path: string): { model: ConvClassifier; info: ClassifierInfo } {
  const stored = loadClassifier(path);
  const model = ConvClassifier.create(stored.info.shape, createRng(0));
  try {
    model.setWeights(stored.weights);
  } catch (e) {
    model.dispose();
    throw new ClassifierCacheError(`${path}: ${(e as Error).message}: run \`tsgan classifier train\` again`);
  }
  return { model, info: stored.info };
}

/** Which classifier the image metrics use, and where it is. */
export interface ClassifierChoice {
  readonly path: string;
  /** `asked` (--classifier FILE), `cache` (the user's own, made by `tsgan classifier train`), or `shipped`. */
  readonly kind: 'asked' | 'cache' | 'shipped';
}

/**
 * The classifier the image metrics use: `asked` (--classifier FILE) when given; else the user's own
 * ({@link defaultClassifierPath}) when it exists; else the one shipped with tsgan (./shipped-classifier.ts).
 */
export function classifierToUse(asked?: string): ClassifierChoice {
  if (asked !== undefined) return { path: asked, kind: 'asked' };
  const cache = defaultClassifierPath();
  if (existsSync(cache)) return { path: cache, kind: 'cache' };
  return { path: shippedClassifierPath() ?? cache, kind: 'shipped' };
}
