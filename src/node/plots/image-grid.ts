/**
 * A grid of images as a PNG (pngjs), e.g. generated digits from a fixed noise batch, so that a user
 * sees the same digits form over training. Values in [−1, 1] map to black…white.
 */
import { PNG } from 'pngjs';

export interface ImageGridInput {
  /** Row-major images, each height × width × channels values in [−1, 1] (clipped). */
  readonly images: ArrayLike<number>;
  readonly height: number;
  readonly width: number;
  /** 1 (grey) or 3 (RGB). */
  readonly channels: number;
  /** Images per row (default: ⌈√count⌉). */
  readonly columns?: number;
  /** Pixel scale factor (default 2) and gap between images in output pixels (default 2). */
  readonly scale?: number;
  readonly gap?: number;
}

/** The PNG bytes of the grid. */
export function imageGridPng(o: ImageGridInput): Buffer {
  const per = o.height * o.width * o.channels;
  const count = Math.floor(o.images.length / per);
  if (count < 1) throw new RangeError('imageGridPng needs at least one image');
  if (o.channels !== 1 && o.channels !== 3) throw new RangeError(`imageGridPng supports 1 or 3 channels, got ${o.channels}`);
  const cols = o.columns ?? Math.ceil(Math.sqrt(count));
  const rows = Math.ceil(count / cols);
  const s = o.scale ?? 2;
  const gap = o.gap ?? 2;
  const W = cols * o.width * s + (cols + 1) * gap;
  const H = rows * o.height * s + (rows + 1) * gap;
  const png = new PNG({ width: W, height: H });
  png.data.fill(255);
  const byte = (v: number) => Math.round(Math.min(1, Math.max(-1, Number.isFinite(v) ? v : 0)) * 127.5 + 127.5);
  for (let k = 0; k < count; k++) {
    const x0 = gap + (k % cols) * (o.width * s + gap);
    const y0 = gap + Math.floor(k / cols) * (o.height * s + gap);
    for (let y = 0; y < o.height; y++) {
      for (let x = 0; x < o.width; x++) {
        const base = k * per + (y * o.width + x) * o.channels;
        const r = byte(o.images[base]);
        const g = o.channels === 3 ? byte(o.images[base + 1]) : r;
        const b = o.channels === 3 ? byte(o.images[base + 2]) : r;
        for (let dy = 0; dy < s; dy++) {
          for (let dx = 0; dx < s; dx++) {
            const p = ((y0 + y * s + dy) * W + (x0 + x * s + dx)) * 4;
            png.data[p] = r;
            png.data[p + 1] = g;
            png.data[p + 2] = b;
            png.data[p + 3] = 255;
          }
        }
      }
    }
  }
  return PNG.sync.write(png);
}
