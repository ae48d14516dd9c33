/** Decoding and inspecting rendered PNGs in the plot tests (not a test file itself). */
import assert from 'node:assert/strict';
import { PNG } from 'pngjs';

export interface Image {
  readonly width: number;
  readonly height: number;
  /** RGBA bytes, row-major, row 0 at the top. */
  readonly data: Buffer;
}

export type Rgb = readonly [number, number, number];

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Asserts the PNG signature and decodes the image. */
export function decodePng(png: Buffer): Image {
  assert.ok(Buffer.isBuffer(png), 'expected a Buffer');
  assert.deepEqual(png.subarray(0, 8), SIGNATURE, 'PNG signature');
  const image = PNG.sync.read(png);
  return { width: image.width, height: image.height, data: image.data };
}

/** Colour at (x, y). */
export function pixel(img: Image, x: number, y: number): Rgb {
  const k = 4 * (y * img.width + x);
  return [img.data[k], img.data[k + 1], img.data[k + 2]];
}

/** Relative luminance in [0, 255] (Rec. 709 weights on the encoded values). */
export function luminance([r, g, b]: Rgb): number {
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Parses "#rrggbb". */
export function hex(color: string): Rgb {
  const n = Number.parseInt(color.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** Number of distinct RGB colours. */
export function distinctColors(img: Image): number {
  const seen = new Set<number>();
  for (let k = 0; k < img.data.length; k += 4) seen.add((img.data[k] << 16) | (img.data[k + 1] << 8) | img.data[k + 2]);
  return seen.size;
}

/** Pixels for which `match` holds: their count and centroid (NaN when none). */
export function pixelsWhere(
  img: Image,
  match: (c: Rgb, x: number, y: number) => boolean,
  region: { x0?: number; y0?: number; x1?: number; y1?: number } = {},
): { count: number; cx: number; cy: number } {
  const { x0 = 0, y0 = 0, x1 = img.width, y1 = img.height } = region;
  let count = 0;
  let sx = 0;
  let sy = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      if (match(pixel(img, x, y), x, y)) {
        count++;
        sx += x;
        sy += y;
      }
    }
  }
  return { count, cx: sx / count, cy: sy / count };
}

/** A matcher for colours within `tol` of `target` on every channel. */
export function near(target: Rgb | string, tol = 12): (c: Rgb) => boolean {
  const t = typeof target === 'string' ? hex(target) : target;
  return (c) => Math.abs(c[0] - t[0]) <= tol && Math.abs(c[1] - t[1]) <= tol && Math.abs(c[2] - t[2]) <= tol;
}

/** Number of pixels that differ between two images of the same size. */
export function differingPixels(a: Image, b: Image): number {
  assert.equal(a.width, b.width);
  assert.equal(a.height, b.height);
  let n = 0;
  for (let k = 0; k < a.data.length; k += 4) {
    if (a.data[k] !== b.data[k] || a.data[k + 1] !== b.data[k + 1] || a.data[k + 2] !== b.data[k + 2]) n++;
  }
  return n;
}

/** Asserts a sensible plot: size in range, white corner, many colours, dark text near the top. */
export function assertLooksLikePlot(img: Image, opts: { minWidth?: number; maxWidth?: number; minColors?: number } = {}): void {
  const { minWidth = 800, maxWidth = 2400, minColors = 50 } = opts;
  assert.ok(img.width >= minWidth && img.width <= maxWidth, `width ${img.width} not in [${minWidth}, ${maxWidth}]`);
  assert.ok(img.height >= 200 && img.height <= 2400, `height ${img.height} not in [200, 2400]`);
  assert.deepEqual(pixel(img, 0, 0), [255, 255, 255], 'white background');
  assert.ok(distinctColors(img) >= minColors, `only ${distinctColors(img)} colours`);
}

/** Dark pixels (luminance < 100) in the top `fraction` of the image: the title's text. */
export function darkPixelsInTitleBand(img: Image, fraction = 0.08): number {
  return pixelsWhere(img, (c) => luminance(c) < 100, { y1: Math.round(img.height * fraction) }).count;
}

/**
 * Runs `f` and returns its result with its wall time and the process's CPU time (user + system,
 * all threads, in ms). Tests bound the CPU time: wall time also counts whatever else the machine
 * runs (test files run two at a time), CPU time only the render's own work.
 */
export async function timed<T>(f: () => Promise<T>): Promise<{ result: T; wallMs: number; cpuMs: number }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await f();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { result, wallMs, cpuMs: (cpu.user + cpu.system) / 1000 };
}
