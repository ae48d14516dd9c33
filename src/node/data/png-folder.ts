/**
 * A folder of PNG images as an image data set (`--data DIR`): every `*.png` in DIR (sorted by name), or
 * one subfolder per class (`DIR/<class>/*.png`, classes numbered in the order of their sorted names),
 * all of one size. Grey images (R = G = B everywhere, alpha ignored) give 1 channel, others 3 (RGB).
 */
import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { DataError } from '../../data/index.js';
import { ImageDataset } from '../../data/image-dataset.js';
import { checkDataBytes, checkDataDimension, NO_DATA_LIMITS, type DataLimits } from '../../data/limits.js';

/** Most classes a folder of class subfolders may have (labels are bytes). */
const MAX_CLASSES = 256;

function pngFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.toLowerCase().endsWith('.png') && statSync(join(dir, f)).isFile())
    .sort()
    .map((f) => join(dir, f));
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * Width and height from a PNG's header (the IHDR chunk, which the format puts first: bytes 16–23),
 * read without decoding; undefined when the file does not start like a PNG (decoding then says why).
 */
export function pngHeaderSize(file: string): { width: number; height: number } | undefined {
  const head = Buffer.alloc(24);
  const fd = openSync(file, 'r');
  let n: number;
  try {
    n = readSync(fd, head, 0, 24, 0);
  } finally {
    closeSync(fd);
  }
  if (n < 24 || PNG_SIGNATURE.some((b, i) => head[i] !== b) || head.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  return { width: head.readUInt32BE(16), height: head.readUInt32BE(20) };
}

/**
 * Refuses, from the files' sizes and headers and before decoding anything, a folder whose images have
 * more values than `limits.maxDataDim` (at least width × height each) or whose decoded RGBA pixels take
 * more than `limits.maxDataBytes`; also images of different sizes (one-line DataErrors).
 */
function checkBeforeDecoding(files: readonly string[], label: string, limits: DataLimits): void {
  const source = `--data ${label}`;
  checkDataBytes(files.reduce((sum, f) => sum + statSync(f).size, 0), limits, source, 'the PNG files take');
  let first: { file: string; width: number; height: number } | undefined;
  for (const f of files) {
    const size = pngHeaderSize(f);
    if (size === undefined) continue;
    if (first === undefined) {
      first = { file: f, ...size };
      checkDataDimension(size.width * size.height, limits, `${source}: ${f} is ${size.width}×${size.height} pixels`, 'coordinates per image or more');
    } else if (size.width !== first.width || size.height !== first.height) {
      throw new DataError(`${source}: ${f} is ${size.width}×${size.height} but ${first.file} is ${first.width}×${first.height}: all images must have one size`);
    }
  }
  if (first !== undefined) checkDataBytes(4 * first.width * first.height * files.length, limits, source, 'decoded, the images take');
}

/** The images (RGBA bytes) of `files`, all of one size; one-line DataError naming the file otherwise. */
function decodeAll(files: readonly string[], label: string): { rgba: Buffer[]; height: number; width: number } {
  const rgba: Buffer[] = [];
  let height = 0;
  let width = 0;
  for (const f of files) {
    let png: PNG;
    try {
      png = PNG.sync.read(readFileSync(f));
    } catch (e) {
      throw new DataError(`--data ${label}: ${f} is not a readable PNG (${(e as Error).message}): remove or replace it`);
    }
    if (rgba.length === 0) {
      height = png.height;
      width = png.width;
    } else if (png.height !== height || png.width !== width) {
      throw new DataError(`--data ${label}: ${f} is ${png.width}×${png.height} but ${files[0]} is ${width}×${height}: all images must have one size`);
    }
    rgba.push(png.data);
  }
  return { rgba, height, width };
}

/**
 * The data set of the folder `dir` (see the file comment); `label` names it in messages. Images beyond
 * `limits` are refused from their headers, before any is decoded.
 */
export function imageDatasetFromPngFolder(dir: string, label: string, limits: DataLimits = NO_DATA_LIMITS): ImageDataset {
  let files = pngFiles(dir);
  let labels: Uint8Array | undefined;
  if (files.length === 0) {
    const classes = readdirSync(dir).filter((f) => statSync(join(dir, f)).isDirectory()).sort();
    if (classes.length > MAX_CLASSES) throw new DataError(`--data ${label}: ${classes.length} class folders; at most ${MAX_CLASSES}`);
    const perClass = classes.map((c) => pngFiles(join(dir, c)));
    files = perClass.flat();
    labels = Uint8Array.from(perClass.flatMap((fs, k) => fs.map(() => k)));
  }
  if (files.length === 0) throw new DataError(`--data ${label}: the folder holds no .png images (nor class subfolders of them): give a folder of PNGs, a points file, a preset name or a JSON spec`);
  checkBeforeDecoding(files, label, limits);
  const { rgba, height, width } = decodeAll(files, label);
  const grey = rgba.every((d) => {
    for (let i = 0; i < d.length; i += 4) if (d[i] !== d[i + 1] || d[i] !== d[i + 2]) return false;
    return true;
  });
  const channels = grey ? 1 : 3;
  const pixels = new Uint8Array(files.length * height * width * channels);
  rgba.forEach((d, n) => {
    const base = n * height * width * channels;
    for (let p = 0; p < height * width; p++) for (let c = 0; c < channels; c++) pixels[base + p * channels + c] = d[p * 4 + c];
  });
  return new ImageDataset(label, pixels, height, width, channels, labels);
}
