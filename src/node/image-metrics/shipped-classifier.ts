/**
 * The MNIST classifier shipped with tsgan (assets/mnist-classifier.bin), so that `tsgan eval` and the
 * image metrics during training work on a fresh install with no step before them. It is the one
 * `tsgan classifier train --seed 0` makes with its defaults (scripts/make-shipped-classifier.mjs turns
 * that into this file). A compact binary, all little-endian:
 *
 *   "TSGANCLS" · version u32 · SHA-256 (32 bytes) of everything after it · header length u32 ·
 *   header (UTF-8 JSON: the classifier's info, the tensors' names and shapes, the SHA-256 of the
 *   weights alone) · the weights as float32, tensor after tensor.
 *
 * A user's own classifier ($TSGAN_CACHE_DIR or ~/.cache/tsgan, or --classifier FILE) comes first
 * (classifier-cache.ts classifierToUse); the shipped one is used when there is none.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NamedWeights } from '../../models/mlp.js';
import { packageRoot } from '../files/package-root.js';
import { writeFileAtomic } from '../files/atomic-write.js';
import { ClassifierCacheError, type ClassifierInfo, type StoredClassifier } from './classifier-types.js';

const MAGIC = 'TSGANCLS';
export const SHIPPED_CLASSIFIER_VERSION = 1;

/** Where the shipped classifier is (inside the installed package), or undefined outside a package. */
export function shippedClassifierPath(): string | undefined {
  const root = packageRoot();
  return root === undefined ? undefined : join(root, 'assets', 'mnist-classifier.bin');
}

/** Whether `bytes` start like a shipped classifier file (its magic). */
export function isShippedClassifierFile(bytes: Buffer): boolean {
  return bytes.byteLength >= 8 && bytes.subarray(0, 8).toString('latin1') === MAGIC;
}

/** SHA-256 (hex) of weights as the shipped file stores them: float32 little-endian, tensor after tensor. */
export function weightsSha256(weights: readonly NamedWeights[]): string {
  const h = createHash('sha256');
  for (const w of weights) h.update(Buffer.from(w.values.buffer, w.values.byteOffset, w.values.byteLength));
  return h.digest('hex');
}

interface Header {
  readonly info: ClassifierInfo;
  readonly tensors: { name: string; shape: number[] }[];
  readonly weightsSha256: string;
}

/** The shipped file's bytes for `stored` (see the file comment). */
export function encodeShippedClassifier(stored: StoredClassifier): Buffer {
  const header: Header = { info: stored.info, tensors: stored.weights.map((w) => ({ name: w.name, shape: [...w.shape] })), weightsSha256: weightsSha256(stored.weights) };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.byteLength);
  const body = Buffer.concat([length, json, ...stored.weights.map((w) => Buffer.from(w.values.buffer, w.values.byteOffset, w.values.byteLength))]);
  const version = Buffer.alloc(4);
  version.writeUInt32LE(SHIPPED_CLASSIFIER_VERSION);
  return Buffer.concat([Buffer.from(MAGIC, 'latin1'), version, createHash('sha256').update(body).digest(), body]);
}

/** Writes the shipped classifier file atomically (scripts/make-shipped-classifier.mjs). */
export function writeShippedClassifier(path: string, stored: StoredClassifier): void {
  writeFileAtomic(path, encodeShippedClassifier(stored));
}

/**
 * Reads and verifies a shipped classifier file; throws {@link ClassifierCacheError} with one line
 * (what is wrong and the fix) when it is missing, truncated, of another version or damaged.
 */
export function decodeShippedClassifier(bytes: Buffer, path: string): StoredClassifier & { readonly weightsSha256: string } {
  const fix = 'reinstall tsgan, or run `tsgan classifier train` to make your own';
  const bad = (why: string) => new ClassifierCacheError(`${path}: ${why}: ${fix}`);
  if (bytes.byteLength < 48 || bytes.subarray(0, 8).toString('latin1') !== MAGIC) throw bad('not a tsgan classifier file (or truncated)');
  const version = bytes.readUInt32LE(8);
  if (version !== SHIPPED_CLASSIFIER_VERSION) throw bad(`classifier format version ${version} is not supported by this tsgan (needs ${SHIPPED_CLASSIFIER_VERSION})`);
  const body = bytes.subarray(44);
  if (!createHash('sha256').update(body).digest().equals(bytes.subarray(12, 44))) throw bad('checksum mismatch, the file was modified or damaged');
  const length = body.readUInt32LE(0);
  const header = JSON.parse(body.subarray(4, 4 + length).toString('utf8')) as Header;
  let at = 4 + length;
  const weights = header.tensors.map((t) => {
    const size = t.shape.reduce((a, b) => a * b, 1);
    if (at + 4 * size > body.byteLength) throw bad(`tensor ${t.name} is cut short`);
    const values = new Float32Array(size);
    new Uint8Array(values.buffer).set(body.subarray(at, at + 4 * size));
    at += 4 * size;
    return { name: t.name, shape: t.shape, values };
  });
  if (at !== body.byteLength) throw bad('bytes after the last tensor');
  return { info: header.info, weights, weightsSha256: header.weightsSha256 };
}

/** The shipped classifier, read and verified (see {@link decodeShippedClassifier}). */
export function loadShippedClassifier(path = shippedClassifierPath()): StoredClassifier & { readonly weightsSha256: string } {
  if (path === undefined || !existsSync(path)) throw new ClassifierCacheError(`no MNIST classifier: the one shipped with tsgan is missing${path === undefined ? '' : ` (${path})`}: reinstall tsgan, or run \`tsgan classifier train\` to make your own`);
  return decodeShippedClassifier(readFileSync(path), path);
}
